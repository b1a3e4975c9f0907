import type { MatcherState } from 'vitest'
import { seedOption } from '../../attacks/validate.js'
import { gateMessage } from '../format.js'
import { passes, type GateId } from '../catalogue.js'
import { GATES, type GateSettings } from '../gates.js'
import { isGateModel } from '../model.js'
import { gateHeadline, gateRecord, type GateOrigin } from '../outcome.js'
import { annotateWarning, storeGateRecord } from '../record.js'
import type { AuditSource } from '../source.js'
import { checkThreshold } from '../threshold.js'
import type { AnyMatcherOptions } from './options.js'

/**
 * The one implementation behind every single-gate matcher. The subject is either any target (then
 * the limit and the data come from the arguments) or a model from `loadGateModel` (then both
 * default to the thresholds file, and arguments override them).
 */
export async function runGateMatcher(
  ctx: MatcherState,
  matcher: string,
  gate: GateId,
  received: unknown,
  limitArg: number | undefined,
  options: AnyMatcherOptions | undefined,
) {
  const spec = GATES[gate]
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`${matcher}: options must be an object, found ${options === null ? 'null' : typeof options}`)
  }
  const { members, nonMembers, pool, evaluation, seed, ...settings } = options ?? {}
  let source: AuditSource
  let limit = limitArg
  let origin: GateOrigin | undefined
  let merged: GateSettings = settings

  if (isGateModel(received)) {
    const base = await received.source()
    const overridesData = [members, nonMembers, pool, evaluation, seed].some((v) => v !== undefined)
    // Other data than the file's: measure on it without touching the model's shared results.
    source = overridesData
      ? { ...base, members: members ?? base.members, nonMembers: nonMembers ?? base.nonMembers, pool: pool ?? base.pool, evaluation: evaluation ?? base.evaluation, seed: seed === undefined ? base.seed : seedOption(seed), cache: undefined }
      : base
    const conf = received.settings.gates[gate] as (GateSettings & { max?: number; min?: number; level?: string; message?: string }) | undefined
    const { max: _max, min: _min, level: _level, message, ...configured } = conf ?? {}
    merged = { ...configured, ...settings }
    // A single-gate matcher is an explicit assertion: it fails whatever the gate's level (levels
    // steer toPassReleaseGates and `check`). The runbook line applies when the file's limit does.
    origin = { model: received.name, file: received.configFile, level: 'error', runbook: limit === undefined ? message : undefined }
    if (limit === undefined) {
      limit = conf?.[spec.limitKey]
      if (limit === undefined) {
        throw new TypeError(
          `${matcher}(): no ${spec.limitKey} given, and ${received.configFile} sets none for this model — ` +
            `pass one (${matcher}(0.6)) or set models.${received.name}.gates.${gate}.${spec.limitKey}`,
        )
      }
    }
  } else {
    if (limitArg === undefined) {
      throw new TypeError(`${matcher}(): a threshold is needed (e.g. ${matcher}(0.6, { ... })) unless the subject comes from loadGateModel()`)
    }
    if (options === undefined) {
      throw new TypeError(`${matcher}(): options with the data are needed (${spec.needs.join(', ')}) unless the subject comes from loadGateModel()`)
    }
    source = { target: received as AuditSource['target'], members, nonMembers, pool, evaluation, seed: seedOption(seed) }
  }
  const threshold = checkThreshold(limit, matcher, spec.maxLimit)

  const m = await spec.measure(source, merged)
  const pass = passes(spec, m.compared, threshold)
  const negated = Boolean(ctx.isNot)
  storeGateRecord(ctx.task, gateRecord(spec, m, threshold, pass, negated, origin))
  for (const w of m.warnings ?? []) await annotateWarning(ctx, `${matcher}: ${w}`)
  return {
    pass,
    // What Vitest shows as Received/Expected (and IDEs as the diff): the number held against the
    // limit, and the limit.
    actual: m.compared,
    expected: threshold,
    message: () => {
      const facts = [...m.facts, ...(m.warnings ?? []).map((w): [string, string] => ['warning', w])]
      const text = gateMessage(gateHeadline(spec, m, threshold, negated), facts, spec.hint)
      return origin?.runbook && !negated ? `${text}\n  ${origin.runbook}` : text
    },
  }
}
