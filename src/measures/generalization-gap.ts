import { toDense, type Dataset } from '../data/dataset.js'
import { argmaxRows } from '../data/matrix.js'
import { accuracy } from '../metrics/accuracy.js'
import { crossEntropy } from '../metrics/cross-entropy.js'
import { toTarget } from '../targets/to-target.js'
import type { TargetLike } from '../targets/target.js'
import { checkFeatures, checkLabels } from '../attacks/validate.js'

/** Options of {@link generalizationGap}. */
export interface GeneralizationGapOptions {
  /** Records the model was trained on (the members). */
  train: Dataset
  /** Labelled records it never saw. */
  heldOut: Dataset
}

/** Train vs held-out accuracy and loss. */
export interface GeneralizationGapResult {
  trainAccuracy: number
  heldOutAccuracy: number
  /** trainAccuracy − heldOutAccuracy. */
  accuracyGap: number
  /** Mean cross-entropy −ln p_y (p_y clipped at 1e-7). */
  trainLoss: number
  heldOutLoss: number
  /** heldOutLoss − trainLoss. */
  lossGap: number
  train: number
  heldOut: number
}

/**
 * The generalisation gap: how much better the model does on its training records than on records
 * it never saw, in accuracy (train − held-out) and in cross-entropy loss (held-out − train). Both
 * are positive for an overfitted model; membership inference feeds on exactly this difference
 * (Yeom et al., 2018: the loss attack's advantage is bounded by it), so a large gap is a cheap,
 * attack-free warning sign.
 *
 * @example
 * const g = await generalizationGap(model, { train: members, heldOut: nonMembers })
 * g.accuracyGap   // e.g. 0.12
 * g.lossGap       // e.g. 0.6
 */
export async function generalizationGap(target: TargetLike, options: GeneralizationGapOptions): Promise<GeneralizationGapResult> {
  if (options === null || typeof options !== 'object') throw new TypeError('generalizationGap: expected options { train, heldOut }')
  const train = toDense(options.train, 'train')
  const heldOut = toDense(options.heldOut, 'heldOut')
  const t = toTarget(target)
  checkFeatures(t, [['train', train.x], ['heldOut', heldOut.x]])
  const [a, b] = [await t.query(train.x), await t.query(heldOut.x)]
  checkLabels(train, a.cols, 'train')
  checkLabels(heldOut, b.cols, 'heldOut')
  const trainAccuracy = accuracy(argmaxRows(a), train.y)
  const heldOutAccuracy = accuracy(argmaxRows(b), heldOut.y)
  const trainLoss = crossEntropy(a.data, a.cols, train.y)
  const heldOutLoss = crossEntropy(b.data, b.cols, heldOut.y)
  return {
    trainAccuracy, heldOutAccuracy, accuracyGap: trainAccuracy - heldOutAccuracy,
    trainLoss, heldOutLoss, lossGap: heldOutLoss - trainLoss, train: train.y.length, heldOut: heldOut.y.length,
  }
}
