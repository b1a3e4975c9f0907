import type { MatcherState } from 'vitest'
import { watermarkAgreement } from '../../measures/watermark-agreement.js'
import type { Dataset } from '../../data/dataset.js'
import type { TargetLike } from '../../targets/target.js'
import { fmt } from '../format.js'
import { finishControlGate, numberIn, requireOptions } from './control-gate.js'
import type { WatermarkMatcherOptions } from './control-options.js'

/**
 * `await expect(suspect).toCarryWatermark(triggers, { minAgreement: 0.8 })` passes when the subject
 * labels at least `minAgreement` of the trigger set as the watermark says. Use `.not` to assert that
 * a model does not carry it. Evidence only: a copy made from ordinary queries often does not carry
 * it.
 */
export async function toCarryWatermark(this: MatcherState, received: unknown, triggers: Dataset, options: WatermarkMatcherOptions) {
  const matcher = 'toCarryWatermark'
  requireOptions(matcher, options, '{ minAgreement }')
  const min = numberIn(options.minAgreement, 0, 1, `${matcher}: minAgreement`)
  const r = await watermarkAgreement(received as TargetLike, triggers)
  return finishControlGate(this, {
    matcher, gate: 'watermarkAgreement', metric: 'watermark_agreement', label: 'Watermark agreement', value: r.agreement, threshold: min,
    direction: 'above', pass: r.agreement >= min,
    failure: `Watermark agreement ${fmt(r.agreement)} (${r.matched} of ${r.triggers} triggers) is below minAgreement ${fmt(min)}`,
    facts: [['triggers', r.triggers], ['matched', r.matched], ['chance', fmt(r.chance)]],
    details: { triggers: r.triggers, matched: r.matched, chance: r.chance },
    hint: 'a model not derived from the marked one, or a copy trained on ordinary queries only, does not label the triggers; do not rely on watermarks alone.',
  })
}
