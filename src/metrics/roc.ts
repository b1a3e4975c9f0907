import { groupScores, type ScoreGroups } from './score-groups.js'

/**
 * A ROC curve as three parallel arrays, one entry per point, ordered by descending threshold.
 * Point `k` is what the rule "predict member when score ≥ `thresholds[k]`" achieves.
 */
export interface RocCurve {
  /** False-positive rate of each point: share of non-members predicted member. Non-decreasing. */
  fpr: Float64Array
  /** True-positive rate of each point: share of members predicted member. Non-decreasing. */
  tpr: Float64Array
  /**
   * Descending thresholds. The first is `+Infinity`, the point (0, 0) where no record is predicted
   * member (scikit-learn ≥ 1.3 uses the same marker; older versions used max score + 1); the others
   * are the distinct scores, the last being the smallest, at (1, 1).
   */
  thresholds: Float64Array
}

/**
 * The full ROC curve of a membership attack: one point per distinct score (tied scores collapse into
 * one point) plus the starting point (0, 0), like scikit-learn's
 * `roc_curve(..., drop_intermediate=False)`. Higher scores mean "more likely a member"; a record is
 * predicted member when its score ≥ the threshold.
 *
 * Throws a `RangeError` naming the argument when either array is empty or contains NaN.
 *
 * @example
 * rocCurve(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))
 * // thresholds [Infinity, 0.9, 0.4, 0.1], tpr [0, 0.5, 1, 1], fpr [0, 0, 0.5, 1]
 */
export function rocCurve(memberScores: Float64Array, nonMemberScores: Float64Array): RocCurve {
  return rocOfGroups(groupScores(memberScores, nonMemberScores))
}

/** {@link rocCurve} of already grouped scores. */
export function rocOfGroups(groups: ScoreGroups): RocCurve {
  const { values, members, nonMembers, memberCount: n, nonMemberCount: m } = groups
  const points = values.length + 1
  const fpr = new Float64Array(points)
  const tpr = new Float64Array(points)
  const thresholds = new Float64Array(points)
  thresholds[0] = Infinity
  // Integer counts divided once per point (not accumulated fractions), so each rate is correctly
  // rounded and the last point is exactly (1, 1); this is also how scikit-learn computes them.
  let tp = 0, fp = 0
  for (let k = 1, g = values.length - 1; g >= 0; k++, g--) {
    tp += members[g]
    fp += nonMembers[g]
    tpr[k] = tp / n
    fpr[k] = fp / m
    thresholds[k] = values[g]
  }
  return { fpr, tpr, thresholds }
}
