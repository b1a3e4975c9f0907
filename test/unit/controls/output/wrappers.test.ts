import { describe, expect, it } from 'vitest'
import { bucket } from '../../../../src/controls/output/bucket.js'
import { gaussianNoise, NOISE_FLOOR } from '../../../../src/controls/output/gaussian-noise.js'
import { labelOnly } from '../../../../src/controls/output/label-only.js'
import { reverseSigmoid } from '../../../../src/controls/output/reverse-sigmoid.js'
import { roundTo } from '../../../../src/controls/output/round-to.js'
import { topK } from '../../../../src/controls/output/top-k.js'
import type { Matrix } from '../../../../src/data/matrix.js'
import { argmaxRows } from '../../../../src/data/matrix.js'
import { createRng } from '../../../../src/data/rng.js'
import type { PredictFunction } from '../../../../src/targets/target.js'
import { toTarget } from '../../../../src/targets/to-target.js'

const F = 8
const K = 10

/** A seeded softmax-linear model: 8 features → 10 classes, temperature `t` (larger = more confident). */
function model(t = 3): PredictFunction {
  const rng = createRng(1)
  const w = Array.from({ length: K }, () => Array.from({ length: F }, () => rng.normal()))
  return (rows) =>
    rows.map((x) => {
      const z = w.map((wk) => t * wk.reduce((s, v, i) => s + v * x[i], 0))
      const m = Math.max(...z)
      const e = z.map((v) => Math.exp(v - m))
      const s = e.reduce((a, b) => a + b, 0)
      return e.map((v) => v / s)
    })
}

function inputs(n: number, seed = 2): Matrix {
  const rng = createRng(seed)
  const data = new Float32Array(n * F)
  for (let i = 0; i < data.length; i++) data[i] = rng.normal()
  return { data, rows: n, cols: F }
}

function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)))
}

function expectDistributions(m: Matrix): void {
  for (const row of rowsOf(m)) {
    expect(row.every((v) => v >= 0 && v <= 1)).toBe(true)
    expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5)
  }
}

const x = inputs(300)
let raw: Matrix
const rawAnswers = async () => (raw ??= await toTarget(model()).query(x))

describe('topK', () => {
  it('keeps k non-zero entries in the original order, renormalised, argmax kept', async () => {
    const base = await rawAnswers()
    const out = await topK(3)(model()).query(x)
    expectDistributions(out)
    expect(Array.from(argmaxRows(out))).toEqual(Array.from(argmaxRows(base)))
    for (const [r, row] of rowsOf(out).entries()) {
      const kept = row.map((v, c) => (v > 0 ? c : -1)).filter((c) => c >= 0)
      expect(kept).toHaveLength(3)
      const b = rowsOf(base)[r]
      const top3 = [...b.keys()].sort((i, j) => b[j] - b[i]).slice(0, 3).sort((i, j) => i - j)
      expect(kept).toEqual(top3)
      const s = top3.reduce((a, c) => a + b[c], 0)
      for (const c of top3) expect(row[c]).toBeCloseTo(b[c] / s, 6)
    }
  })

  it('breaks ties at the k-th place towards the lower class index; k ≥ classes changes nothing', async () => {
    const flat = toTarget(() => [[0.4, 0.2, 0.2, 0.2]])
    const one = { data: new Float32Array(1), rows: 1, cols: 1 }
    expect(Array.from((await topK(2)(flat).query(one)).data)).toEqual([Math.fround(2 / 3), Math.fround(1 / 3), 0, 0])
    expect(Array.from((await topK(4)(flat).query(one)).data)).toEqual([0.4, 0.2, 0.2, 0.2].map(Math.fround))
    expect(Array.from((await topK(1)(flat).query(one)).data)).toEqual([1, 0, 0, 0])
  })

  it('refuses a bad k, naming it', () => {
    for (const k of [0, -1, 1.5, NaN, '2' as unknown as number]) {
      expect(() => topK(k)).toThrow(/topK: k: expected an integer ≥ 1/)
    }
  })
})

describe('roundTo', () => {
  it('returns multiples of 10^-d that sum to 1 (largest remainder), argmax kept on this sample', async () => {
    const base = await rawAnswers()
    for (const d of [0, 1, 2, 3]) {
      const out = await roundTo(d)(model()).query(x)
      expectDistributions(out)
      for (const row of rowsOf(out)) {
        for (const v of row) expect(Math.abs(v * 10 ** d - Math.round(v * 10 ** d))).toBeLessThan(1e-3)
        expect(Math.round(row.reduce((a, v) => a + v * 10 ** d, 0))).toBe(10 ** d)
      }
      // The argmax moves only where the top two became equal at this precision (lower index wins).
      const o = rowsOf(out), ao = argmaxRows(out), ab = argmaxRows(base)
      let moved = 0
      for (let r = 0; r < x.rows; r++) if (ao[r] !== ab[r]) { moved++; expect(o[r][ao[r]]).toBe(o[r][ab[r]]) }
      if (d === 0) expect(moved).toBe(0)
    }
  })

  it('moves each value by less than one unit; roundTo(0) is one-hot on the argmax', async () => {
    const t = toTarget(() => [[0.34, 0.33, 0.33]])
    const one = { data: new Float32Array(1), rows: 1, cols: 1 }
    expect(Array.from((await roundTo(1)(t).query(one)).data)).toEqual([0.4, 0.3, 0.3].map(Math.fround))
    expect(Array.from((await roundTo(0)(t).query(one)).data)).toEqual([1, 0, 0])
  })

  it('refuses bad decimals, naming the argument', () => {
    for (const d of [-1, 11, 2.5, NaN]) expect(() => roundTo(d)).toThrow(/roundTo: decimals: expected an integer in 0..10/)
  })
})

describe('bucket', () => {
  it('maps each value to its bucket midpoint and renormalises; argmax kept unless the top two share a bucket', async () => {
    const t = toTarget(() => [[0.7, 0.2, 0.1, 0]])
    const one = { data: new Float32Array(1), rows: 1, cols: 1 }
    const out = await bucket([0.1, 0.5, 0.9])(t).query(one)
    // 0.7 → 0.7, 0.2 → 0.3, 0.1 → 0.3 (the edge starts its bucket), 0 → 0.05; sum 1.35
    const expected = [0.7, 0.3, 0.3, 0.05].map((v) => Math.fround(v / 1.35))
    Array.from(out.data).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6))
    const base = await rawAnswers()
    const many = await bucket([0.05, 0.2, 0.4, 0.6, 0.8, 0.95])(model()).query(x)
    expectDistributions(many)
    const b = rowsOf(base), m = rowsOf(many), am = argmaxRows(many), ab = argmaxRows(base)
    for (let r = 0; r < x.rows; r++) {
      const top = b[r][ab[r]]
      // Either the argmax is kept, or another class shares the top bucket (a tie, lower index wins).
      if (am[r] !== ab[r]) expect(m[r][am[r]]).toBe(m[r][ab[r]])
      expect(top).toBeGreaterThan(0)
    }
  })

  it('refuses edges that are empty, out of (0, 1) or unsorted, naming the element', () => {
    expect(() => bucket([])).toThrow(/bucket: edges: expected a non-empty array/)
    expect(() => bucket([0, 0.5])).toThrow(/bucket: edges\[0\]: expected a number in \(0, 1\), found 0/)
    expect(() => bucket([0.5, 1])).toThrow(/bucket: edges\[1\]: expected a number in \(0, 1\), found 1/)
    expect(() => bucket([0.5, 0.2])).toThrow(/bucket: edges\[1\]: expected edges sorted strictly increasing/)
    expect(() => bucket([0.5, 0.5])).toThrow(/edges\[1\]/)
  })
})

describe('reverseSigmoid', () => {
  it('applies p − β(σ(γσ⁻¹(p)) − ½), clipped and renormalised (defaults β 1, γ 0.1)', async () => {
    const p = [0.7, 0.2, 0.1]
    const t = toTarget(() => [p])
    const one = { data: new Float32Array(1), rows: 1, cols: 1 }
    const pert = (v: number, beta: number, gamma: number) => {
      const q = Math.fround(v)
      return Math.min(Math.max(q - beta * (1 / (1 + Math.exp(-gamma * Math.log(q / (1 - q)))) - 0.5), 0), 1)
    }
    for (const [opts, beta, gamma] of [[{}, 1, 0.1], [{ beta: 0.5, gamma: 0.3 }, 0.5, 0.3]] as const) {
      const raw = p.map((v) => pert(v, beta, gamma))
      const s = raw.reduce((a, b) => a + b, 0)
      const out = await reverseSigmoid(opts)(t).query(one)
      Array.from(out.data).forEach((v, i) => expect(v).toBeCloseTo(raw[i] / s, 6))
    }
  })

  it('with the defaults keeps the argmax of every row whose top probability is ≥ 0.5; a large β can change it', async () => {
    const base = await rawAnswers()
    const out = await reverseSigmoid()(model()).query(x)
    expectDistributions(out)
    const ab = argmaxRows(base), ao = argmaxRows(out), b = rowsOf(base)
    let confident = 0
    for (let r = 0; r < x.rows; r++) {
      if (b[r][ab[r]] >= 0.5) { confident++; expect(ao[r]).toBe(ab[r]) }
    }
    expect(confident).toBeGreaterThan(200) // the sample is mostly confident rows
    // Below 0.5 it is not promised: a class with p ≈ 0 is lifted to ≈ 0.388 before renormalising.
    const flat = toTarget(() => [[0.3, 0.25, 0.25, 0.2, 0]])
    const lifted = await reverseSigmoid()(flat).query({ data: new Float32Array(1), rows: 1, cols: 1 })
    expect(argmaxRows(lifted)[0]).toBe(4)
    const sharp = await toTarget(model(30)).query(x)
    const strong = await reverseSigmoid({ beta: 3 })(model(30)).query(x)
    expectDistributions(strong)
    const changed = argmaxRows(strong).filter((c, r) => c !== argmaxRows(sharp)[r]).length
    expect(changed).toBeGreaterThan(0)
  })

  it('refuses beta or gamma ≤ 0, naming the argument', () => {
    expect(() => reverseSigmoid({ beta: 0 })).toThrow(/reverseSigmoid: beta: expected a finite number > 0, found 0/)
    expect(() => reverseSigmoid({ gamma: -1 })).toThrow(/reverseSigmoid: gamma: expected a finite number > 0, found -1/)
    expect(() => reverseSigmoid({ beta: Infinity })).toThrow(/reverseSigmoid: beta/)
  })
})

describe('gaussianNoise', () => {
  it('perturbs, floors at 1e-6 and renormalises; same seed and queries give the same answers', async () => {
    const a = gaussianNoise({ scale: 0.05, seed: 7 })(model())
    const b = gaussianNoise({ scale: 0.05, seed: 7 })(model())
    const c = gaussianNoise({ scale: 0.05, seed: 8 })(model())
    const [a1, a2] = [await a.query(x), await a.query(x)]
    const [b1, b2] = [await b.query(x), await b.query(x)]
    expectDistributions(a1)
    expect(Array.from(a1.data)).toEqual(Array.from(b1.data))
    expect(Array.from(a2.data)).toEqual(Array.from(b2.data))
    expect(Array.from(a1.data)).not.toEqual(Array.from(a2.data)) // the stream moves on
    expect(Array.from((await c.query(x)).data)).not.toEqual(Array.from(a1.data))
    const min = Math.min(...a1.data)
    expect(min).toBeGreaterThan(0)
    expect(min).toBeLessThan(NOISE_FLOOR) // floored values, divided by a row sum a bit above 1
  })

  it('does not promise the argmax: scale 0.2 changes some on the sample, scale 0.001 none', async () => {
    const base = argmaxRows(await rawAnswers())
    const changed = async (scale: number) => {
      const out = argmaxRows(await gaussianNoise({ scale, seed: 0 })(model()).query(x))
      return out.filter((c, r) => c !== base[r]).length
    }
    expect(await changed(0.2)).toBeGreaterThan(0)
    expect(await changed(0.001)).toBe(0)
  })

  it('refuses a bad scale or seed, naming the argument', () => {
    expect(() => gaussianNoise({ scale: 0 })).toThrow(/gaussianNoise: scale: expected a finite number > 0, found 0/)
    expect(() => gaussianNoise({ scale: 0.1, seed: 1.5 })).toThrow(/gaussianNoise: seed: expected an integer, found 1.5/)
    expect(() => gaussianNoise(undefined as never)).toThrow(/gaussianNoise: options/)
  })
})

describe('labelOnly', () => {
  it('answers one-hot rows of the argmax with outputMode label, learning the classes from the first answer', async () => {
    const base = await rawAnswers()
    const t = labelOnly()(model())
    expect(t.outputMode).toBe('label')
    expect(t.queryCount).toBe(0)
    const empty = await t.query({ data: new Float32Array(0), rows: 0, cols: F })
    expect(empty.rows).toBe(0)
    const out = await t.query(x)
    expect(out.cols).toBe(K)
    expectDistributions(out)
    expect(Array.from(argmaxRows(out))).toEqual(Array.from(argmaxRows(base)))
    expect(out.data.every((v) => v === 0 || v === 1)).toBe(true)
    const again = await t.query(x)
    expect(Array.from(again.data)).toEqual(Array.from(out.data))
    expect(t.queryCount).toBe(2 * x.rows)
  })

  it('handles a first query larger than one batch and concurrent first queries, each row sent once', async () => {
    let sent = 0
    const m = model()
    const counted: PredictFunction = (rows) => { sent += rows.length; return m(rows) }
    const big = inputs(1200, 5)
    const t = labelOnly()(counted)
    const [a, b] = await Promise.all([t.query(big), t.query(x)])
    expect(a.rows).toBe(1200)
    expect(b.rows).toBe(300)
    expect(sent).toBe(1500)
    expect(t.queryCount).toBe(1500)
    expect(Array.from(argmaxRows(a))).toEqual(Array.from(argmaxRows(await toTarget(m).query(big))))
  })

  it('a failed first query leaves the control usable: the next query learns the classes', async () => {
    const t = labelOnly()(toTarget(model(), { features: F }))
    await expect(t.query({ data: new Float32Array(2), rows: 1, cols: 2 })).rejects.toThrow(/expects 8/)
    expect(t.queryCount).toBe(0)
    expect((await t.query(x)).cols).toBe(K)
    expect(t.queryCount).toBe(x.rows)
  })

  it('with classes declared, refuses an inner answer of another width', async () => {
    const t = labelOnly({ classes: 3 })(model())
    expect(t.outputMode).toBe('label')
    await expect(t.query(x)).rejects.toThrow(/inner target answered 10 classes, expected 3/)
    expect(() => labelOnly({ classes: 0 })).toThrow(/labelOnly: classes: expected a positive integer, found 0/)
  })

  it('probability controls refuse a label-only target (apply them before labelOnly)', () => {
    const t = labelOnly()(model())
    expect(() => topK(1)(t)).toThrow(/topK\(1\): target ".*labelOnly\(\)" answers with labels only; apply topK\(1\) before labelOnly\(\)/)
    expect(() => roundTo(2)(t)).toThrow(/answers with labels only/)
  })
})
