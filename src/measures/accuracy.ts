import { toDense, type Dataset } from '../data/dataset.js'
import { argmaxRows } from '../data/matrix.js'
import { recordsDigest } from '../data/digest.js'
import { accuracy, agreementOutcomes } from '../metrics/index.js'
import { toTarget } from '../targets/to-target.js'
import type { TargetLike } from '../targets/target.js'
import { checkFeatures, checkLabels } from '../attacks/validate.js'

/** Clean accuracy of a target on a labelled set. */
export interface AccuracyResult {
  accuracy: number
  records: number
  /** Classes the target answers. */
  classes: number
  /** Per record, in order, `'1'` where the target is right (see `agreementOutcomes`), with the records' fingerprint: for a paired comparison of two runs. */
  outcomes?: { records: string; correct: string }
}

/**
 * Clean accuracy: share of `data` where argmax of the target's answer equals the true label.
 * `what` names the data set in error messages (default `"data"`).
 *
 * @example
 * const { accuracy } = await measureAccuracy(model, evaluation)
 */
export async function measureAccuracy(target: TargetLike, data: Dataset, what = 'data'): Promise<AccuracyResult> {
  const ds = toDense(data, what)
  const t = toTarget(target)
  checkFeatures(t, [[what, ds.x]])
  const answers = await t.query(ds.x)
  checkLabels(ds, answers.cols, what)
  const pred = argmaxRows(answers)
  return {
    accuracy: accuracy(pred, ds.y), records: ds.y.length, classes: answers.cols,
    outcomes: { records: recordsDigest(ds), correct: agreementOutcomes(pred, ds.y) },
  }
}
