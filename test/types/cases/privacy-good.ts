// A user's test file with the differential-privacy API: it must compile against the built package.
import { expect, it } from 'vitest'
import 'vitest-privacy-gates/setup'
import { auditPrivacy, calibrateNoiseMultiplier, dpsgdEpsilon, trainClassifier, type Dataset, type Matrix } from 'vitest-privacy-gates'

declare const model: (rows: number[][]) => number[][]
declare const data: Dataset
declare const x: Matrix
declare const y: Int32Array
it('good', async () => {
  await expect(model).toHaveEmpiricalEpsilonBelow(2, { members: data, nonMembers: data, delta: 1e-5, attack: 'loss' })
  const sigma = calibrateNoiseMultiplier({ targetEpsilon: 2, sampleRate: 0.01, steps: 1000, delta: 1e-5 })
  const { epsilon }: { epsilon: number; order: number } = dpsgdEpsilon({ noiseMultiplier: sigma, sampleRate: 0.01, steps: 1000, delta: 1e-5 })
  const spec = { features: 4, hidden: [8], classes: 2 }
  const r = await auditPrivacy((xs, ys) => trainClassifier(spec, xs, ys, { epochs: 1, batchSize: 8, learningRate: 1e-2, seed: 0, dp: { noiseMultiplier: 1, clipNorm: 1 } }), {
    data: { x, y }, classes: 2, canaries: 100, guesses: 40, delta: 1e-5, claimedEpsilon: epsilon,
  })
  expect(r.epsilon).toBeLessThanOrEqual(epsilon)
})
