import { auditExtraction } from '../../attacks/extraction/audit.js'
import type { ExtractionOptions } from '../../attacks/extraction/types.js'
import type { TargetLike } from '../../targets/target.js'
import { fmt, gateMessage } from '../format.js'
import { storeGateRecord } from '../record.js'
import { checkThreshold } from '../threshold.js'
import type { MatcherState } from 'vitest'

/** Options of `toHaveSurrogateFidelityBelow`: the attacker's pool, the evaluation set, the budget. */
export type FidelityMatcherOptions = ExtractionOptions

const HINT =
  'return labels or top-1 instead of full probabilities, limit and monitor queries per client (rate limits, budgets), or add a watermark to detect copies.'

/**
 * `await expect(model).toHaveSurrogateFidelityBelow(0.85, { pool, evaluation })` passes when a
 * surrogate trained on the target's answers agrees with it on less than `max` of the evaluation set.
 */
export async function toHaveSurrogateFidelityBelow(
  this: MatcherState,
  received: TargetLike,
  max: number,
  options: FidelityMatcherOptions,
) {
  checkThreshold(max, 'toHaveSurrogateFidelityBelow')
  const result = await auditExtraction(received, options)
  const pass = result.fidelity < max
  storeGateRecord(this.task, {
    gate: 'surrogateFidelity',
    metric: 'surrogate_fidelity',
    value: result.fidelity,
    threshold: max,
    direction: 'below',
    pass,
    negated: Boolean(this.isNot),
    attack: `extraction:${result.strategy}`,
    details: {
      budget: result.budget,
      queriesUsed: result.queriesUsed,
      evaluation: result.evaluation,
      seed: result.seed,
      surrogateAccuracy: result.surrogateAccuracy,
      targetAccuracy: result.targetAccuracy,
    },
  })
  const headline = this.isNot
    ? `Expected surrogate fidelity not to be below ${fmt(max)}, but it is ${fmt(result.fidelity)}`
    : `Surrogate fidelity ${fmt(result.fidelity)} is not below the threshold ${fmt(max)}`
  return {
    pass,
    message: () =>
      gateMessage(
        headline,
        [
          ['strategy', result.strategy],
          ['queries', `${result.queriesUsed} of budget ${result.budget}`],
          ['evaluation records', result.evaluation],
          ['seed', result.seed],
          ['surrogate accuracy', fmt(result.surrogateAccuracy)],
          ['target accuracy', fmt(result.targetAccuracy)],
        ],
        HINT,
      ),
  }
}
