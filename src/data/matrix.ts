/**
 * A dense row-major matrix of 32-bit floats: the one shape every layer below the public API passes
 * around, so that attacks, targets and training never convert between `number[][]` and tensors twice.
 *
 * @example
 * const m: Matrix = { data: new Float32Array([1, 2, 3, 4]), rows: 2, cols: 2 }
 */
export interface Matrix {
  readonly data: Float32Array
  readonly rows: number
  readonly cols: number
}

/** Copy of rows `indices` of `m`, in that order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * m.cols)
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]
    out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols)
  }
  return { data: out, rows: indices.length, cols: m.cols }
}

/** A view of rows `[start, end)` of `m` (no copy). */
export function sliceRows(m: Matrix, start: number, end: number): Matrix {
  return { data: m.data.subarray(start * m.cols, end * m.cols), rows: end - start, cols: m.cols }
}

/** Index (0..cols−1) of the first largest entry of the row of `data` starting at offset `o`. */
export function argmaxAt(data: ArrayLike<number>, o: number, cols: number): number {
  let best = 0
  for (let c = 1; c < cols; c++) if (data[o + c] > data[o + best]) best = c
  return best
}

/** Index of the largest entry of each row (first one on ties). */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows)
  for (let r = 0; r < m.rows; r++) out[r] = argmaxAt(m.data, r * m.cols, m.cols)
  return out
}

/** Nested arrays → {@link Matrix}. Throws naming `what` when rows are ragged or empty. */
export function fromRows(rows: readonly (readonly number[])[], what = 'rows'): Matrix {
  if (rows.length === 0) return { data: new Float32Array(0), rows: 0, cols: 0 }
  const cols = rows[0].length
  const data = new Float32Array(rows.length * cols)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new TypeError(`${what}[${r}]: expected an array of numbers, found ${typeof row}`)
    }
    if (row.length !== cols) {
      throw new RangeError(`${what}[${r}]: expected ${cols} values (as in ${what}[0]), found ${row.length}`)
    }
    data.set(row, r * cols)
  }
  return { data, rows: rows.length, cols }
}

/** {@link Matrix} → nested arrays (for user-facing functions that speak `number[][]`). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows)
  for (let r = 0; r < m.rows; r++) out[r] = Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols))
  return out
}
