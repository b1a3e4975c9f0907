import { wasmRowMaxima } from '../../wasm/checks.js'
import type { Matrix } from '../../data/matrix.js'

// One float32 seen as its bits, to turn the largest entry's bits back into its value.
const scratch = new Float32Array(1)
const scratchBits = new Int32Array(scratch.buffer)

/**
 * Max-confidence score (the classic baseline; Salem et al., 2019):
 * `score(x) = max_k p_k(x)`. Models are usually more confident on records they were trained on.
 * Needs no labels. Written into `out` (one entry per row; default a new array), which is returned.
 */
export function maxConfidenceScores(probabilities: Matrix, out: Float64Array = new Float64Array(probabilities.rows)): Float64Array {
  const { data, rows, cols } = probabilities
  // A negative entry (or −0) is not a probability; its bits do not order: compare the values.
  // WebAssembly SIMD where it takes the data (the same maxima), else maxByBits.
  if ((wasmRowMaxima(data, rows, cols, out) ?? maxByBits(data, rows, cols, out)) < 0) maxByComparison(data, rows, cols, out)
  return out
}

/**
 * Each row's largest entry into `out`, found on the bits: non-negative float32 values order as
 * their bits do, read as int32, so integer arithmetic finds it without a branch. Comparing floats
 * costs a mispredicted branch per row, since the predicted class sits anywhere in the row. Returns
 * the OR of every entry's bits: negative when some entry has its sign bit set, and the result is
 * then wrong. Nothing follows the loop but `return` of a local (see `finiteSum` in data/dataset.ts:
 * code after a loop V8 compiled on the fly deoptimised on every call).
 */
function maxByBits(data: Float32Array, rows: number, cols: number, out: Float64Array): number {
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length)
  let signs = 0
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let m = bits[o]
    signs |= m
    for (let c = o + 1, end = o + cols; c < end; c++) {
      const v = bits[c]
      signs |= v
      const d = v - m
      m += d & ~(d >> 31) // m + max(d, 0)
    }
    scratchBits[0] = m
    out[r] = scratch[0]
  }
  return signs
}

function maxByComparison(data: Float32Array, rows: number, cols: number, out: Float64Array): void {
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let m = -Infinity
    for (let c = o; c < o + cols; c++) if (data[c] > m) m = data[c]
    out[r] = m
  }
}
