import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { auditExtraction } from '../../../../src/attacks/extraction/audit.js'
import { loadCsv } from '../../../../src/data/csv.js'
import { createRng } from '../../../../src/data/rng.js'
import { loadTfModel } from '../../../../src/runtime/model-io.js'
import { createTarget } from '../../../../src/targets/create-target.js'
import { fromFunction } from '../../../../src/targets/from-function.js'
import { fromTfModel } from '../../../../src/targets/from-tf-model.js'

const ROOT = path.resolve(import.meta.dirname, '../../../..')

// A softmax-linear 3-class model in 2-D, answering logits or probabilities.
const W = [[0.5, -1.2, 2], [1.5, 0.3, -0.7]]
const B = [0.1, -0.4, 0.2]
const logits = ([a, b]: number[]) => [0, 1, 2].map((k) => a * W[0][k] + b * W[1][k] + B[k])
const softmax = (z: number[]) => {
  const m = Math.max(...z)
  const e = z.map((v) => Math.exp(v - m))
  const s = e.reduce((x, y) => x + y)
  return e.map((v) => v / s)
}
const linear = (rows: number[][]) => rows.map((r) => softmax(logits(r)))
const argmax = (p: number[]) => p.indexOf(Math.max(...p))

function points(n: number, seed: number): number[][] {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => [4 * rng.next() - 2, 4 * rng.next() - 2])
}
const pool = points(100, 1)
const evalX = points(300, 2)
const evaluation = { x: evalX, y: evalX.map((r) => argmax(linear([r])[0])) }

describe('auditExtraction strategy "equation-solving"', () => {
  it('recovers a softmax-linear model exactly from d + 1 queries plus the checks', async () => {
    const target = fromFunction(linear)
    const r = await auditExtraction(target, { pool, evaluation, strategy: 'equation-solving' })
    expect(r).toMatchObject({ strategy: 'equation-solving', queriesUsed: 3 + 10, budget: 13, fidelity: 1, fidelityUniform: 1, surrogateAccuracy: 1 })
    expect(r.maxCheckError).toBeLessThan(1e-5)
    expect(target.queryCount).toBe(13 + 300 + 1000)
  })

  it('works on a logits interface and with featureRanges instead of a pool', async () => {
    const target = createTarget(async (m) => {
      const out = new Float32Array(m.rows * 3)
      for (let i = 0; i < m.rows; i++) out.set(logits([m.data[2 * i], m.data[2 * i + 1]]), 3 * i)
      return { data: out, rows: m.rows, cols: 3 }
    }, { name: 'logit api', outputMode: 'logits' })
    const r = await auditExtraction(target, { evaluation, strategy: 'equation-solving', featureRanges: [[-2, 2], [-2, 2]], verifyQueries: 2 })
    expect(r.queriesUsed).toBe(5)
    expect(r.fidelity).toBe(1)
  })

  it('extracts the logistic-regression digits fixture with fidelity ≥ 0.999 in at most (d+1)·k queries', async () => {
    const model = await loadTfModel(path.join(ROOT, 'fixtures/models/logistic/model.json'))
    const digitsPool = await loadCsv(path.join(ROOT, 'fixtures/data/digits-split/pool.csv'), { scale: 1 / 16 })
    const nonMembers = await loadCsv(path.join(ROOT, 'fixtures/data/digits-split/non-members.csv'), { scale: 1 / 16 })
    const r = await auditExtraction(fromTfModel(model), { pool: digitsPool, evaluation: nonMembers, strategy: 'equation-solving' })
    expect(r.queriesUsed).toBe(65 + 10)
    expect(r.queriesUsed).toBeLessThanOrEqual(65 * 10)
    expect(r.fidelity).toBeGreaterThanOrEqual(0.999)
    expect(r.fidelityUniform).toBeGreaterThanOrEqual(0.999)
    model.dispose()
  })

  describe('bad input', () => {
    it('a non-linear target is detected and refused with the reason and the queries spent', async () => {
      const curved = (rows: number[][]) => rows.map(([a, b]) => softmax([a * a, b, -b * a]))
      await expect(auditExtraction(curved, { pool, evaluation, strategy: 'equation-solving' })).rejects.toThrow(
        /the target is not softmax-linear: the model solved from 3 queries misses the 10 check queries by up to .* in probability \(tolerance 0.001\); 13 queries spent/,
      )
    })
    it('a label interface is refused before any query', async () => {
      const target = createTarget(async (m) => ({ data: new Float32Array(m.rows), rows: m.rows, cols: 1 }), { name: 'label api', outputMode: 'label', classes: 3 })
      await expect(auditExtraction(target, { pool, evaluation, strategy: 'equation-solving' })).rejects.toThrow(/"equation-solving" needs probability or logit answers.*0 queries spent/)
      expect(target.queryCount).toBe(0)
    })
    it('a budget below d + 1 + checks, and budgets, are refused', async () => {
      await expect(auditExtraction(linear, { pool, evaluation, strategy: 'equation-solving', budget: 12 })).rejects.toThrow(
        /budget: strategy "equation-solving" needs d \+ 1 = 3 queries to solve plus 10 to check \(verifyQueries\), 13 in all; found budget 12/,
      )
      await expect(auditExtraction(linear, { pool, evaluation, strategy: 'equation-solving', budgets: [20] })).rejects.toThrow(/budgets: not supported with strategy "equation-solving"/)
    })
  })
})
