import pc from 'picocolors'
import type { MatcherState } from 'vitest'
import { evaluateGates } from '../evaluate.js'
import { isGateModel } from '../model.js'
import { outcomeLine } from '../outcome.js'
import { annotateWarning, storeGateRecord } from '../record.js'

/**
 * `await expect(model).toPassReleaseGates()` runs every enabled gate the thresholds file sets for a
 * model from `loadGateModel(name)` and fails once, listing every failed `error` gate (value, limit,
 * difference, the key to edit and the team's message). Failed `warn` gates never fail the test:
 * they become a Vitest warning annotation (shown by CI reporters) and are recorded.
 */
export async function toPassReleaseGates(this: MatcherState, received: unknown) {
  if (!isGateModel(received)) {
    throw new TypeError(
      'toPassReleaseGates(): the subject must be a model from the thresholds file: `const model = await loadGateModel("name")`',
    )
  }
  const outcomes = await evaluateGates(received)
  for (const o of outcomes) storeGateRecord(this.task, { ...o.record, negated: Boolean(this.isNot) })
  const failed = outcomes.filter((o) => !o.record.pass && o.record.level === 'error')
  const warned = outcomes.filter((o) => !o.record.pass && o.record.level === 'warn')
  for (const o of warned) await annotateWarning(this, `privacy gate warning: ${received.name} ${outcomeLine(o.spec, o.record, o.compared)}`)
  for (const o of outcomes) {
    for (const w of o.record.warnings ?? []) await annotateWarning(this, `privacy gate warning: ${received.name} ${o.spec.id}: ${w}`)
  }
  const pass = failed.length === 0
  const lines = outcomes.map((o) => '  ' + outcomeLine(o.spec, o.record, o.compared).replace(/\n/g, '\n  '))
  // Vitest's Received/Expected, by gate id: the failed error gates (every gate under `.not`, where
  // passing them all is the failure) — their measured values against their limits.
  const shown = this.isNot ? outcomes : failed
  return {
    pass,
    actual: Object.fromEntries(shown.map((o) => [o.spec.id, o.compared])),
    expected: Object.fromEntries(shown.map((o) => [o.spec.id, o.record.threshold])),
    message: () =>
      this.isNot
        ? `${pc.bold(`Expected ${received.name} to fail a release gate, but all ${outcomes.length} passed`)}\n${lines.join('\n')}`
        : `${pc.bold(`${received.name}: ${failed.length} of ${outcomes.length} release gates failed`)} (${received.configFile})\n${lines.join('\n')}`,
  }
}
