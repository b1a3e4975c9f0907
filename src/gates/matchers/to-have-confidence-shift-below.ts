import type { MatcherState } from 'vitest'
import { compareConfidences } from '../../controls/monitor/compare.js'
import { CONFIDENCE_SAMPLES, readConfidenceLog, type ConfidenceSample } from '../../controls/monitor/confidence-log.js'
import { confidencesOf } from '../../controls/monitor/confidences.js'
import type { Dataset } from '../../data/dataset.js'
import type { TargetLike } from '../../targets/target.js'
import { fmt } from '../format.js'
import { checkLimit, finishControlGate, requireOptions } from './control-gate.js'
import type { ConfidenceShiftOptions, ConfidenceSource } from './control-options.js'

/**
 * `await expect(model).toHaveConfidenceShiftBelow(0.1, { between: ['validation', 'production'], validation, production: 'confidences.jsonl' })`
 * compares the confidence (top probability) distributions of two samples — data sets queried
 * through the subject, confidences, or a JSON-lines confidence log — and passes when the PSI (or,
 * with `statistic: 'ks'`, the KS statistic) is below the limit. KS p-value and both statistics are
 * reported.
 */
export async function toHaveConfidenceShiftBelow(this: MatcherState, received: unknown, max: number, options: ConfidenceShiftOptions) {
  const matcher = 'toHaveConfidenceShiftBelow'
  requireOptions(matcher, options, "{ between: ['validation', 'production'], validation, production }")
  const threshold = checkLimit(max, matcher)
  const { between, statistic = 'psi' } = options
  if (!Array.isArray(between) || between.length !== 2 || !between.every((s) => CONFIDENCE_SAMPLES.includes(s)) || between[0] === between[1]) {
    throw new TypeError(`${matcher}: between: expected two different samples of ${CONFIDENCE_SAMPLES.join(', ')}, found ${JSON.stringify(between)}`)
  }
  if (statistic !== 'psi' && statistic !== 'ks') throw new TypeError(`${matcher}: statistic: expected 'psi' or 'ks', found ${JSON.stringify(statistic)}`)
  const warnings: string[] = []
  const [a, b] = [await sample(received, options, between[0], warnings), await sample(received, options, between[1], warnings)]
  const r = compareConfidences(a, b, options.bins === undefined ? {} : { bins: options.bins })
  const value = statistic === 'psi' ? r.psi : r.ks
  const label = `Confidence shift (${statistic.toUpperCase()})`
  return finishControlGate(this, {
    matcher, gate: 'confidenceShift', metric: `confidence_shift_${statistic}`, label, value, threshold, direction: 'below', pass: value < threshold,
    failure: `${label} ${fmt(value)} from ${between[0]} to ${between[1]} is not below the threshold ${fmt(threshold)}`,
    facts: [['between', `${between[0]} (${r.referenceSize}) → ${between[1]} (${r.actualSize})`], ['KS', `${fmt(r.ks)} (p ${r.pValue.toPrecision(3)}, ${r.ksMethod})`], ['PSI', fmt(r.psi)]],
    details: { reference: between[0], compared: between[1], referenceSize: r.referenceSize, comparedSize: r.actualSize, ks: r.ks, pValue: r.pValue, ksMethod: r.ksMethod, psi: r.psi, statistic },
    warnings,
    hint: 'a shift in confidences means the inputs or the model changed: check recent traffic (drift, probing by one client) and compare with the training-time distributions.',
  })
}

async function sample(received: unknown, options: ConfidenceShiftOptions, name: ConfidenceSample, warnings: string[]): Promise<ArrayLike<number>> {
  const src: ConfidenceSource | undefined = options[name]
  if (src === undefined) throw new TypeError(`toHaveConfidenceShiftBelow: ${name}: between names "${name}" but options.${name} is missing (a data set, confidences, or a confidence log path)`)
  if (typeof src === 'string') {
    const log = await readConfidenceLog(src)
    if (log.errors.length) warnings.push(`${src}: ${log.errors.length} bad lines skipped (first at line ${log.errors[0].line}: ${log.errors[0].message})`)
    if (log.samples[name].length === 0) throw new RangeError(`toHaveConfidenceShiftBelow: ${name}: ${src} holds no "${name}" confidences`)
    return log.samples[name]
  }
  if (Array.isArray(src) || src instanceof Float64Array) return src
  return confidencesOf(received as TargetLike, src as Dataset, name)
}
