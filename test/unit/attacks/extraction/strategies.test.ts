import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { auditExtraction } from '../../../../src/attacks/extraction/audit.js'
import type { ExtractionStrategy } from '../../../../src/attacks/extraction/types.js'
import { createRng } from '../../../../src/data/rng.js'
import { createTarget } from '../../../../src/targets/create-target.js'
import { fromFunction } from '../../../../src/targets/from-function.js'

// Three classes in 2-D, soft answers from a non-linear score (so equation solving must refuse it).
function probs([a, b]: number[]): number[] {
  const z = [2 * a * a - 1, 2 * b, -2 * b - a]
  const m = Math.max(...z)
  const e = z.map((v) => Math.exp(v - m))
  const s = e[0] + e[1] + e[2]
  return e.map((v) => v / s)
}
const argmax = (p: number[]) => p.indexOf(Math.max(...p))
const predict = (rows: number[][]) => rows.map(probs)

function points(n: number, seed: number): number[][] {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => [2 * rng.next() - 1, 2 * rng.next() - 1])
}
const pool = points(200, 1)
const evalX = points(200, 2)
const evaluation = { x: evalX, y: evalX.map((r) => argmax(probs(r))) }
const small = { hidden: [16], epochs: 40, roundEpochs: 5, seedSize: 10, roundSize: 10, uniformPoints: 200 }
const STRATEGIES: ExtractionStrategy[] = ['pool', 'synthetic', 'augment', 'active']

describe('auditExtraction strategies', () => {
  it.each(STRATEGIES)('%s spends exactly its budget and copies the target', async (strategy) => {
    const target = fromFunction(predict)
    const r = await auditExtraction(target, { pool, evaluation, strategy, budget: 80, ...small })
    expect(r).toMatchObject({ strategy, queriesUsed: 80, budget: 80, labels: 'soft', uniform: 200 })
    // Attack + the auditor's evaluation and uniform queries, nothing else.
    expect(target.queryCount).toBe(80 + 200 + 200)
    expect(r.fidelity).toBeGreaterThan(0.7) // measured 0.77–0.91 on wasm
    expect(r.fidelityUniform).toBeGreaterThan(0.6)
    expect(r.fidelityUniform).toBeLessThanOrEqual(1)
  })

  it('synthetic works without a pool from featureRanges, and gaussian sampling differs', async () => {
    const opts = { evaluation, strategy: 'synthetic' as const, budget: 60, featureRanges: [[-1, 1], [-1, 1]] as Array<[number, number]>, ...small }
    const u = await auditExtraction(predict, opts)
    const g = await auditExtraction(predict, { ...opts, distribution: 'gaussian' })
    expect(u.queriesUsed).toBe(60)
    expect(g.queriesUsed).toBe(60)
    expect(u.fidelity).not.toBe(g.fidelity)
  })

  it('trains on hard labels behind a label interface, soft otherwise; labels forces one', async () => {
    const labelTarget = () => createTarget(async (m) => {
      const out = new Float32Array(m.rows)
      for (let i = 0; i < m.rows; i++) out[i] = argmax(probs([m.data[2 * i], m.data[2 * i + 1]]))
      return { data: out, rows: m.rows, cols: 1 }
    }, { name: 'label api', outputMode: 'label', classes: 3 })
    const hard = await auditExtraction(labelTarget(), { pool, evaluation, budget: 60, ...small })
    expect(hard.labels).toBe('hard')
    const soft = await auditExtraction(predict, { pool, evaluation, budget: 60, ...small })
    const forced = await auditExtraction(predict, { pool, evaluation, budget: 60, labels: 'hard', ...small })
    expect(soft.labels).toBe('soft')
    expect(forced.labels).toBe('hard')
    expect(forced.fidelity).not.toBe(soft.fidelity)
  })

  it('budgets give a curve along one stream; each point equals a run at that budget', async () => {
    const target = fromFunction(predict)
    const opts = { pool, evaluation, strategy: 'active' as const, seed: 4, ...small }
    const r = await auditExtraction(target, { ...opts, budgets: [60, 30, 90] })
    expect(r.budget).toBe(90)
    expect(r.queriesUsed).toBe(90)
    expect(target.queryCount).toBe(90 + 200 + 200)
    expect(r.curve?.map((p) => p.budget)).toEqual([30, 60, 90])
    expect(r.curve?.[2]).toEqual({ budget: 90, fidelity: r.fidelity, surrogateAccuracy: r.surrogateAccuracy, fidelityUniform: r.fidelityUniform })
    const at60 = await auditExtraction(predict, { ...opts, budget: 60 })
    expect(r.curve?.[1]).toEqual({ budget: 60, fidelity: at60.fidelity, surrogateAccuracy: at60.surrogateAccuracy, fidelityUniform: at60.fidelityUniform })
  })

  it.each(['augment', 'active'] as const)('%s: same seed ⇒ same numbers', async (strategy) => {
    const opts = { pool, evaluation, strategy, budget: 40, seed: 9, ...small, epochs: 10 }
    expect(await auditExtraction(predict, opts)).toEqual(await auditExtraction(predict, opts))
  })

  it('augment leaves no tensors behind (tf.grad through the surrogate)', async () => {
    const opts = { pool, evaluation, strategy: 'augment' as const, budget: 40, ...small, epochs: 2 }
    await auditExtraction(predict, opts)
    const before = tf.memory().numTensors
    await auditExtraction(predict, opts)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('uniformPoints: 0 skips the uniform fidelity', async () => {
    const r = await auditExtraction(predict, { pool, evaluation, budget: 30, ...small, uniformPoints: 0 })
    expect(r.fidelityUniform).toBeNull()
    expect(r.uniform).toBe(0)
  })

  describe('bad input', () => {
    it('budget larger than a finite pool for pool and active', async () => {
      for (const strategy of ['pool', 'active'] as const) {
        await expect(auditExtraction(predict, { pool, evaluation, strategy, budget: 201 })).rejects.toThrow(
          `budget: 201 queries asked, but the attacker pool has only 200 records (strategy "${strategy}"`,
        )
      }
    })
    it('synthetic without a pool or feature ranges is refused before any query', async () => {
      const target = fromFunction(predict)
      await expect(auditExtraction(target, { evaluation, strategy: 'synthetic', budget: 10 })).rejects.toThrow(
        /featureRanges: strategy "synthetic" needs the feature ranges: give a pool .* or featureRanges, found neither/,
      )
      expect(target.queryCount).toBe(0)
    })
    it('synthetic without a pool needs a budget', async () => {
      await expect(auditExtraction(predict, { evaluation, strategy: 'synthetic', featureRanges: [[0, 1], [0, 1]] })).rejects.toThrow(
        /budget: strategy "synthetic" without a pool needs an explicit budget/,
      )
    })
    it('pool-based strategies without a pool', async () => {
      await expect(auditExtraction(predict, { evaluation, strategy: 'active', budget: 10 })).rejects.toThrow(/pool: strategy "active" needs the attacker pool/)
    })
    it('a target that stops answering mid-attack names the queries spent', async () => {
      let calls = 0
      const target = createTarget(async (m) => {
        if (++calls > 3) throw new Error('503 Service Unavailable')
        return { data: Float32Array.from(predict(Array.from({ length: m.rows }, (_, i) => [m.data[2 * i], m.data[2 * i + 1]])).flat()), rows: m.rows, cols: 3 }
      }, { name: 'flaky api', batchSize: 10 })
      // Seed set (10 rows, 1 call) + two rounds of 10 rows, then the fourth call fails.
      await expect(auditExtraction(target, { pool, evaluation, strategy: 'active', budget: 80, ...small })).rejects.toThrow(
        /strategy "active"\): the target stopped answering after 30 of budget 80 queries: .*503 Service Unavailable/,
      )
    })
    it('unknown options are named', async () => {
      await expect(auditExtraction(predict, { pool, evaluation, strategy: 'magic' as never })).rejects.toThrow(/strategy: unknown extraction strategy "magic"/)
      await expect(auditExtraction(predict, { pool, evaluation, labels: 'fuzzy' as never })).rejects.toThrow(/labels: expected "soft" or "hard", found "fuzzy"/)
      await expect(auditExtraction(predict, { pool, evaluation, featureRanges: [[0, 1]] })).rejects.toThrow(/featureRanges: expected 2 \[min, max\] pairs/)
      await expect(auditExtraction(predict, { pool, evaluation, budget: 50, budgets: [20, 60] })).rejects.toThrow(/budgets: 60 is larger than budget 50/)
      await expect(auditExtraction(predict, { pool, evaluation, budgets: [0] })).rejects.toThrow(/budgets\[0\]: expected a positive integer/)
    })
  })
})
