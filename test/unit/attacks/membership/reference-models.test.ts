import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AttackContext } from '../../../../src/attacks/membership/attack.js'
import {
  insideMasks, pairedHalves, referenceSettings, requirePool, trainReferenceModels,
} from '../../../../src/attacks/membership/reference-models.js'
import { createRng } from '../../../../src/data/rng.js'
import { tf } from '../../../../src/runtime/tf.js'
import { blobs, CLASSES } from './synthetic.js'

describe('pairedHalves', () => {
  it('gives complementary pairs of halves: every record is IN for exactly k/2 models', () => {
    const halves = pairedHalves(11, 4, createRng(1))
    expect(halves.map((h) => h.length)).toEqual([5, 6, 5, 6])
    const inside = insideMasks(11, halves)
    for (let r = 0; r < 11; r++) {
      expect(inside[0][r] + inside[1][r]).toBe(1)
      expect(inside[2][r] + inside[3][r]).toBe(1)
    }
    // Sorted indices, and the two pairs are different permutations.
    for (const h of halves) expect(Array.from(h)).toEqual(Array.from(h).sort((a, b) => a - b))
    expect(Array.from(halves[0])).not.toEqual(Array.from(halves[2]))
  })

  it('is deterministic for a seed; an odd k ends with one unpaired half', () => {
    const a = pairedHalves(20, 3, createRng(7)).map((h) => Array.from(h))
    const b = pairedHalves(20, 3, createRng(7)).map((h) => Array.from(h))
    expect(a).toEqual(b)
    expect(a.map((h) => h.length)).toEqual([10, 10, 10])
    expect(pairedHalves(20, 3, createRng(8)).map((h) => Array.from(h))).not.toEqual(a)
  })
})

describe('referenceSettings', () => {
  it('fills in the documented defaults', () => {
    expect(referenceSettings({}, 8)).toEqual({ k: 8, hidden: [64], epochs: 50, batchSize: 32, learningRate: 1e-3, workers: undefined, checkDeterminism: false })
    expect(referenceSettings({ k: 2, hidden: [8, 4], epochs: 3, batchSize: 5, learningRate: 0.1, workers: 3 }, 8))
      .toEqual({ k: 2, hidden: [8, 4], epochs: 3, batchSize: 5, learningRate: 0.1, workers: 3, checkDeterminism: false })
    // A recipe path is made absolute against the working directory; a function is kept.
    expect(referenceSettings({ recipe: 'privacy/train.ts', checkDeterminism: true }, 8))
      .toMatchObject({ recipe: join(process.cwd(), 'privacy/train.ts'), checkDeterminism: true })
    const recipe = async () => (rows: number[][]) => rows
    expect(referenceSettings({ recipe }, 8).recipe).toBe(recipe)
  })

  it('names the setting and what was found', () => {
    expect(() => referenceSettings({ k: 0 }, 4)).toThrow('settings.k: expected an integer ≥ 1, found 0')
    expect(() => referenceSettings({ k: 2.5 }, 4)).toThrow('settings.k: expected an integer ≥ 1, found 2.5')
    expect(() => referenceSettings({ hidden: [8, 0] }, 4)).toThrow('settings.hidden[1]: expected an integer ≥ 1, found 0')
    expect(() => referenceSettings({ hidden: 8 as never }, 4)).toThrow('settings.hidden: expected an array, found 8')
    expect(() => referenceSettings({ epochs: 0 }, 4)).toThrow('settings.epochs: expected an integer ≥ 1, found 0')
    expect(() => referenceSettings({ batchSize: -1 }, 4)).toThrow('settings.batchSize: expected an integer ≥ 1, found -1')
    expect(() => referenceSettings({ learningRate: 0 }, 4)).toThrow('settings.learningRate: expected a number > 0, found 0')
    expect(() => referenceSettings({ workers: 0 }, 4)).toThrow('settings.workers: expected an integer ≥ 1, found 0')
    expect(() => referenceSettings({ workers: 1.5 }, 4)).toThrow('settings.workers: expected an integer ≥ 1, found 1.5')
    expect(() => referenceSettings({ workers: '2' as never }, 4)).toThrow('settings.workers: expected an integer ≥ 1, found a string ("2")')
  })
})

describe('requirePool', () => {
  const ctx = (n: number | undefined, classes = 10) => ({ pool: n === undefined ? undefined : blobs(n, 1), classes }) as AttackContext

  it('says how many records are needed and why', () => {
    expect(() => requirePool(ctx(37), 'lira', 8, 'reference models')).toThrow(
      'pool: 37 records; lira with k = 8 needs at least 100 (each of the 8 reference models trains on a random half of the pool, ' +
        'which should hold at least 5 records of each of the 10 classes: 2 × 5 × 10)',
    )
    expect(requirePool(ctx(100), 'lira', 8, 'reference models').y.length).toBe(100)
    expect(() => requirePool(ctx(29, 3), 'shadow', 2, 'shadow models')).toThrow(/^pool: 29 records; shadow with k = 2 needs at least 30 \(each of the 2 shadow models/)
  })

  it('refuses a missing pool', () => {
    expect(() => requirePool(ctx(undefined), 'rmia', 4, 'reference models')).toThrow(
      'attack "rmia" trains reference models on the attacker\'s labelled records: pass pool (a labelled Dataset, disjoint from the members)',
    )
  })
})

describe('trainReferenceModels', () => {
  it('trains k models on their halves and predicts the requested matrices; same results with 1 or 2 workers', async () => {
    const pool = blobs(60, 2)
    const probe = blobs(7, 3).x
    const settings = { k: 2, hidden: [8], epochs: 3, batchSize: 16, learningRate: 0.01, workers: 1 }
    const tensors = tf.memory().numTensors
    const serial = await trainReferenceModels(pool, CLASSES, settings, createRng(5), [probe, pool.x])
    expect(tf.memory().numTensors).toBe(tensors)
    expect(serial.halves.map((h) => h.length)).toEqual([30, 30])
    expect(serial.predictions).toHaveLength(2)
    expect(serial.predictions[0].map((m) => [m.rows, m.cols])).toEqual([[7, 3], [60, 3]])
    const parallel = await trainReferenceModels(pool, CLASSES, { ...settings, workers: 2 }, createRng(5), [probe, pool.x])
    expect(parallel.halves).toEqual(serial.halves)
    for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) expect(parallel.predictions[j][i].data).toEqual(serial.predictions[j][i].data)
  })
  it('trains every model with the caller\'s training options (DP-SGD): different from plain training, same with 1 or 2 workers', async () => {
    const pool = blobs(60, 2)
    const probe = blobs(7, 3).x
    const settings = { k: 2, hidden: [8], epochs: 3, batchSize: 16, learningRate: 0.01, workers: 1 }
    const training = { dp: { noiseMultiplier: 1, clipNorm: 1, delta: 1e-3 }, engine: 'js' as const }
    const plain = await trainReferenceModels(pool, CLASSES, settings, createRng(5), [probe])
    const dp = await trainReferenceModels(pool, CLASSES, settings, createRng(5), [probe], training)
    const dpParallel = await trainReferenceModels(pool, CLASSES, { ...settings, workers: 2 }, createRng(5), [probe], training)
    expect(dp.halves).toEqual(plain.halves)
    for (let j = 0; j < 2; j++) {
      expect(dp.predictions[j][0].data).not.toEqual(plain.predictions[j][0].data)
      expect(dpParallel.predictions[j][0].data).toEqual(dp.predictions[j][0].data)
    }
    // The options reach the training itself: DP-SGD on the tfjs engine is refused there.
    await expect(trainReferenceModels(pool, CLASSES, settings, createRng(5), [probe], { ...training, engine: 'tfjs' })).rejects.toThrow(/options\.dp: DP-SGD needs per-example gradients/)
  })
})
