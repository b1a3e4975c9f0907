import { groupScores, type ScoreGroups } from './score-groups.js'

/**
 * Area under the ROC curve of a membership attack, as the Mann–Whitney probability that a random
 * member scores above a random non-member, ties counting one half (docs/architecture.md#metrics). Not folded: an
 * attack that ranks members *below* non-members gets an AUC under 0.5.
 *
 * Exact and O(n log n): both arrays are copied, sorted and merged once. Higher scores mean "more
 * likely a member".
 *
 * Throws a `RangeError` naming the argument when `memberScores` or `nonMemberScores` is empty or
 * contains NaN (a `TypeError` when it is not a `Float64Array`). ±Infinity are valid scores.
 *
 * @example
 * auc(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))   // (1 + 1 + 1 + 0.5) / 4 = 0.875
 */
export function auc(memberScores: Float64Array, nonMemberScores: Float64Array): number {
  return aucOfGroups(groupScores(memberScores, nonMemberScores))
}

/**
 * {@link auc} of already grouped scores (shared with the DeLong interval so that both report the
 * same number bit for bit).
 */
export function aucOfGroups(groups: ScoreGroups): number {
  const { members, nonMembers, memberCount: n, nonMemberCount: m } = groups
  // U statistic doubled, so ties add whole units: each member on a group beats the non-members
  // below it (2 each) and ties those on its value (1 each). This is the midrank formula
  // R_members − n(n+1)/2 evaluated group by group. All terms are integers below 2^53 for
  // n·m < 2^52, so the sum is exact and the single division is the only rounding.
  let u2 = 0
  let below = 0
  // No branch on members[g] === 0: it adds an exact 0, and a branch taken at random costs more.
  // `+ 0` tells V8 the product's sign of zero does not matter: without it, V8 checks each int32
  // product for −0 with a branch, taken at random here (members[g] is 0 or not by chance).
  for (let g = 0; g < members.length; g++) {
    const k = nonMembers[g]
    u2 += members[g] * (2 * below + k) + 0
    below += k
  }
  return u2 / (2 * n * m)
}
