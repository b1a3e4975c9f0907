// Mistakes the control matchers' types must catch (line numbers are asserted).
import { expect, it } from 'vitest'
import 'vitest-privacy-gates/setup'
import type { Dataset } from 'vitest-privacy-gates'

declare const model: (rows: number[][]) => number[][]
declare const data: Dataset
it('wrong', async () => {
  await expect(model).toFlagExtraction({ pool: data, evaluation: data })
  await expect(model).toHaveConfidenceShiftBelow(0.1, { between: ['validation', 'staging'] })
  await expect(model).toCarryWatermark(data, { minAgrement: 0.8 })
  await expect(model).toHaveGeneralizationGapBelow(0.1, { train: data, heldOut: data, metric: 'auc' })
})
