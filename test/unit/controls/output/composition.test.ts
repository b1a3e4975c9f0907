import { describe, expect, it } from 'vitest'
import { gaussianNoise } from '../../../../src/controls/output/gaussian-noise.js'
import { labelOnly } from '../../../../src/controls/output/label-only.js'
import { reverseSigmoid } from '../../../../src/controls/output/reverse-sigmoid.js'
import { roundTo } from '../../../../src/controls/output/round-to.js'
import { topK } from '../../../../src/controls/output/top-k.js'
import { bucket } from '../../../../src/controls/output/bucket.js'
import type { Matrix } from '../../../../src/data/matrix.js'
import { argmaxRows } from '../../../../src/data/matrix.js'
import { createTarget } from '../../../../src/targets/create-target.js'
import { TargetAnswerError } from '../../../../src/targets/target.js'
import { toTarget } from '../../../../src/targets/to-target.js'

/** A 3-feature, 5-class target: softmax of (row · [1, 2, 3, 4, 5]) scaled by the first feature. */
function fiveClass() {
  return createTarget(
    async (rows) => {
      const out = new Float32Array(rows.rows * 5)
      for (let r = 0; r < rows.rows; r++) {
        const a = rows.data[r * rows.cols], b = rows.data[r * rows.cols + 1]
        const z = [0, 1, 2, 3, 4].map((c) => a * Math.sin(c + b))
        const m = Math.max(...z)
        const e = z.map((v) => Math.exp(v - m))
        const s = e.reduce((x, y) => x + y, 0)
        e.forEach((v, c) => (out[r * 5 + c] = v / s))
      }
      return { data: out, rows: rows.rows, cols: 5 }
    },
    { name: 'five', features: 3, batchSize: 7 },
  )
}

function grid(n: number): Matrix {
  const data = new Float32Array(n * 3)
  for (let r = 0; r < n; r++) { data[r * 3] = (r % 13) / 2; data[r * 3 + 1] = r / 10; data[r * 3 + 2] = 1 }
  return { data, rows: n, cols: 3 }
}

describe('composition', () => {
  it('roundTo(2)(topK(3)(model)): at most 3 non-zero entries, multiples of 0.01, summing to 1, argmax kept up to ties', async () => {
    const inner = fiveClass()
    const t = roundTo(2)(topK(3)(inner))
    expect(t.name).toBe('five | topK(3) | roundTo(2)')
    expect(t.features).toBe(3)
    expect(t.outputMode).toBe('probabilities')
    const x = grid(50)
    const out = await t.query(x)
    const base = await fiveClass().query(x)
    const ab = argmaxRows(base), ao = argmaxRows(out)
    for (let r = 0; r < x.rows; r++) {
      const row = Array.from(out.data.subarray(r * 5, r * 5 + 5))
      expect(row.filter((v) => v > 0).length).toBeLessThanOrEqual(3)
      expect(Math.round(row.reduce((s, v) => s + v * 100, 0))).toBe(100)
      if (ao[r] !== ab[r]) expect(row[ao[r]]).toBe(row[ab[r]])
    }
  })

  it('every control composes with every other (rows sum to 1), and labelOnly() goes last', async () => {
    const chain = labelOnly()(gaussianNoise({ scale: 0.01, seed: 3 })(reverseSigmoid()(bucket([0.25, 0.5, 0.75])(roundTo(3)(topK(4)(fiveClass()))))))
    expect(chain.outputMode).toBe('label')
    const out = await chain.query(grid(40))
    for (let r = 0; r < 40; r++) expect(out.data.subarray(r * 5, r * 5 + 5).reduce((s, v) => s + v, 0)).toBe(1)
  })

  it('counting: each wrapper counts the rows sent through it; the inner target counts the same rows, once', async () => {
    const inner = fiveClass()
    const mid = topK(2)(inner)
    const outer = roundTo(1)(mid)
    await outer.query(grid(30))
    expect([outer.queryCount, mid.queryCount, inner.queryCount]).toEqual([30, 30, 30])
    await mid.query(grid(5)) // the inner wrapper used directly: the outer one did not see it
    expect([outer.queryCount, mid.queryCount, inner.queryCount]).toEqual([30, 35, 35])
    const lo = labelOnly()(inner)
    await lo.query(grid(4))
    expect([lo.queryCount, inner.queryCount]).toEqual([4, 39])
  })

  it('keeps the inner validation: a query of the wrong width and a malformed inner answer are refused', async () => {
    const t = topK(2)(fiveClass())
    await expect(t.query({ data: new Float32Array(4), rows: 2, cols: 2 })).rejects.toThrow(/expects 3/)
    expect(t.queryCount).toBe(0)
    const bad = roundTo(2)((rows: number[][]) => rows.map(() => [0.5, 0.6]))
    await expect(bad.query({ data: new Float32Array(2), rows: 1, cols: 2 })).rejects.toThrow(TargetAnswerError)
  })

  it('accepts any TargetLike (a predict function here) and refuses anything else via toTarget', async () => {
    const t = topK(1)((rows: number[][]) => rows.map(() => [0.2, 0.8]))
    expect(Array.from((await t.query({ data: new Float32Array(1), rows: 1, cols: 1 })).data)).toEqual([0, 1])
    expect(() => topK(1)(42 as never)).toThrow(/toTarget: expected a model under test/)
    expect(toTarget(t)).toBe(t)
  })

  it('an output control hands its inner target whole calls: the inner target batches them its own way', async () => {
    const calls: number[] = []
    const inner = createTarget(
      async (rows) => {
        calls.push(rows.rows)
        return { data: new Float32Array(rows.rows * 5).fill(0.2), rows: rows.rows, cols: 5 }
      },
      { name: 'flat', features: 3, batchSize: 'auto' },
    )
    await roundTo(2)(topK(3)(inner)).query(grid(3000))
    expect(calls).toEqual([3000])
    calls.length = 0
    await labelOnly()(inner).query(grid(3000))
    expect(calls).toEqual([3000])
  })
})
