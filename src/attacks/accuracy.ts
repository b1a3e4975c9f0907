import { toDense, type Dataset } from '../data/dataset.js'
import { argmaxRows } from '../data/matrix.js'
import { accuracy } from '../metrics/index.js'
import { initBackend } from '../runtime/backend.js'
import { toTarget } from '../targets/to-target.js'
import type { TargetLike } from '../targets/target.js'
import { checkFeatures, checkLabels } from './validate.js'

/** Clean accuracy of a target on a labelled set. */
export interface AccuracyResult {
  accuracy: number
  records: number
}

/**
 * Clean accuracy: share of `data` where argmax of the target's answer equals the true label.
 *
 * @example
 * const { accuracy } = await measureAccuracy(model, evaluation)
 */
export async function measureAccuracy(target: TargetLike, data: Dataset): Promise<AccuracyResult> {
  const ds = toDense(data, 'data')
  await initBackend()
  const t = toTarget(target)
  checkFeatures(t, [['data', ds.x]])
  const answers = await t.query(ds.x)
  checkLabels(ds, answers.cols, 'data')
  return { accuracy: accuracy(argmaxRows(answers), ds.y), records: ds.y.length }
}
