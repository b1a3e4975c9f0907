/** Smallest probability used inside the log, so a confident wrong answer costs ln(1e7) ≈ 16.1, not ∞ (Keras' ε). */
export const LOSS_EPSILON = 1e-7

/**
 * Mean cross-entropy −ln p_y over records, with p_y clipped below at {@link LOSS_EPSILON}.
 * `probabilities` is row-major with `classes` columns, one row per label.
 *
 * @throws RangeError when the sizes disagree or a label is outside 0..classes−1.
 * @example
 * crossEntropy(new Float32Array([0.9, 0.1, 0.2, 0.8]), 2, new Int32Array([0, 1]))   // (−ln 0.9 − ln 0.8) / 2
 */
export function crossEntropy(probabilities: ArrayLike<number>, classes: number, labels: Int32Array): number {
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`classes: expected a positive integer, found ${String(classes)}`)
  if (probabilities.length !== labels.length * classes) {
    throw new RangeError(`probabilities: expected ${labels.length} rows × ${classes} classes = ${labels.length * classes} values, found ${probabilities.length}`)
  }
  if (labels.length === 0) throw new RangeError('labels: expected at least one record, found none')
  let sum = 0
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]
    if (!(y >= 0 && y < classes)) throw new RangeError(`labels[${i}]: expected a class index in 0..${classes - 1}, found ${y}`)
    sum -= Math.log(Math.max(LOSS_EPSILON, probabilities[i * classes + y]))
  }
  return sum / labels.length
}
