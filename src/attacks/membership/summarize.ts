import { createRng } from '../../data/rng.js'
import {
  advantageOfGroups, bootstrapGroupStatistics, delongOfGroups, dkwAdvantageInterval, downsampleRoc, rocOfGroups, scoreHistogram, tprAtFprOfGroups,
  type GroupStatisticRequest,
} from '../../metrics/index.js'
import { sortWithLabels } from '../../metrics/radix-sort.js'
import { groupSortedScores, groupTaggedScores, type ScoreGroups } from '../../metrics/score-groups.js'
import { expectScores, throwNaN } from '../../metrics/validate.js'
import { epsilonLowerBoundOfGroups } from '../../privacy/roc-epsilon.js'
import type { AttackScores } from './attack.js'
import type { ClassSlice, MembershipAttackId, MembershipResult } from './types.js'

/** Significance of `empiricalEpsilon`: the bound holds with probability ≥ 95%. */
export const EMPIRICAL_EPSILON_ALPHA = 0.05

/** FPR levels reported in `tprAtFpr` (docs/architecture.md#the-data-that-flows-through-an-audit). */
export const FPR_LEVELS = ['0.01', '0.001'] as const

/** What {@link summarizeScores} computes besides the point estimates (see {@link MembershipOptions}). */
export interface SummaryOptions {
  /** The bootstrap intervals of every TPR level. Default true. */
  intervals?: boolean
  /** The chart aggregates (`charts`) a report draws. Default false. */
  charts?: boolean
}

/** True class of every member and non-member, in the order of the scores. */
export interface ScoreLabels {
  members: Int32Array
  nonMembers: Int32Array
}

/**
 * Turns per-record scores into the aggregates of a {@link MembershipResult}. The scores themselves
 * are not kept: a report must not let a reader re-identify members.
 *
 * - `auc` and its DeLong 95% interval, `advantage`, and TPR at 0.01, 0.001 and every level of
 *   `fprLevels`, all from one sort of the scores;
 * - `advantageInterval`: the 95% DKW–Massart interval ({@link dkwAdvantageInterval}): the advantage
 *   is the Kolmogorov–Smirnov distance between the member and non-member scores, and each empirical
 *   CDF lies within √(ln(4/α)/(2k)) of its distribution. Coverage guaranteed at every size and for
 *   any scores (the percentile bootstrap of a maximum is not reliable near no leakage), independent
 *   of the seed (a gate on its upper end cannot flip on reseeding), O(1); wider than a bootstrap.
 *   Always there, like the AUC's DeLong interval;
 * - each `tprAtFpr[level].interval`: 95% stratified percentile bootstrap
 *   ({@link bootstrapGroupStatistics}, 500 replicates). Each level has its own random stream, derived from
 *   `seed` and the level as written in `tprAtFpr`, so the same seed gives the same intervals and
 *   asking for another level changes none of the others;
 * - `empiricalEpsilon`: the Clopper–Pearson ε lower bound at 95% over all thresholds (Bonferroni),
 *   for (ε, `delta`) claims (privacy/roc-epsilon.ts);
 * - `worstClass`: among the true classes with ≥ 2 members and ≥ 2 non-members, the one whose AUC
 *   (restricted to its records) is highest, ties going to the lowest class index, with its DeLong
 *   interval; only when at least two classes qualify;
 * - `charts` (only with `options.charts`): what a report draws — the ROC curve thinned to ≤ ~200
 *   points and 30-bin histograms of member and non-member scores (counts only, never a record's score).
 *
 * `options.intervals: false` leaves out the bootstrap intervals (each `tprAtFpr[level].interval`),
 * the largest cost on large sets; the DeLong interval of the AUC (one pass) and the DKW interval of
 * the advantage (a formula) are always there.
 *
 * Throws a `RangeError` when a label array's length differs from its scores' or a label is not a
 * non-negative class index.
 */
export function summarizeScores(
  attack: MembershipAttackId,
  scores: AttackScores,
  labels: ScoreLabels,
  seed: number,
  fprLevels: readonly number[] = [],
  delta?: number,
  options: SummaryOptions = {},
): MembershipResult {
  const intervals = options.intervals ?? true
  checkLabels('members', scores.members, labels.members)
  checkLabels('nonMembers', scores.nonMembers, labels.nonMembers)
  // One sort serves every metric, every bootstrap and the worst-class search.
  const { groups, tagged } = sortScores(scores, labels)
  const { auc, interval } = delongOfGroups(groups)
  const tpr = {} as MembershipResult['tprAtFpr']
  for (const level of [...FPR_LEVELS.map(Number), ...fprLevels]) {
    const key = String(level)
    if (!(key in tpr)) tpr[key] = tprAtFprOfGroups(groups, level)
  }
  if (intervals) {
    // One resampler serves every level; each keeps its own stream.
    const keys = Object.keys(tpr)
    const requests: GroupStatisticRequest[] = keys.map((key) => ({ statistic: { tprAtFpr: Number(key) }, random: stream(seed, `tprAtFpr:${key}`) }))
    const found = bootstrapGroupStatistics(groups, requests)
    keys.forEach((key, i) => { tpr[key] = { ...tpr[key], interval: found[i] } })
  }
  const worst = worstClass(tagged)
  const advantage = advantageOfGroups(groups)
  return {
    attack,
    auc,
    aucInterval: interval,
    advantage,
    advantageInterval: dkwAdvantageInterval(advantage, groups.memberCount, groups.nonMemberCount),
    tprAtFpr: tpr,
    // A Clopper–Pearson bound per threshold costs far more than the AUC: only when a δ was given.
    ...(delta === undefined ? {} : { empiricalEpsilon: epsilonLowerBoundOfGroups(groups, { alpha: EMPIRICAL_EPSILON_ALPHA, delta }) }),
    ...(worst ? { worstClass: worst } : {}),
    members: scores.members.length,
    nonMembers: scores.nonMembers.length,
    seed,
    ...(options.charts ? { charts: { roc: downsampleRoc(rocOfGroups(groups)), histogram: scoreHistogram(scores.members, scores.nonMembers) } } : {}),
  }
}

/** The random stream of one bootstrap statistic: a function of (`seed`, `key`) alone. */
function stream(seed: number, key: string): () => number {
  // FNV-1a of the key, mixed into the seed's first draw; createRng's splitmix seeding then makes the
  // streams of different keys unrelated.
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  const rng = createRng((createRng(seed).seed() ^ h) >>> 0)
  return rng.next
}

/** Both sides' scores in one ascending order, each tagged 2·class + side (0 member, 1 non-member). */
interface TaggedScores {
  sorted: Float64Array
  tags: Int32Array
  /** `counts[2c]`: members of class c; `counts[2c + 1]`: its non-members. */
  counts: Int32Array
}

/**
 * Both sides in one radix sort, each score tagged 2·class + side: one scan of that order gives the
 * groups (no merge), another every class's AUC (no per-class sort).
 */
function sortScores(scores: AttackScores, labels: ScoreLabels): { groups: ScoreGroups; tagged: TaggedScores } {
  const members = scores.members, nonMembers = scores.nonMembers
  expectScores('memberScores', members)
  expectScores('nonMemberScores', nonMembers)
  const classes = Math.max(maxLabel(labels.members), maxLabel(labels.nonMembers)) + 1
  const n = members.length, m = nonMembers.length
  const all = new Float64Array(n + m)
  all.set(members)
  all.set(nonMembers, n)
  const tags = new Int32Array(n + m)
  const counts = new Int32Array(2 * classes)
  const ym = labels.members, yn = labels.nonMembers
  for (let i = 0; i < n; i++) { const t = 2 * ym[i]; tags[i] = t; counts[t]++ }
  for (let j = 0; j < m; j++) { const t = 2 * yn[j] + 1; tags[n + j] = t; counts[t]++ }
  const sorted = sortWithLabels(all, tags)
  // NaN sorts to an end; the message names the side and index as the metrics do (members first).
  if (Number.isNaN(sorted.scores[0]) || Number.isNaN(sorted.scores[n + m - 1])) {
    if (members.some(Number.isNaN)) throwNaN('memberScores', members)
    throwNaN('nonMemberScores', nonMembers)
  }
  return { groups: groupTaggedScores(sorted.scores, sorted.labels, n, m), tagged: { sorted: sorted.scores, tags: sorted.labels, counts } }
}

/** The class the attack separates best (reported as `worstClass`, docs/architecture.md#metrics), or undefined. */
function worstClass({ sorted, tags, counts }: TaggedScores): ClassSlice | undefined {
  const classes = counts.length / 2
  const qualifies = (c: number) => counts[2 * c] >= 2 && counts[2 * c + 1] >= 2
  let qualifying = 0
  for (let c = 0; c < classes; c++) if (qualifies(c)) qualifying++
  if (qualifying < 2) return undefined
  // Every class's AUC from one scan; DeLong's interval for the winner only, on its own scores.
  const u2 = doubledUByClass(sorted, tags, classes)
  let best = -1, bestAuc = 0
  for (let c = 0; c < classes; c++) {
    if (!qualifies(c)) continue
    // As aucOfGroups computes it: the exact integer sum, one division.
    const auc = u2[c] / (2 * counts[2 * c] * counts[2 * c + 1])
    if (best < 0 || auc > bestAuc) { best = c; bestAuc = auc }
  }
  const [a, b] = classScores(sorted, tags, best, counts)
  const { auc, interval } = delongOfGroups(groupSortedScores(a, b))
  return { class: best, auc, aucInterval: interval, members: counts[2 * best], nonMembers: counts[2 * best + 1] }
}

/**
 * Per class, the doubled Mann–Whitney U of its members against its non-members (aucOfGroups' u2):
 * each member adds 2 × its class's non-members below its score + those tied with it. Sums of
 * integers below 2^53, so exact in any order: the AUCs equal aucOfGroups' of each class bit for bit.
 */
function doubledUByClass(sorted: Float64Array, tags: Int32Array, classes: number): Float64Array {
  const u2 = new Float64Array(classes), below = new Float64Array(classes), tied = new Float64Array(classes)
  const total = sorted.length
  let i = 0
  while (i < total) {
    const v = sorted[i]
    let end = i + 1
    while (end < total && sorted[end] === v) end++
    if (end === i + 1) {
      const t = tags[i], c = t >> 1
      if ((t & 1) === 1) below[c]++
      else u2[c] += 2 * below[c]
    } else {
      // A run of equal scores: its non-members tie with its members, then count as below.
      for (let k = i; k < end; k++) if ((tags[k] & 1) === 1) tied[tags[k] >> 1]++
      for (let k = i; k < end; k++) {
        const t = tags[k], c = t >> 1
        if ((t & 1) === 0) u2[c] += 2 * below[c] + tied[c]
      }
      for (let k = i; k < end; k++) {
        const c = tags[k] >> 1
        below[c] += tied[c]
        tied[c] = 0
      }
    }
    i = end
  }
  return u2
}

/** Class c's member and non-member scores, each ascending (filtered from `sorted` in one pass). */
function classScores(sorted: Float64Array, tags: Int32Array, c: number, counts: Int32Array): [Float64Array, Float64Array] {
  const members = new Float64Array(counts[2 * c]), nonMembers = new Float64Array(counts[2 * c + 1])
  // Two named arrays, not a pair indexed by the side: V8 deoptimised that form on every call.
  const memberTag = 2 * c, nonMemberTag = 2 * c + 1
  let k = 0, l = 0
  for (let i = 0; i < sorted.length; i++) {
    const t = tags[i]
    if (t === memberTag) members[k++] = sorted[i]
    else if (t === nonMemberTag) nonMembers[l++] = sorted[i]
  }
  return [members, nonMembers]
}

function checkLabels(what: 'members' | 'nonMembers', scores: Float64Array, labels: Int32Array): void {
  if (!(labels instanceof Int32Array)) throw new TypeError(`labels.${what}: expected an Int32Array of class indices`)
  if (labels.length !== scores.length) {
    throw new RangeError(`labels.${what}: expected one label per score (${scores.length}), found ${labels.length}`)
  }
}

function maxLabel(labels: Int32Array): number {
  let max = -1
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]
    if (y < 0) throw new RangeError(`labels: expected non-negative class indices, found ${y} at index ${i}`)
    if (y > max) max = y
  }
  return max
}
