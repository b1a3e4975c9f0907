import type { MatcherState } from 'vitest'
import { fmt, gateMessage } from '../format.js'
import { annotateWarning, storeGateRecord, type GateRecord } from '../record.js'
import { activeBackend } from '../../runtime/backend.js'

/** One measured control gate, before it is stored and explained. */
export interface ControlGate {
  matcher: string
  gate: string
  metric: string
  /** Readable name ("Confidence shift (PSI)"). */
  label: string
  value: number
  threshold: number
  direction: 'below' | 'above'
  pass: boolean
  /** The headline when the gate fails (without `.not`). */
  failure: string
  facts: Array<[string, string | number]>
  details: Record<string, number | string | boolean>
  hint: string
  attack?: string
  warnings?: string[]
}

/**
 * Stores a control gate's record in the test's metadata (for the reporters), annotates its warnings
 * and returns the matcher result. Shared by the matchers of the interface controls, which measure
 * something other than the thresholds-file gates.
 */
export async function finishControlGate(ctx: MatcherState, g: ControlGate) {
  const negated = Boolean(ctx.isNot)
  const record: GateRecord = {
    gate: g.gate, metric: g.metric, value: g.value, threshold: g.threshold, direction: g.direction, pass: g.pass, negated,
    details: g.details, level: 'error', ...(g.attack ? { attack: g.attack } : {}), ...(g.warnings?.length ? { warnings: g.warnings } : {}), ...backend(),
  }
  storeGateRecord(ctx.task, record)
  for (const w of g.warnings ?? []) await annotateWarning(ctx, `${g.matcher}: ${w}`)
  return {
    pass: g.pass,
    // Vitest's Received/Expected: the measured value and the limit.
    actual: g.value,
    expected: g.threshold,
    message: () => {
      const headline = negated ? `Expected ${g.label.toLowerCase()} not to pass (${fmt(g.value)} against ${fmt(g.threshold)}), but it did` : g.failure
      return gateMessage(headline, [...g.facts, ...(g.warnings ?? []).map((w): [string, string] => ['warning', w])], g.hint)
    },
  }
}

function backend(): { backend?: string } {
  try {
    return { backend: activeBackend() }
  } catch {
    return {}
  }
}

/** Throws a TypeError naming the matcher unless `options` is an object. */
export function requireOptions(matcher: string, options: unknown, shape: string): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${matcher}(): options ${shape} are needed, found ${options === null ? 'null' : typeof options}`)
  }
}

/** A finite number in [lo, hi], else a RangeError naming the matcher and argument. */
export function numberIn(v: unknown, lo: number, hi: number, what: string): number {
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new RangeError(`${what}: expected a number in [${lo}, ${hi}], found ${JSON.stringify(v) ?? typeof v}`)
  return v
}

/** A limit that may exceed 1 (PSI): a finite number ≥ 0, else a RangeError naming the matcher. */
export function checkLimit(v: unknown, matcher: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`${matcher}: the limit must be a finite number ≥ 0, found ${v === undefined ? 'nothing' : JSON.stringify(v) ?? typeof v}`)
  }
  return v
}
