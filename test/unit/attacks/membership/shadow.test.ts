import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxConfidenceScores } from '../../../../src/attacks/membership/max-confidence.js'
import { globalFeatures, shadowAttack } from '../../../../src/attacks/membership/shadow.js'
import { auc } from '../../../../src/metrics/auc.js'
import { tf } from '../../../../src/runtime/tf.js'
import type { Target } from '../../../../src/targets/target.js'
import { blobProblem, blobs, blobTarget, CLASSES, context, smallProblem, TARGET_TRAINING, trainedTarget } from './synthetic.js'

// Shadows trained like the target (same architecture, epochs, learning rate), so they imitate it.
const settings = { ...TARGET_TRAINING, k: 4, workers: 1 }
let target: Target

beforeAll(async () => {
  target = await trainedTarget(smallProblem.members)
})
afterAll(() => target.dispose?.())

describe('globalFeatures', () => {
  it('is the probability row sorted in descending order, then the one-hot label', () => {
    const f = globalFeatures({ data: new Float32Array([0.2, 0.5, 0.3, 0.1, 0.1, 0.8]), rows: 2, cols: 3 }, new Int32Array([2, 0]))
    expect(f.cols).toBe(6)
    expect(Array.from(f.data)).toEqual(Array.from(new Float32Array([0.5, 0.3, 0.2, 0, 0, 1, 0.8, 0.1, 0.1, 1, 0, 0])))
  })
})

describe('shadowAttack', () => {
  it('per class: separates the members of a memorising MLP about as well as the loss does', async () => {
    const ctx = await context(target, smallProblem, { ...settings, perClass: true })
    const tensors = tf.memory().numTensors
    const s = await shadowAttack.score(ctx)
    expect(tf.memory().numTensors).toBe(tensors) // shadows and attack classifiers all disposed
    expect(auc(s.members, s.nonMembers)).toBeGreaterThan(0.6)
    for (const v of [...s.members, ...s.nonMembers]) expect(v >= 0 && v <= 1).toBe(true)
  })

  it('global: above 0.5, at the level of max-confidence (it sees the sorted probabilities only)', async () => {
    const ctx = await context(target, smallProblem, { ...settings, k: 2 })
    const s = await shadowAttack.score(ctx)
    const shadowAuc = auc(s.members, s.nonMembers)
    const maxConfidence = auc(maxConfidenceScores(ctx.memberAnswers), maxConfidenceScores(ctx.nonMemberAnswers))
    expect(shadowAuc).toBeGreaterThan(0.54)
    expect(shadowAuc).toBeGreaterThan(maxConfidence - 0.02)
  })

  it('≈ 0.5 on a target that does not distinguish members, global and per class', async () => {
    const fair = blobTarget(blobProblem.members, 1)
    for (const perClass of [false, true]) {
      const s = await shadowAttack.score(await context(fair, blobProblem, { hidden: [16], epochs: 10, learningRate: 0.01, k: 2, workers: 1, perClass }))
      expect(Math.abs(auc(s.members, s.nonMembers) - 0.5)).toBeLessThan(0.06)
    }
  })

  it('same seed ⇒ the same scores, with 1 or 2 workers; another seed ⇒ other scores', async () => {
    const s = { ...settings, k: 2, perClass: true }
    const a = await shadowAttack.score(await context(target, smallProblem, s, 6))
    const b = await shadowAttack.score(await context(target, smallProblem, { ...s, workers: 2 }, 6))
    expect(b.members).toEqual(a.members)
    expect(b.nonMembers).toEqual(a.nonMembers)
    const c = await shadowAttack.score(await context(target, smallProblem, s, 7))
    expect(c.members).not.toEqual(a.members)
  })

  it('refuses bad settings, a class the pool lacks (per class) and a pool that is too small', async () => {
    const ctx = await context(target, smallProblem, settings)
    await expect(shadowAttack.score({ ...ctx, settings: { perClass: 1 as never } })).rejects.toThrow('settings.perClass: expected true or false, found 1')
    await expect(shadowAttack.score({ ...ctx, settings: { k: 0 } })).rejects.toThrow('settings.k: expected an integer ≥ 1, found 0')
    await expect(shadowAttack.score({ ...ctx, settings: { workers: 2.5 } })).rejects.toThrow('settings.workers: expected an integer ≥ 1, found 2.5')
    const noClass2 = blobs(200, 24)
    const keep = Array.from(noClass2.y.keys()).filter((i) => noClass2.y[i] !== 2)
    const pool = {
      x: { data: Float32Array.from(keep.flatMap((i) => Array.from(noClass2.x.data.subarray(i * 6, i * 6 + 6)))), rows: keep.length, cols: 6 },
      y: Int32Array.from(keep, (i) => noClass2.y[i]),
    }
    await expect(shadowAttack.score({ ...ctx, pool, settings: { ...settings, perClass: true } })).rejects.toThrow(
      'settings.perClass: members has records of class 2, but the pool has none, so no attack classifier can be trained for it; add pool records of that class or use perClass: false',
    )
    await expect(shadowAttack.score({ ...ctx, pool: blobs(10, 1) })).rejects.toThrow(
      `pool: 10 records; shadow with k = 4 needs at least ${2 * 5 * CLASSES} (each of the 4 shadow models trains on a random half of the pool`,
    )
  })

  it('declares what it needs', () => {
    expect(shadowAttack).toMatchObject({ id: 'shadow', needs: 'probabilities' })
  })
})
