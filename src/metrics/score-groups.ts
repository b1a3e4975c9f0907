import { expectScores, throwNaN } from './validate.js'

/**
 * Member and non-member scores merged into their distinct values, ascending, with how many of each
 * side sit on every value. Every metric of this folder is a single pass over these groups: ties are
 * handled in one place, and no per-record rank array is ever built.
 */
export interface ScoreGroups {
  /** Distinct score values, strictly ascending (`-0` and `+0` are one group, reported as `+0`). */
  readonly values: Float64Array
  /** `members[g]`: members whose score equals `values[g]`. */
  readonly members: Int32Array
  /** `nonMembers[g]`: non-members whose score equals `values[g]`. */
  readonly nonMembers: Int32Array
  /** Number of members (n), the sum of {@link ScoreGroups.members}. */
  readonly memberCount: number
  /** Number of non-members (m), the sum of {@link ScoreGroups.nonMembers}. */
  readonly nonMemberCount: number
}

/**
 * Validates both score arrays and groups them by distinct value.
 * Throws a `TypeError` when an argument is not a `Float64Array`, a `RangeError` naming the argument
 * when it is empty or contains NaN. ±Infinity are valid scores. The inputs are not modified.
 *
 * @example
 * const g = groupScores(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))
 * // g.values = [0.1, 0.4, 0.9], g.members = [0, 1, 1], g.nonMembers = [1, 1, 0]
 */
export function groupScores(memberScores: Float64Array, nonMemberScores: Float64Array): ScoreGroups {
  return groupSortedScores(sortedCopy('memberScores', memberScores), sortedCopy('nonMemberScores', nonMemberScores))
}

/**
 * {@link groupScores} of two arrays already sorted ascending (typed-array order) and free of NaN,
 * which the caller guarantees (they are not checked again): the same groups without sorting.
 */
export function groupSortedScores(a: Float64Array, b: Float64Array): ScoreGroups {
  const n = a.length
  const m = b.length
  // Upper bound on the number of groups; trimmed with subarray (no copy) once the count is known.
  const values = new Float64Array(n + m)
  const members = new Int32Array(n + m)
  const nonMembers = new Int32Array(n + m)
  let i = 0, j = 0, g = 0
  // `===` and `<` rather than Object.is, so that -0 and +0 (adjacent after the typed-array sort)
  // fall into one group; `v + 0` turns -0 into +0 so thresholds print as 0. While both sides have
  // scores left, each group is on one side only or on both; then the rest of one side.
  while (i < n && j < m) {
    const x = a[i], y = b[j]
    if (x < y) {
      const i0 = i++
      while (i < n && a[i] === x) i++
      values[g] = x + 0
      members[g++] = i - i0
    } else if (y < x) {
      const j0 = j++
      while (j < m && b[j] === y) j++
      values[g] = y + 0
      nonMembers[g++] = j - j0
    } else {
      const i0 = i++, j0 = j++
      while (i < n && a[i] === x) i++
      while (j < m && b[j] === x) j++
      values[g] = x + 0
      members[g] = i - i0
      nonMembers[g++] = j - j0
    }
  }
  while (i < n) {
    const x = a[i], i0 = i++
    while (i < n && a[i] === x) i++
    values[g] = x + 0
    members[g++] = i - i0
  }
  while (j < m) {
    const y = b[j], j0 = j++
    while (j < m && b[j] === y) j++
    values[g] = y + 0
    nonMembers[g++] = j - j0
  }
  return {
    values: values.subarray(0, g),
    members: members.subarray(0, g),
    nonMembers: nonMembers.subarray(0, g),
    memberCount: n,
    nonMemberCount: m,
  }
}

/**
 * {@link groupScores} of both sides merged in one array, sorted ascending and free of NaN (which the
 * caller guarantees), each score tagged with its side: an even tag a member, an odd tag a
 * non-member (the other bits are the caller's, e.g. the class). The same groups as
 * {@link groupSortedScores} of the two sides, in one scan without a merge.
 */
export function groupTaggedScores(sorted: Float64Array, tags: Int32Array, memberCount: number, nonMemberCount: number): ScoreGroups {
  const total = sorted.length
  const values = new Float64Array(total)
  const members = new Int32Array(total)
  const nonMembers = new Int32Array(total)
  // A new group at each change of value (`!==`, so -0 and +0 share one; NaN starts the first).
  let g = -1, previous = Number.NaN
  for (let i = 0; i < total; i++) {
    const v = sorted[i]
    if (v !== previous) {
      values[++g] = v + 0 // -0 becomes +0, as in groupSortedScores
      previous = v
    }
    const side = tags[i] & 1
    nonMembers[g] += side
    members[g] += 1 - side
  }
  g++
  return {
    values: values.subarray(0, g),
    members: members.subarray(0, g),
    nonMembers: nonMembers.subarray(0, g),
    memberCount,
    nonMemberCount,
  }
}

/**
 * Validated sorted copy of `scores` via the comparator-free typed-array sort (native numeric order;
 * a comparator closure is several times slower on a million scores). That sort puts NaN last, so
 * one look at the last element replaces a validation pass over the whole array. `name` names the
 * argument in errors (a `TypeError` for a non-`Float64Array`, a `RangeError` for empty or NaN).
 */
export function sortedCopy(name: string, scores: Float64Array): Float64Array {
  expectScores(name, scores)
  const sorted = scores.slice().sort()
  if (Number.isNaN(sorted[sorted.length - 1])) throwNaN(name, scores)
  return sorted
}
