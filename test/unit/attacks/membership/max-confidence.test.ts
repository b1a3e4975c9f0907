import { describe, expect, it } from 'vitest'
import { maxConfidenceScores } from '../../../../src/attacks/membership/max-confidence.js'
import { createRng } from '../../../../src/data/rng.js'

/** The definition: the largest entry of each row, compared as numbers. */
function reference(data: Float32Array, rows: number, cols: number): number[] {
  return Array.from({ length: rows }, (_, r) => Math.max(...data.subarray(r * cols, (r + 1) * cols)))
}

describe('maxConfidenceScores', () => {
  it('is the largest probability of each row, bit for bit, wherever it sits', () => {
    const rng = createRng(3)
    for (const cols of [1, 2, 3, 10, 17]) {
      const rows = 300
      const data = new Float32Array(rows * cols)
      for (let r = 0; r < rows; r++) {
        let sum = 0
        for (let c = 0; c < cols; c++) sum += data[r * cols + c] = rng.next() ** 4
        for (let c = 0; c < cols; c++) data[r * cols + c] /= sum
      }
      // Exact zeros, ones, subnormals and ties.
      data.fill(0, 0, cols)
      data[0] = 1
      data.fill(1e-45, cols, 2 * cols)
      data.fill(0.25, 2 * cols, 3 * cols)
      expect(Array.from(maxConfidenceScores({ data, rows, cols }))).toEqual(reference(data, rows, cols))
    }
  })

  it('compares values when an entry is negative (not a probability), where bits do not order', () => {
    const data = Float32Array.from([-0.5, -0.25, -2, 0.1, -0, -1, 3, -3])
    expect(Array.from(maxConfidenceScores({ data, rows: 4, cols: 2 }))).toEqual([-0.25, Math.fround(0.1), -0, 3])
  })

  it('writes into out when given (a view of a larger array) and returns it', () => {
    const all = new Float64Array(5).fill(-1)
    const out = all.subarray(1, 3)
    expect(maxConfidenceScores({ data: Float32Array.from([0.2, 0.8, 0.6, 0.4]), rows: 2, cols: 2 }, out)).toBe(out)
    expect(Array.from(all)).toEqual([-1, Math.fround(0.8), Math.fround(0.6), -1, -1])
  })
})
