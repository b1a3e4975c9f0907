import type { Matrix } from '../../data/matrix.js'

/**
 * Max-confidence score (the classic baseline; Salem et al., 2019):
 * `score(x) = max_k p_k(x)`. Models are usually more confident on records they were trained on.
 * Needs no labels.
 */
export function maxConfidenceScores(probabilities: Matrix): Float64Array {
  const { data, rows, cols } = probabilities
  const out = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    let m = -Infinity
    for (let c = r * cols; c < (r + 1) * cols; c++) if (data[c] > m) m = data[c]
    out[r] = m
  }
  return out
}
