import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { auditExtraction } from '../../../../src/attacks/extraction/audit.js'
import { toDense } from '../../../../src/data/dataset.js'
import { recordsDigest } from '../../../../src/data/digest.js'
import { createRng } from '../../../../src/data/rng.js'
import { wilsonInterval } from '../../../../src/metrics/wilson.js'
import { createTarget } from '../../../../src/targets/create-target.js'
import { fromFunction } from '../../../../src/targets/from-function.js'

// A target with a simple known decision function: class 1 when x0 + x1 > 0, soft probabilities.
const predict = (rows: number[][]) =>
  rows.map(([a, b]) => {
    const p1 = 1 / (1 + Math.exp(-4 * (a + b)))
    return [1 - p1, p1]
  })

function points(n: number, seed: number) {
  const rng = createRng(seed)
  const x: number[][] = []
  for (let i = 0; i < n; i++) x.push([rng.normal(), rng.normal()])
  return x
}
const pool = points(300, 1)
const evalX = points(200, 2)
const evaluation = { x: evalX, y: evalX.map(([a, b]) => (a + b > 0 ? 1 : 0)) }
const small = { epochs: 30, hidden: [16] }

describe('auditExtraction (pool strategy)', () => {
  it('copies a simple decision function with high fidelity and counts queries exactly', async () => {
    const target = fromFunction(predict)
    const r = await auditExtraction(target, { pool, evaluation, budget: 200, ...small })
    expect(r.fidelity).toBeGreaterThan(0.9)
    expect(r.targetAccuracy).toBe(1)
    expect(r.surrogateAccuracy).toBeGreaterThan(0.9)
    expect(r).toMatchObject({ strategy: 'pool', queriesUsed: 200, budget: 200, evaluation: 200, seed: 0 })
  })

  it('same seed ⇒ same numbers; the default budget is the whole pool', async () => {
    const a = await auditExtraction(predict, { pool, evaluation, seed: 7, ...small })
    const b = await auditExtraction(predict, { pool, evaluation, seed: 7, ...small })
    expect(a).toEqual(b)
    expect(a.queriesUsed).toBe(300)
  })

  it('leaves no tensors behind', async () => {
    await auditExtraction(predict, { pool, evaluation, budget: 50, epochs: 2, hidden: [4] })
    const before = tf.memory().numTensors
    await auditExtraction(predict, { pool, evaluation, budget: 50, epochs: 2, hidden: [4] })
    expect(tf.memory().numTensors).toBe(before)
  })

  it('ignores the labels of a Dataset pool', async () => {
    const opts = { evaluation, budget: 100, seed: 3, epochs: 5, hidden: [8] }
    const labelled = await auditExtraction(predict, { pool: { x: pool, y: pool.map(() => 0) }, ...opts })
    const bare = await auditExtraction(predict, { pool, ...opts })
    expect(labelled).toEqual(bare)
  })

  it('fidelity is agreement with the target\'s answers, not with the labels (a target wrong on a quarter of the records)', async () => {
    // Every fourth evaluation label is flipped: the target is right on exactly 75% of the records, so
    // a copy that agrees with the target must score fidelity high and accuracy near 0.75.
    const noisy = { x: evalX, y: evaluation.y.map((y, i) => (i % 4 === 0 ? 1 - y : y)) }
    const r = await auditExtraction(predict, { pool, evaluation: noisy, budget: 200, seed: 1, ...small, uniformPoints: 0 })
    expect(r.targetAccuracy).toBe(0.75)
    expect(r.fidelity).toBeGreaterThan(0.9)
    expect(r.surrogateAccuracy).toBeLessThan(0.85)
    expect(r.fidelity - r.surrogateAccuracy).toBeGreaterThan(0.1)
    // the per-record 0/1 outcomes behind the three rates, on the evaluation set's fingerprint
    const share = (o: string | undefined) => [...(o ?? '')].filter((c) => c === '1').length / 200
    expect(r.outcomes!.records).toBe(recordsDigest(toDense(noisy, 'evaluation')))
    expect(r.outcomes!.targetCorrect).toBe(noisy.y.map((_, i) => (i % 4 === 0 ? '0' : '1')).join(''))
    expect(share(r.outcomes!.fidelity)).toBe(r.fidelity)
    expect(share(r.outcomes!.surrogateAccuracy)).toBe(r.surrogateAccuracy)
  })

  it('gives each rate a 95% Wilson interval over the records it was measured on', async () => {
    const r = await auditExtraction(predict, { pool, evaluation, budget: 100, seed: 2, epochs: 10, hidden: [8], uniformPoints: 300 })
    expect(r.repeats).toBe(1)
    expect(r.runs).toBeUndefined()
    expect(r.fidelityInterval).toEqual(wilsonInterval(r.fidelity, 200))
    expect(r.surrogateAccuracyInterval).toEqual(wilsonInterval(r.surrogateAccuracy, 200))
    expect(r.fidelityUniformInterval).toEqual(wilsonInterval(r.fidelityUniform!, 300))
  })

  it('repeats: R reseeded attackers, each its own budget; the first is the run of the seed; rates are their mean', async () => {
    const opts = { pool, evaluation, budget: 60, seed: 4, epochs: 8, hidden: [8], uniformPoints: 0 }
    const one = await auditExtraction(predict, opts)
    const target = fromFunction(predict)
    const three = await auditExtraction(target, { ...opts, repeats: 3 })
    expect(three.repeats).toBe(3)
    expect(three.runs).toHaveLength(3)
    expect(three.runs![0]).toMatchObject({ seed: 4, fidelity: one.fidelity, surrogateAccuracy: one.surrogateAccuracy, queriesUsed: 60 })
    expect(new Set(three.runs!.map((r) => r.seed)).size).toBe(3)
    const mean = three.runs!.reduce((a, r) => a + r.fidelity, 0) / 3
    expect(three.fidelity).toBeCloseTo(mean, 12)
    expect(three.fidelityInterval[0]).toBeLessThanOrEqual(three.fidelity)
    expect(three.fidelityInterval[1]).toBeGreaterThanOrEqual(three.fidelity)
    // 3 attacks of 60 queries, plus the auditor's 200 evaluation queries.
    expect(target.queryCount).toBe(3 * 60 + 200)
    expect(await auditExtraction(predict, { ...opts, repeats: 3 })).toEqual(three)
    // a mean over attackers has no one 0/1 outcome per record: only the target's are kept
    expect(Object.keys(three.outcomes!).sort()).toEqual(['records', 'targetCorrect'])
    expect(one.outcomes!.fidelity).toHaveLength(200)
  })

  describe('bad input', () => {
    it.each([0, -3, 2.5, Number.NaN])('budget %s', async (budget) => {
      await expect(auditExtraction(predict, { pool, evaluation, budget })).rejects.toThrow(/budget: expected a positive integer/)
    })
    it('budget larger than the pool', async () => {
      await expect(auditExtraction(predict, { pool, evaluation, budget: 301 })).rejects.toThrow(
        /budget: 301 queries asked, but the attacker pool has only 300 records/,
      )
    })
    it('pool and evaluation with different feature counts', async () => {
      await expect(auditExtraction(predict, { pool, evaluation: { x: [[1, 2, 3]], y: [0] } })).rejects.toThrow(
        /evaluation: rows have 3 features, but pool has 2/,
      )
    })
    it('a target that knows its input width refuses other data before querying', async () => {
      let calls = 0
      const target = createTarget(async (m) => { calls++; return m }, { name: 'three-feature model', features: 3 })
      await expect(auditExtraction(target, { pool, evaluation })).rejects.toThrow(/pool: rows have 2 features, but the target \(three-feature model\) takes 3/)
      expect(calls).toBe(0)
    })
    it('an empty pool', async () => {
      await expect(auditExtraction(predict, { pool: [], evaluation })).rejects.toThrow(/pool: is empty/)
    })
  })
})
