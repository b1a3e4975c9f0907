import { groupScores, type ScoreGroups } from './score-groups.js'

/**
 * Membership advantage of an attack (Yeom et al. 2018; TF Privacy's definition, docs/architecture.md#metrics): the
 * maximum over thresholds of |TPR − FPR|, in [0, 1]. 0 means no threshold separates members from
 * non-members better than chance; like TF Privacy it is taken in absolute value, so an attack that
 * ranks members *below* non-members also has an advantage. Higher scores mean "more likely a member".
 *
 * Throws a `RangeError` naming the argument when either array is empty or contains NaN.
 *
 * @example
 * advantage(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))   // 0.5 (threshold 0.9 or 0.4)
 */
export function advantage(memberScores: Float64Array, nonMemberScores: Float64Array): number {
  return advantageOfGroups(groupScores(memberScores, nonMemberScores))
}

/** {@link advantage} of already grouped scores. */
export function advantageOfGroups(groups: ScoreGroups): number {
  const { members, nonMembers, memberCount: n, nonMemberCount: m } = groups
  // Rates from integer counts at each point, as on the ROC curve, so the value equals
  // max |tpr[k] − fpr[k]| over rocCurve's points bit for bit. The endpoints (0, 0) and (1, 1)
  // contribute 0, which is the starting value.
  let best = 0
  let tp = 0, fp = 0
  for (let g = members.length - 1; g >= 0; g--) {
    tp += members[g]
    fp += nonMembers[g]
    const d = Math.abs(tp / n - fp / m)
    if (d > best) best = d
  }
  return best
}
