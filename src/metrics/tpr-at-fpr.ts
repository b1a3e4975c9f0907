import { groupScores, type ScoreGroups } from './score-groups.js'

/** Result of {@link tprAtFpr}. Structurally the `TprAtFpr` of membership results. */
export interface TprAtFprResult {
  /** The largest TPR among ROC points whose FPR ≤ the level asked for. */
  tpr: number
  /**
   * The FPR actually reached: that of the first ROC point (highest threshold) with this TPR; ≤ the
   * level asked for, and 0 when no member can be flagged at that level.
   */
  fpr: number
  /**
   * `false` when there are fewer than ⌈1/f⌉ non-members: the smallest non-zero FPR the data can
   * show, 1/m, is already above f, so the number says nothing about the level asked for.
   */
  estimable: boolean
}

/**
 * TPR of a membership attack at a low false-positive rate (docs/architecture.md#metrics): the largest TPR over the
 * ROC points whose FPR ≤ `fpr`, reported with the FPR actually reached (at the highest threshold
 * giving that TPR), and `estimable: false` when there are fewer than ⌈1/`fpr`⌉ non-members.
 * Higher scores mean "more likely a member".
 *
 * Throws a `RangeError` when `fpr` is not in (0, 1], or naming the argument when a score array is
 * empty or contains NaN.
 *
 * @example
 * const members = new Float64Array([0.9, 0.8, 0.3]), nonMembers = new Float64Array([0.85, 0.2])
 * tprAtFpr(members, nonMembers, 0.5)   // { tpr: 1, fpr: 0.5, estimable: true }
 * tprAtFpr(members, nonMembers, 0.4)   // { tpr: 1/3, fpr: 0, estimable: false } (2 < ⌈1/0.4⌉ = 3 non-members)
 */
export function tprAtFpr(memberScores: Float64Array, nonMemberScores: Float64Array, fpr: number): TprAtFprResult {
  expectLevel(fpr)
  return tprAtFprOfGroups(groupScores(memberScores, nonMemberScores), fpr)
}

/** {@link tprAtFpr} of already grouped scores. */
export function tprAtFprOfGroups(groups: ScoreGroups, fpr: number): TprAtFprResult {
  expectLevel(fpr)
  const { members, nonMembers, memberCount: n, nonMemberCount: m } = groups
  // Walking from the highest threshold down, TPR and FPR never decrease, so the largest TPR is at
  // the last point before FPR exceeds the level. The FPR is taken where that TPR is first reached:
  // a point that only adds non-members buys the attacker nothing, so its FPR is not "reached".
  // The start (0, 0) always qualifies.
  let tp = 0, fp = 0
  let bestTp = 0, bestFp = 0
  for (let g = members.length - 1; g >= 0; g--) {
    tp += members[g]
    fp += nonMembers[g]
    // Compared as the rounded quotient, not fp ≤ f·m: division and the literal f are both
    // correctly rounded, so a point exactly at the level (1/100 vs 0.01) is never lost to rounding.
    if (fp / m > fpr) break
    if (tp > bestTp) { bestTp = tp; bestFp = fp }
  }
  // m ≥ ⌈1/f⌉ ⇔ m ≥ 1/f ⇔ 1/m ≤ f for integer m. The last form avoids Math.ceil of an inexact
  // quotient: with f = 1/49, 1/f evaluates to 49.00000000000001 and its ceiling to 50.
  return { tpr: bestTp / n, fpr: bestFp / m, estimable: 1 / m <= fpr }
}

function expectLevel(fpr: number): void {
  if (typeof fpr !== 'number' || !(fpr > 0 && fpr <= 1)) {
    throw new RangeError(`fpr: expected a false-positive rate in (0, 1], found ${String(fpr)}`)
  }
}
