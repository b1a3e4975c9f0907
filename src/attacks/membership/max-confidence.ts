import type { Matrix } from '../../data/matrix.js'

/**
 * Max-confidence score (the classic baseline; Salem et al., 2019):
 * `score(x) = max_k p_k(x)`. Models are usually more confident on records they were trained on.
 * Needs no labels. Written into `out` (one entry per row; default a new array), which is returned.
 */
export function maxConfidenceScores(probabilities: Matrix, out: Float64Array = new Float64Array(probabilities.rows)): Float64Array {
  const { data, rows, cols } = probabilities
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    // A select rather than a branch: which entry is largest is unpredictable.
    let m = data[o]
    for (let c = o + 1, end = o + cols; c < end; c++) {
      const v = data[c]
      m = v > m ? v : m
    }
    out[r] = m
  }
  return out
}
