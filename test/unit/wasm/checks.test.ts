import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { wasmFirstNonProbabilityRow, wasmHasNonFinite, wasmRowMaxima } from '../../../src/wasm/checks.js'

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

/** The rule the JS check applies (create-target.ts), row by row: the reference. */
function firstBadRow(d: Float32Array, rows: number, cols: number, tolerance: number): number {
  for (let r = 0; r < rows; r++) {
    let s = 0, ok = true
    for (let c = 0; c < cols; c++) {
      const v = d[r * cols + c]
      if (!(v >= 0 && v <= 1)) ok = false
      s += v
    }
    if (!ok || !(Math.abs(s - 1) <= tolerance)) return r
  }
  return -1
}

describe('the WebAssembly SIMD checks (assembly/checks.ts)', () => {
  it('leave small inputs to the JS twins', () => {
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
        expect(wasmFirstNonProbabilityRow(d, rows, cols, 1e-3), `${what} at row ${r}`).toBe(firstBadRow(d, rows, cols, 1e-3))
      }
    }
    // −0 is in range (as `v >= 0` says), and a sum just inside the tolerance passes.
    const d = base.slice()
    d[5 * cols] = -0
    expect(wasmFirstNonProbabilityRow(d, rows, cols, 1)).toBe(-1)
    expect(wasmFirstNonProbabilityRow(base, rows, cols, 0)).toBe(firstBadRow(base, rows, cols, 0))
  })

  it('find each row\'s largest value, and flag a sign bit', () => {
    for (const [rows, cols] of [[30_003, 10], [5000, 1], [2000, 3], [1000, 300_000 / 1000]]) {
      const d = probabilities(rows, cols)
      const out = new Float64Array(rows)
      expect(wasmRowMaxima(d, rows, cols, out)).toBeGreaterThanOrEqual(0)
      for (let r = 0; r < rows; r += 97) expect(out[r]).toBe(Math.max(...d.subarray(r * cols, (r + 1) * cols)))
      expect(out[rows - 1]).toBe(Math.max(...d.subarray((rows - 1) * cols)))
      d[cols + 1] = -0
      expect(wasmRowMaxima(d, rows, cols, out)).toBeLessThan(0)
    }
  })
})
