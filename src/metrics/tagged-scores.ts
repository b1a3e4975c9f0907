import { sortWithLabels } from './radix-sort.js'
import { groupTaggedScores, type ScoreGroups } from './score-groups.js'
import { scoresInstance } from './scores-module.js'
import { expectScores, throwNaN } from './validate.js'

/**
 * Member and non-member scores in one ascending order, each tagged with its class and side: what a
 * membership summary reads (summarizeScores in attacks/membership/summarize.ts). One sort serves
 * every metric, every bootstrap and the worst-class search.
 */
export interface TaggedScores {
  /** The groups of both sides' scores (as {@link groupTaggedScores} gives them). */
  readonly groups: ScoreGroups
  /** `counts[2c]`: members of class c; `counts[2c + 1]`: its non-members. */
  readonly counts: Int32Array
  /**
   * Per class, the doubled Mann–Whitney U of its members against its non-members (aucOfGroups'
   * `u2`): each member adds 2 × its class's non-members below its score + those tied with it. Sums
   * of integers below 2^53, exact in any order, so `u2[c] / (2 · members · nonMembers)` equals
   * aucOfGroups of the class bit for bit.
   */
  readonly doubledU: Float64Array
  /** The class `pick` chose, with its member and non-member scores, each ascending. */
  readonly picked?: PickedClass
}

/** One class's scores, taken from the order in one pass. */
export interface PickedClass {
  readonly class: number
  readonly members: Float64Array
  readonly nonMembers: Float64Array
}

/** Chooses a class from the per-class counts and doubled U (as in {@link TaggedScores}), or none. */
export type PickClass = (counts: Int32Array, doubledU: Float64Array) => number | undefined

/**
 * Below this many scores the JS sort runs: setting up a WebAssembly instance and copying costs
 * more than it saves.
 */
export const WASM_MIN_SCORES = 4096

/** Above this many scores the JS sort runs: the WebAssembly side needs 40 bytes a score, and its memory ends at 4 GiB. */
const WASM_MAX_SCORES = 2 ** 26

/**
 * Sorts both sides' scores in one LSD radix sort, each tagged 2·class + side, and scans the order
 * once for the groups and once for every class's U; then, when `pick` names a class, its scores.
 * In WebAssembly (assembly/scores.ts) from
 * {@link WASM_MIN_SCORES} scores where it runs; otherwise, or with `engine: 'js'`, in JS
 * ({@link sortWithLabels}); both give the same bits.
 *
 * Throws a `TypeError` when a score array is not a `Float64Array`, a `RangeError` when one is empty
 * or holds NaN (naming the side and the index, members first) or a label is negative. Label
 * lengths are the caller's to check.
 *
 * @example
 * const t = sortTaggedScores(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]), new Int32Array([0, 1]), new Int32Array([1, 1]))
 * t.groups.values // [0.1, 0.4, 0.9]
 * t.counts        // [1, 0, 1, 2]: class 0 has one member, class 1 one member and two non-members
 */
export function sortTaggedScores(
  members: Float64Array,
  nonMembers: Float64Array,
  memberLabels: Int32Array,
  nonMemberLabels: Int32Array,
  options: { engine?: 'wasm' | 'js'; pick?: PickClass } = {},
): TaggedScores {
  expectScores('memberScores', members)
  expectScores('nonMemberScores', nonMembers)
  const classes = Math.max(maxLabel(memberLabels), maxLabel(nonMemberLabels)) + 1
  const total = members.length + nonMembers.length
  const wasm = options.engine !== 'js' && total >= WASM_MIN_SCORES && total <= WASM_MAX_SCORES
  const pick = options.pick ?? (() => undefined)
  return (wasm && sortInWasm(members, nonMembers, memberLabels, nonMemberLabels, classes, pick)) ||
    sortInJs(members, nonMembers, memberLabels, nonMemberLabels, classes, pick)
}

/** NaN sorts to an end: a look at both ends, then a message naming the side and index as the metrics do. */
function refuseNaN(first: number, last: number, members: Float64Array, nonMembers: Float64Array): void {
  if (!Number.isNaN(first) && !Number.isNaN(last)) return
  if (members.some(Number.isNaN)) throwNaN('memberScores', members)
  throwNaN('nonMemberScores', nonMembers)
}

/** {@link sortTaggedScores} in assembly/scores.ts; `undefined` where WebAssembly does not run. */
function sortInWasm(
  members: Float64Array,
  nonMembers: Float64Array,
  ym: Int32Array,
  yn: Int32Array,
  classes: number,
  pick: PickClass,
): TaggedScores | undefined {
  const n = members.length, m = nonMembers.length, total = n + m
  // Doubles first (8-byte aligned from the 16-aligned base), then the int32 arrays.
  const keys = 0, keys2 = keys + 8 * total, values = keys2 + 8 * total
  const u2 = values + 8 * total, below = u2 + 8 * classes, tied = below + 8 * classes
  const tags = tied + 8 * classes, tags2 = tags + 4 * total, gm = tags2 + 4 * total, gn = gm + 4 * total
  const counts = gn + 4 * total, classCounts = counts + 4 * 6 * 2048
  const x = scoresInstance(classCounts + 8 * classes)
  if (x === null) return undefined
  // Taken after growing (growing detaches the buffer); everything kept is copied out before returning.
  const buffer = x.memory.buffer, base = x.heapBase()
  const at = (offset: number) => base + offset
  const all = new Float64Array(buffer, at(keys), total)
  all.set(members)
  all.set(nonMembers, n)
  const labels = new Int32Array(buffer, at(tags), total)
  labels.set(ym)
  labels.set(yn, n)
  const ended = x.sortTagged(at(keys), at(tags), at(keys2), at(tags2), at(counts), at(classCounts), n, m, classes)
  const inScratch = (ended & 1) === 1
  const sorted = at(inScratch ? keys2 : keys), sortedTags = at((ended & 2) === 2 ? tags2 : tags)
  const order = new Float64Array(buffer, sorted, total)
  refuseNaN(order[0], order[total - 1], members, nonMembers)
  const g = x.groups(sorted, sortedTags, total, at(values), at(gm), at(gn))
  x.doubledUByClass(sorted, sortedTags, total, classes, at(u2), at(below), at(tied))
  const classCount = new Int32Array(buffer, at(classCounts), 2 * classes).slice()
  const doubledU = new Float64Array(buffer, at(u2), classes).slice()
  const c = pick(classCount, doubledU)
  let picked: PickedClass | undefined
  if (c !== undefined) {
    // Into the sort's other half, free now.
    const k = classCount[2 * c], l = classCount[2 * c + 1], free = at(inScratch ? keys : keys2)
    x.classScores(sorted, sortedTags, total, c, free, free + 8 * k)
    picked = { class: c, members: new Float64Array(buffer, free, k).slice(), nonMembers: new Float64Array(buffer, free + 8 * k, l).slice() }
  }
  return {
    groups: {
      values: new Float64Array(buffer, at(values), g).slice(),
      members: new Int32Array(buffer, at(gm), g).slice(),
      nonMembers: new Int32Array(buffer, at(gn), g).slice(),
      memberCount: n,
      nonMemberCount: m,
    },
    counts: classCount,
    doubledU,
    ...(picked ? { picked } : {}),
  }
}

function sortInJs(members: Float64Array, nonMembers: Float64Array, ym: Int32Array, yn: Int32Array, classes: number, pick: PickClass): TaggedScores {
  const n = members.length, m = nonMembers.length
  const all = new Float64Array(n + m)
  all.set(members)
  all.set(nonMembers, n)
  const tags = new Int32Array(n + m)
  const counts = new Int32Array(2 * classes)
  for (let i = 0; i < n; i++) { const t = 2 * ym[i]; tags[i] = t; counts[t]++ }
  for (let j = 0; j < m; j++) { const t = 2 * yn[j] + 1; tags[n + j] = t; counts[t]++ }
  const { scores: sorted, labels: sortedTags } = sortWithLabels(all, tags)
  refuseNaN(sorted[0], sorted[n + m - 1], members, nonMembers)
  const doubledU = doubledUByClass(sorted, sortedTags, classes)
  const c = pick(counts, doubledU)
  return {
    groups: groupTaggedScores(sorted, sortedTags, n, m),
    counts,
    doubledU,
    ...(c === undefined ? {} : { picked: classScores(sorted, sortedTags, c, counts) }),
  }
}

/** {@link TaggedScores.doubledU} in one scan of the order (assembly/scores.ts has its twin). */
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
function classScores(sorted: Float64Array, tags: Int32Array, c: number, counts: Int32Array): PickedClass {
  const members = new Float64Array(counts[2 * c]), nonMembers = new Float64Array(counts[2 * c + 1])
  // Two named arrays, not a pair indexed by the side: V8 deoptimised that form on every call.
  const memberTag = 2 * c, nonMemberTag = 2 * c + 1
  let k = 0, l = 0
  for (let i = 0; i < sorted.length; i++) {
    const t = tags[i]
    if (t === memberTag) members[k++] = sorted[i]
    else if (t === nonMemberTag) nonMembers[l++] = sorted[i]
  }
  return { class: c, members, nonMembers }
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
