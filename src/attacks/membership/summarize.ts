import { createRng } from '../../data/rng.js'
import {
  advantageOfGroups, bootstrapGroupStatistics, delongOfGroups, dkwAdvantageInterval, downsampleRoc, rocOfGroups, scoreHistogram, tprAtFprOfGroups,
  type GroupStatisticRequest,
} from '../../metrics/index.js'
import { groupSortedScores } from '../../metrics/score-groups.js'
import { sortTaggedScores, type PickedClass } from '../../metrics/tagged-scores.js'
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
  const { groups, picked } = sortTaggedScores(scores.members, scores.nonMembers, labels.members, labels.nonMembers, { pick: pickWorstClass })
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
    ...(picked ? { worstClass: worstClass(picked) } : {}),
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

/**
 * The class the attack separates best (reported as `worstClass`, docs/architecture.md#metrics):
 * among the classes with ≥ 2 members and ≥ 2 non-members, when at least two qualify, the one of
 * highest AUC (computed as aucOfGroups does: the exact integer sum, one division), ties to the
 * lowest index.
 */
function pickWorstClass(counts: Int32Array, doubledU: Float64Array): number | undefined {
  const classes = counts.length / 2
  let best: number | undefined, bestAuc = 0, qualifying = 0
  for (let c = 0; c < classes; c++) {
    if (counts[2 * c] < 2 || counts[2 * c + 1] < 2) continue
    qualifying++
    const auc = doubledU[c] / (2 * counts[2 * c] * counts[2 * c + 1])
    if (best === undefined || auc > bestAuc) { best = c; bestAuc = auc }
  }
  return qualifying < 2 ? undefined : best
}

/** The worst class's slice: its AUC with DeLong's interval, on its own scores. */
function worstClass(picked: PickedClass): ClassSlice {
  const { auc, interval } = delongOfGroups(groupSortedScores(picked.members, picked.nonMembers))
  return { class: picked.class, auc, aucInterval: interval, members: picked.members.length, nonMembers: picked.nonMembers.length }
}

function checkLabels(what: 'members' | 'nonMembers', scores: Float64Array, labels: Int32Array): void {
  if (!(labels instanceof Int32Array)) throw new TypeError(`labels.${what}: expected an Int32Array of class indices`)
  if (labels.length !== scores.length) {
    throw new RangeError(`labels.${what}: expected one label per score (${scores.length}), found ${labels.length}`)
  }
}
