import { aucOfGroups } from './auc.js'
import { normalQuantile } from './normal.js'
import { groupScores, type ScoreGroups } from './score-groups.js'

/** Result of {@link delongInterval}. */
export interface DelongInterval {
  /** The point estimate, identical to `auc()` on the same scores (bit for bit). */
  auc: number
  /** DeLong's estimate of the variance of `auc`. */
  variance: number
  /** Normal-approximation interval `auc ± z·√variance`, clipped to [0, 1]. */
  interval: [number, number]
}

/**
 * Confidence interval of a membership attack's AUC from DeLong, DeLong & Clarke-Pearson (1988):
 * the variance of the Mann–Whitney AUC estimated from the placement values of members and
 * non-members, computed with the fast midrank algorithm of Sun & Xu (2014) in O(n log n), and a
 * normal interval at `level`, clipped to [0, 1].
 *
 * When the scores separate members and non-members perfectly the estimated variance is 0 and the
 * interval collapses onto the AUC; this is a property of DeLong's estimator, not a bug.
 *
 * Throws a `RangeError` when `level` is not strictly between 0 and 1, naming the argument when a
 * score array is empty or contains NaN, or when it has a single score (the variance needs two).
 *
 * @example
 * const { auc, interval } = delongInterval(memberScores, nonMemberScores)   // 95% by default
 * delongInterval(memberScores, nonMemberScores, 0.99).interval
 */
export function delongInterval(memberScores: Float64Array, nonMemberScores: Float64Array, level = 0.95): DelongInterval {
  checkLevel(level)
  return delongOfGroups(groupScores(memberScores, nonMemberScores), level)
}

/** {@link delongInterval} of already grouped scores (one sort shared with the other metrics). */
export function delongOfGroups(groups: ScoreGroups, level = 0.95): DelongInterval {
  checkLevel(level)
  const { values, members, nonMembers, memberCount: n, nonMemberCount: m } = groups
  if (n < 2) throw new RangeError(`memberScores: the DeLong variance needs at least 2 scores, found ${n}`)
  if (m < 2) throw new RangeError(`nonMemberScores: the DeLong variance needs at least 2 scores, found ${m}`)
  const theta = aucOfGroups(groups)

  // Placement values (Sun & Xu's midrank differences): a member's V10 is the share of non-members
  // below it plus half of those tied with it; a non-member's V01 the share of members above it plus
  // half the tied ones. Records on one value share their placement, so each group adds
  // count · (V − θ)²; deviations from θ (the exact mean of both) keep the sums from cancelling.
  // No branch on a zero count: it adds an exact ±0, and on interleaved scores a branch taken at
  // random costs more than the division it saves.
  let s10 = 0, s01 = 0
  let nonMembersBelow = 0, membersBelow = 0
  for (let g = 0; g < values.length; g++) {
    const cm = members[g], cn = nonMembers[g]
    const v10 = (nonMembersBelow + 0.5 * cn) / m
    s10 += cm * (v10 - theta) * (v10 - theta)
    const membersAbove = n - membersBelow - cm
    const v01 = (membersAbove + 0.5 * cm) / n
    s01 += cn * (v01 - theta) * (v01 - theta)
    nonMembersBelow += cn
    membersBelow += cm
  }
  const variance = s10 / (n - 1) / n + s01 / (m - 1) / m

  const half = normalQuantile(0.5 + level / 2) * Math.sqrt(variance)
  return {
    auc: theta,
    variance,
    interval: [Math.max(0, theta - half), Math.min(1, theta + half)],
  }
}

function checkLevel(level: unknown): void {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`level: expected a confidence level strictly between 0 and 1, found ${String(level)}`)
  }
}
