import type { GateSpec, Measurement } from './gates.js'
import { fmt, fmtInterval } from './format.js'
import type { GateRecord } from './record.js'
import { activeBackend } from '../runtime/backend.js'
import { SCHEMA_DEFAULTS } from '../schema/defaults.js'

/** Where a gate's limit and level came from, for gates of a model from the thresholds file. */
export interface GateOrigin {
  model: string
  file: string
  level: 'error' | 'warn'
  runbook?: string
}

/** Builds the stored record of one measured gate. */
export function gateRecord(
  spec: GateSpec,
  m: Measurement,
  limit: number,
  pass: boolean,
  negated: boolean,
  origin?: GateOrigin,
): GateRecord {
  return {
    gate: spec.id,
    metric: spec.metric,
    value: m.value,
    threshold: limit,
    direction: spec.direction,
    pass,
    negated,
    ...(m.interval ? { interval: m.interval } : {}),
    ...(m.attack ? { attack: m.attack } : {}),
    details: m.details,
    ...(m.warnings?.length ? { warnings: m.warnings } : {}),
    ...(m.charts && Object.keys(m.charts).length > 0 ? { charts: m.charts } : {}),
    ...(m.outcomes ? { outcomes: m.outcomes } : {}),
    level: origin?.level ?? SCHEMA_DEFAULTS.Level,
    ...backendField(),
    ...(origin
      ? { model: origin.model, file: origin.file, key: `models.${origin.model}.gates.${spec.id}.${spec.limitKey}`, ...(origin.runbook ? { runbook: origin.runbook } : {}) }
      : {}),
  }
}

/** The active backend for the record; absent when none was chosen (e.g. a gate that ran no model). */
function backendField(): { backend?: string } {
  try {
    return { backend: activeBackend() }
  } catch {
    return {}
  }
}

/**
 * The headline of a failed single-gate matcher: the metric, its value (and interval), the limit,
 * which side of it the value had to be on.
 */
export function gateHeadline(spec: GateSpec, m: Measurement, limit: number, negated: boolean): string {
  const side = spec.direction
  if (negated) {
    return `Expected ${lowerFirst(spec.label)} not to be ${side} ${fmt(limit)}, but it is ${fmt(m.value)}${fmtInterval(m.interval)}`
  }
  if (m.compared !== m.value) {
    return `${spec.label} ${fmt(m.value)}${fmtInterval(m.interval)}: the interval's ${boundName(side)} end ${fmt(m.compared)} is not ${side} the threshold ${fmt(limit)}`
  }
  return `${spec.label} ${fmt(m.value)}${fmtInterval(m.interval)} is not ${side} the threshold ${fmt(limit)}`
}

/**
 * One line of a release-gate summary: status, gate, value against limit with the difference, and
 * where to change the limit.
 */
export function outcomeLine(spec: GateSpec, r: GateRecord, compared: number): string {
  const mark = r.pass ? '✓' : r.level === 'warn' ? '!' : '✗'
  const op = r.pass ? (spec.direction === 'below' ? '<' : '>') : spec.direction === 'below' ? '≥' : '≤'
  const diff = r.pass ? '' : ` (${spec.direction === 'below' ? 'over' : 'under'} by ${fmt(Math.abs(compared - r.threshold))})`
  const shown = compared === r.value ? fmt(r.value) : `${fmt(r.value)}, ${boundName(spec.direction)} bound ${fmt(compared)}`
  const level = r.level === 'warn' ? ' (warn)' : ''
  const attack = r.attack ? ` · ${r.attack}` : ''
  let line = `${mark} ${spec.id}${level}: ${lowerFirst(spec.label)} ${shown} ${op} ${fmt(r.threshold)}${diff}${attack}`
  if (!r.pass && r.key) line += `\n    edit ${r.key} in ${r.file}`
  if (!r.pass && r.runbook) line += `\n    ${r.runbook}`
  for (const w of r.warnings ?? []) line += `\n    warning: ${w}`
  return line
}

/** The interval end a gate can fail on: the upper one for "below" gates, the lower one for "above" gates. */
export function boundName(direction: 'below' | 'above'): 'upper' | 'lower' {
  return direction === 'below' ? 'upper' : 'lower'
}

/** "Membership AUC" → "membership AUC" (acronyms stay upper case). */
export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1)
}
