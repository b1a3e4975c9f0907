import type { Matrix } from '../../data/matrix.js'

/**
 * Smallest probability the loss score takes the log of. A probability of exactly 0 (float32
 * underflow) would give −∞; clamping keeps every score finite and the ranking unchanged except
 * among such rows, which tie.
 */
const FLOOR = 1e-45

/**
 * Loss score (Yeom et al., 2018): the negative cross-entropy on the true label,
 * `score(x, y) = log p_y(x)`. Training minimised this loss on members, so members score higher.
 * Written into `out` (one entry per row; default a new array), which is returned.
 */
export function lossScores(probabilities: Matrix, labels: Int32Array, out: Float64Array = new Float64Array(probabilities.rows)): Float64Array {
  const { data, rows, cols } = probabilities
  for (let r = 0; r < rows; r++) out[r] = Math.log(Math.max(data[r * cols + labels[r]], FLOOR))
  return out
}
