import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import {
  finiteSum, firstNonProbabilityRow, hasNonFinite, jsFirstNonProbabilityRow, jsRowMaxima, rowMaxima, wasmFirstNonProbabilityRow, wasmHasNonFinite, wasmRowMaxima,
} from '../../../src/wasm/checks.js'

const rng = createRng(33)

/** `rows` probability rows of `cols` (float32, normalised in doubles as a model's softmax would be). */
function probabilities(rows: number, cols: number): Float32Array {
  const d = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    let s = 0
    for (let c = 0; c < cols; c++) s += d[r * cols + c] = rng.next() ** 3
    for (let c = 0; c < cols; c++) d[r * cols + c] /= s
  }
  return d
}

describe('the WebAssembly SIMD checks (assembly/checks.ts) and their JS twins', () => {
  it('run here (the module compiles: the comparisons below are not of JS with itself)', () => {
    expect(wasmHasNonFinite(new Float32Array(5000))).toBe(false)
  })

  it('leave small inputs to the JS twins, which the choosing functions then run', () => {
    expect(hasNonFinite(Float32Array.of(1, Number.NaN))).toBe(true)
    expect(hasNonFinite(Float32Array.of(1, 2))).toBe(false)
    expect(firstNonProbabilityRow(Float32Array.of(0.5, 0.5, 0.5, 0.6), 2, 2, 1e-3)).toBe(1)
    expect(rowMaxima(Float32Array.of(0.2, 0.8), 1, 2, new Float64Array(1))).toBeGreaterThanOrEqual(0)
    expect(wasmHasNonFinite(new Float32Array(100))).toBeUndefined()
    expect(wasmFirstNonProbabilityRow(probabilities(10, 10), 10, 10, 1e-3)).toBeUndefined()
    expect(wasmRowMaxima(probabilities(10, 10), 10, 10, new Float64Array(10))).toBeUndefined()
  })

  it('find a NaN or an infinity anywhere, across blocks, and nothing in finite data', () => {
    const d = Float32Array.from({ length: 700_001 }, () => (rng.next() - 0.5) * 1e30)
    expect(wasmHasNonFinite(d)).toBe(false)
    for (const at of [0, 15, 16, 262_143, 262_144, 500_000, 700_000]) {
      for (const bad of [Number.NaN, Infinity, -Infinity]) {
        const e = d.slice()
        e[at] = bad
        expect(wasmHasNonFinite(e), `${bad} at ${at}`).toBe(true)
        expect(Number.isFinite(finiteSum(e))).toBe(false)
      }
    }
    expect(wasmHasNonFinite(new Float32Array(5000).fill(3.4e38))).toBe(false)
  })

  it('name the first row that is not a probability row, as the JS rule does', () => {
    const rows = 30_001, cols = 10
    const base = probabilities(rows, cols)
    expect(wasmFirstNonProbabilityRow(base, rows, cols, 1e-3)).toBe(-1)
    const spoil: Array<[string, (d: Float32Array, r: number) => void]> = [
      ['NaN', (d, r) => { d[r * cols + 3] = Number.NaN }],
      ['negative', (d, r) => { d[r * cols] = -0.01 }],
      ['above 1', (d, r) => { d[r * cols + 9] = 1.5 }],
      ['sum off', (d, r) => { d[r * cols + 2] += 0.01 }],
    ]
    for (const [what, f] of spoil) {
      // In every position of a block of four, in the tail rows, and past the first 1 MiB block.
      for (const r of [0, 1, 2, 3, 4, 26_214, 29_999, 30_000]) {
        const d = base.slice()
        f(d, r)
        if (r + 7 < rows) f(d, r + 7) // a later bad row does not hide the first
        expect(wasmFirstNonProbabilityRow(d, rows, cols, 1e-3), `${what} at row ${r}`).toBe(jsFirstNonProbabilityRow(d, rows, cols, 1e-3))
      }
    }
    // −0 is in range (as `v >= 0` says), and a sum just inside the tolerance passes.
    const d = base.slice()
    d[5 * cols] = -0
    expect(wasmFirstNonProbabilityRow(d, rows, cols, 1)).toBe(-1)
    expect(wasmFirstNonProbabilityRow(base, rows, cols, 0)).toBe(jsFirstNonProbabilityRow(base, rows, cols, 0))
  })

  it('find each row\'s largest value as the JS twin does, and flag a sign bit', () => {
    for (const [rows, cols] of [[30_003, 10], [5000, 1], [2000, 3], [1000, 300]]) {
      const d = probabilities(rows, cols)
      const out = new Float64Array(rows), js = new Float64Array(rows)
      expect(wasmRowMaxima(d, rows, cols, out)).toBe(jsRowMaxima(d, rows, cols, js))
      expect(Array.from(out)).toEqual(Array.from(js))
      expect(out[rows - 1]).toBe(Math.max(...d.subarray((rows - 1) * cols)))
      d[cols + 1] = -0
      expect(wasmRowMaxima(d, rows, cols, out)).toBeLessThan(0)
      expect(jsRowMaxima(d, rows, cols, js)).toBeLessThan(0)
    }
  })
})
