import type { MatcherState } from 'vitest'
import { generalizationGap } from '../../attacks/generalization-gap.js'
import type { TargetLike } from '../../targets/target.js'
import { fmt } from '../format.js'
import { checkLimit, finishControlGate, requireOptions } from './control-gate.js'
import type { GeneralizationGapMatcherOptions } from './control-options.js'

/**
 * `await expect(model).toHaveGeneralizationGapBelow(0.05, { train: members, heldOut: nonMembers })`
 * passes when train accuracy minus held-out accuracy (with `metric: 'loss'`, held-out minus train
 * cross-entropy) is below the limit. Membership leakage tracks overfitting; this needs no attack.
 */
export async function toHaveGeneralizationGapBelow(this: MatcherState, received: unknown, max: number, options: GeneralizationGapMatcherOptions) {
  const matcher = 'toHaveGeneralizationGapBelow'
  requireOptions(matcher, options, '{ train, heldOut }')
  const threshold = checkLimit(max, matcher)
  const metric = options.metric ?? 'accuracy'
  if (metric !== 'accuracy' && metric !== 'loss') throw new TypeError(`${matcher}: metric: expected 'accuracy' or 'loss', found ${JSON.stringify(metric)}`)
  const r = await generalizationGap(received as TargetLike, options)
  const value = metric === 'accuracy' ? r.accuracyGap : r.lossGap
  const label = `Generalisation gap (${metric})`
  return finishControlGate(this, {
    matcher, gate: 'generalizationGap', metric: `generalization_gap_${metric}`, label, value, threshold, direction: 'below', pass: value < threshold,
    failure: `${label} ${fmt(value)} is not below the threshold ${fmt(threshold)}`,
    facts: [
      ['accuracy', `train ${fmt(r.trainAccuracy)} · held-out ${fmt(r.heldOutAccuracy)}`], ['loss', `train ${fmt(r.trainLoss)} · held-out ${fmt(r.heldOutLoss)}`],
      ['records', `train ${r.train} · held-out ${r.heldOut}`],
    ],
    details: { metric, ...r },
    hint: 'regularise (weight decay, dropout), train on more data or stop earlier.',
  })
}
