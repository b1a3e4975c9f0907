// A user's test file using the interface-control matchers: must compile against the shipped types.
import { expect, it } from 'vitest'
import 'vitest-privacy-gates/setup'
import { createGovernor, governed, type Admission, type Dataset } from 'vitest-privacy-gates'

declare const model: (rows: number[][]) => number[][]
declare const pool: Dataset
declare const evaluation: Dataset
declare const triggers: Dataset

it('controls', async () => {
  await expect(model).toFlagExtraction({ within: 300, pool, evaluation, strategy: 'augment', detector: { delta: 0.9 } })
  await expect(model).toFlagExtraction({ within: 300, pool, evaluation, maxFalseFlagRate: 0, benignClients: 3 })
  await expect(model).toHaveConfidenceShiftBelow(0.1, { between: ['validation', 'production'], validation: evaluation, production: 'log.jsonl' })
  await expect(model).toHaveConfidenceShiftBelow(0.2, { between: ['training', 'validation'], training: [0.9, 0.8], validation: [0.7], statistic: 'ks' })
  await expect(model).toCarryWatermark(triggers, { minAgreement: 0.8 })
  await expect(model).not.toCarryWatermark(triggers, { minAgreement: 0.8 })
  await expect(model).toHaveGeneralizationGapBelow(0.05, { train: pool, heldOut: evaluation, metric: 'loss' })
  const g = createGovernor({ rateLimit: { rate: 10, burst: 20, per: 'requests' } })
  const a: Admission = g.admit('client', [[0, 1]], Date.now())
  if (a.allowed) g.observe('client', [[0, 1]], [[0.2, 0.8]])
  governed(model, { client: 'x', governor: g }).governor.client('x').flagged satisfies boolean
})

it('the generalisation gap of a model from the thresholds file needs no arguments', async () => {
  const { loadGateModel } = await import('vitest-privacy-gates')
  const m = await loadGateModel('digits-mlp')
  await expect(m).toHaveGeneralizationGapBelow()
  await expect(m).toHaveGeneralizationGapBelow(0.1, { metric: 'loss' })
})
