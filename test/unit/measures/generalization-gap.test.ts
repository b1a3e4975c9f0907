/**
 * Generalisation gap of the fixtures (wasm): digits-leaky (100 members) and digits-regularised
 * (600 members), held out: non-members.csv. Figures are printed by the first test.
 */
import { describe, expect, it } from 'vitest'
import { generalizationGap } from '../../../src/measures/generalization-gap.js'
import { loadDataset } from '../../../src/data/load.js'
import { crossEntropy } from '../../../src/metrics/cross-entropy.js'
import { loadTfModel } from '../../../src/runtime/model-io.js'

const root = new URL('../../../fixtures/', import.meta.url).pathname
const load = (name: string) => loadDataset(`${root}data/digits-split/${name}.csv`, { scale: 1 / 16 })

describe('generalizationGap', () => {
  it('the leaky model overfits more than the regularised one, in accuracy and in loss', async () => {
    const [leaky, regularised] = await Promise.all([loadTfModel(`${root}models/digits-leaky/model.json`), loadTfModel(`${root}models/digits-regularised/model.json`)])
    const heldOut = await load('non-members')
    const a = await generalizationGap(leaky, { train: await load('members-leaky'), heldOut })
    const b = await generalizationGap(regularised, { train: await load('members'), heldOut })
    leaky.dispose()
    regularised.dispose()
    console.log(`gap digits-leaky: accuracy ${a.accuracyGap.toFixed(3)}, loss ${a.lossGap.toFixed(3)}; digits-regularised: accuracy ${b.accuracyGap.toFixed(3)}, loss ${b.lossGap.toFixed(3)}`)
    expect(a.trainAccuracy).toBe(1)
    expect(a.accuracyGap).toBeCloseTo(a.trainAccuracy - a.heldOutAccuracy, 12)
    expect(a.accuracyGap).toBeGreaterThan(b.accuracyGap)
    expect(a.lossGap).toBeGreaterThan(b.lossGap)
    expect(a.lossGap).toBeGreaterThan(0)
    expect([a.train, a.heldOut, b.train]).toEqual([100, 600, 600])
  })

  it('is zero for a constant model on any data, and refuses labels the model cannot output', async () => {
    const constant = (rows: number[][]) => rows.map(() => [0.25, 0.75])
    const data = { x: [[0], [1]], y: [0, 1] }
    const g = await generalizationGap(constant, { train: data, heldOut: data })
    expect(g).toMatchObject({ accuracyGap: 0, lossGap: 0, trainAccuracy: 0.5 })
    await expect(generalizationGap(constant, { train: { x: [[0]], y: [2] }, heldOut: data })).rejects.toThrow("train.y[0]: label 2 is outside the target's classes 0..1")
  })
})

describe('crossEntropy', () => {
  it('averages −ln p_y and clips p_y at 1e-7', () => {
    expect(crossEntropy(new Float32Array([0.5, 0.5, 0, 1]), 2, new Int32Array([0, 0]))).toBeCloseTo((Math.log(2) + Math.log(1e7)) / 2, 6)
    expect(() => crossEntropy([0.5], 2, new Int32Array([0]))).toThrow('probabilities: expected 1 rows × 2 classes = 2 values, found 1')
  })
})
