import { beforeAll, describe, expect, it } from 'vitest'
import { toDense } from '../../../src/data/dataset.js'
import { loadDataset } from '../../../src/data/load.js'
import type { Matrix } from '../../../src/data/matrix.js'
import { auditPrivacy, canariesNeeded } from '../../../src/privacy/audit-privacy.js'
import type { DpOptions } from '../../../src/privacy/dp-options.js'
import { oneRunEpsilon } from '../../../src/privacy/one-run.js'
import { trainClassifier } from '../../../src/runtime/train-classifier.js'

/**
 * Known answers of the one-run audit on the digits members (600 rows, 64 features, 10 classes) with
 * 100 mislabelled canaries and 40 guesses (a perfect guesser proves ε ≈ 2.5 at 95%).
 */
let data: { x: Matrix; y: Int32Array }
beforeAll(async () => {
  const root = new URL('../../../', import.meta.url).pathname
  data = toDense(await loadDataset(`${root}fixtures/data/digits-split/members.csv`, { scale: 1 / 16 }), 'members')
})

const spec = { features: 64, hidden: [32], classes: 10 }
const trainWith = (dp: DpOptions, seed: number) => (x: Matrix, y: Int32Array) =>
  trainClassifier(spec, x, y, { epochs: 20, batchSize: 32, learningRate: 1e-2, seed, engine: 'js', dp })
const audit = { classes: 10, canaries: 100, guesses: 40, delta: 1e-5, confidence: 0.95 }

describe('auditPrivacy (one run, Steinke et al. 2023)', () => {
  it('catches a broken pipeline: DP-SGD with noise 0 and no clipping proves more than a claimed ε = 1', async () => {
    const r = await auditPrivacy(trainWith({ noiseMultiplier: 0, clipNorm: 1e9 }, 1), { ...audit, data, claimedEpsilon: 1, seed: 1 })
    expect(r.epsilon).toBeGreaterThan(1)
    expect(r.epsilon).toBe(oneRunEpsilon({ canaries: 100, guesses: 40, correct: r.correct, delta: 1e-5, confidence: 0.95 }))
    expect(r).toMatchObject({ canaries: 100, guesses: 40 })
    expect(r.included).toBeGreaterThan(30)
    expect(r.included).toBeLessThan(70)
  })

  it('stays at or below ε = 2 for DP-SGD calibrated to ε = 2, over three seeds', async () => {
    for (const seed of [1, 2, 3]) {
      const r = await auditPrivacy(trainWith({ targetEpsilon: 2, clipNorm: 1, delta: 1e-5 }, seed), { ...audit, data, claimedEpsilon: 2, seed })
      expect(r.epsilon, `seed ${seed}: ${r.correct}/${r.guesses}`).toBeLessThanOrEqual(2)
    }
  })

  it('refuses too few canaries to refute the claim, saying how many would', async () => {
    const needed = canariesNeeded(4, 0.4, 1e-5, 0.95)!
    expect(oneRunEpsilon({ canaries: needed, guesses: Math.round(0.4 * needed), correct: Math.round(0.4 * needed), delta: 1e-5, confidence: 0.95 })).toBeGreaterThan(4)
    await expect(auditPrivacy(trainWith({ noiseMultiplier: 0, clipNorm: 1 }, 1), { ...audit, data, claimedEpsilon: 4 }))
      .rejects.toThrow(new RegExp(`canaries: 100 canaries with 40 guesses can prove at most ε = 2\\.\\d+ at confidence 0.95, not above the claimed ε = 4; use at least ${needed} canaries`))
    await expect(auditPrivacy(trainWith({ noiseMultiplier: 0, clipNorm: 1 }, 1), { ...audit, data, include: 0.3 as 0.5 }))
      .rejects.toThrow(/include: the one-run bound .* assumes each canary is included with probability 0.5/)
    await expect(auditPrivacy(trainWith({ noiseMultiplier: 0, clipNorm: 1 }, 1), { ...audit, data, guesses: 101 }))
      .rejects.toThrow(/guesses: expected an integer in \[2, canaries = 100\], found 101/)
  })
})
