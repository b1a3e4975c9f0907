import { toDense, type Dataset } from '../data/dataset.js'
import { argmaxRows } from '../data/matrix.js'
import { accuracy } from '../metrics/index.js'
import { initBackend } from '../runtime/backend.js'
import { toTarget } from '../targets/to-target.js'
import type { TargetLike } from '../targets/target.js'
import { checkFeatures, checkLabels } from '../attacks/validate.js'

/** Clean accuracy of a target on a labelled set. */
export interface AccuracyResult {
  accuracy: number
  records: number
  /** Classes the target answers. */
  classes: number
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
  await initBackend()
  const t = toTarget(target)
  checkFeatures(t, [[what, ds.x]])
  const answers = await t.query(ds.x)
  checkLabels(ds, answers.cols, what)
  return { accuracy: accuracy(argmaxRows(answers), ds.y), records: ds.y.length, classes: answers.cols }
}
