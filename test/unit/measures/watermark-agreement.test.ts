/**
 * Watermark checks on fixtures/models/digits-watermarked (40 noise triggers with random labels).
 * Measured (wasm): the marked model agrees on 40/40 triggers; a surrogate extracted from it with
 * the attacker's pool (597 queries, soft labels) agrees on 8 of them (0.200) — chance is
 * 0.1. So here the watermark does not carry over to a copy made from ordinary queries: the attacker
 * never asked about the triggers. This is reported, not hidden: docs/controls.md says not to rely on
 * watermarks alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { watermarkAgreement } from '../../../src/measures/watermark-agreement.js'
import type { LoadedDataset } from '../../../src/data/csv.js'
import { toDense } from '../../../src/data/dataset.js'
import { loadDataset } from '../../../src/data/load.js'
import { loadTfModel } from '../../../src/runtime/model-io.js'
import { tf } from '../../../src/runtime/tf.js'
import { trainClassifier } from '../../../src/runtime/train-classifier.js'
import { createTarget } from '../../../src/targets/create-target.js'
import { toTarget } from '../../../src/targets/to-target.js'

const root = new URL('../../../fixtures/', import.meta.url).pathname
let model: tf.LayersModel | tf.GraphModel
let triggers: LoadedDataset
let pool: LoadedDataset

beforeAll(async () => {
  model = await loadTfModel(`${root}models/digits-watermarked/model.json`)
  triggers = await loadDataset(`${root}data/watermark-triggers.csv`, { scale: 1 / 16 })
  pool = await loadDataset(`${root}data/digits-split/pool.csv`, { scale: 1 / 16 })
})
afterAll(() => model.dispose())

describe('watermarkAgreement', () => {
  it('the marked model labels its triggers as marked (agreement ≥ 0.9, chance 0.1)', async () => {
    const r = await watermarkAgreement(model, triggers)
    expect(r).toMatchObject({ triggers: 40, chance: 0.1 })
    expect(r.agreement).toBeGreaterThanOrEqual(0.9)
  })

  it('a model trained without the triggers does not (digits-regularised)', async () => {
    const other = await loadTfModel(`${root}models/digits-regularised/model.json`)
    const r = await watermarkAgreement(other, triggers)
    other.dispose()
    expect(r.agreement).toBeLessThan(0.4)
  })

  it('reports whether a surrogate extracted from the pool carries the watermark', async () => {
    const before = tf.memory().numTensors
    const target = toTarget(model)
    const x = toDense(pool, 'pool').x
    const answers = await target.query(x)
    const surrogate = await trainClassifier({ features: 64, hidden: [64], classes: 10 }, x, answers, { epochs: 100, batchSize: 32, learningRate: 1e-3, seed: 3 })
    const copy = createTarget(async (rows) => surrogate.predict(rows), { name: 'surrogate', features: 64 })
    const r = await watermarkAgreement(copy, triggers)
    surrogate.dispose()
    console.log(`surrogate of digits-watermarked: trigger agreement ${r.agreement.toFixed(3)} (${r.matched}/${r.triggers}; chance ${r.chance})`)
    // Either outcome is acceptable; the figure is pinned so a change is noticed and re-reported.
    expect(r.agreement).toBeLessThan(0.5)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('a trigger set whose width does not match the model is refused with a clear error', async () => {
    const narrow = { x: [[0, 1, 2], [3, 4, 5]], y: [1, 2] }
    await expect(watermarkAgreement(model, narrow)).rejects.toThrow(
      /^triggers: rows have 3 features, but the model \(tfjs LayersModel.*\) takes 64; a trigger set must be made for the model it marks \(same input width and scaling\)$/,
    )
  })

  it('a trigger label outside the classes is refused', async () => {
    const x = Array.from({ length: 1 }, () => Array(64).fill(0))
    await expect(watermarkAgreement(model, { x, y: [12] })).rejects.toThrow("triggers.y[0]: label 12 is outside the target's classes 0..9")
  })
})
