import { rowMaxima } from '../../wasm/checks.js'
import type { Matrix } from '../../data/matrix.js'

/**
 * Max-confidence score (the classic baseline; Salem et al., 2019):
 * `score(x) = max_k p_k(x)`. Models are usually more confident on records they were trained on.
 * Needs no labels. Written into `out` (one entry per row; default a new array), which is returned.
 */
export function maxConfidenceScores(probabilities: Matrix, out: Float64Array = new Float64Array(probabilities.rows)): Float64Array {
  const { data, rows, cols } = probabilities
  // A negative entry (or −0) is not a probability; its bits do not order: compare the values.
  if (rowMaxima(data, rows, cols, out) < 0) maxByComparison(data, rows, cols, out)
  return out
}

function maxByComparison(data: Float32Array, rows: number, cols: number, out: Float64Array): void {
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let m = -Infinity
    for (let c = o; c < o + cols; c++) if (data[c] > m) m = data[c]
    out[r] = m
  }
}
