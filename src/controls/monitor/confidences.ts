import { toDense, type Dataset } from '../../data/dataset.js'
import { toTarget } from '../../targets/to-target.js'
import type { TargetLike } from '../../targets/target.js'

/**
 * The confidence (top probability) the target returns for each record of `data`.
 *
 * @example
 * const validation = await confidencesOf(model, validationSet)   // Float64Array, one per record
 */
export async function confidencesOf(target: TargetLike, data: Dataset, what = 'data'): Promise<Float64Array> {
  const x = toDense(data, what).x
  const answers = await toTarget(target).query(x)
  const out = new Float64Array(answers.rows)
  for (let r = 0; r < answers.rows; r++) {
    let max = 0
    for (let c = 0; c < answers.cols; c++) max = Math.max(max, answers.data[r * answers.cols + c])
    out[r] = max
  }
  return out
}
