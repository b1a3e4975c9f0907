import { gateDirection } from '../gates/catalogue.js'
import type { GateRow } from '../report/gate-rows.js'
import type { RunReport } from './read-report.js'
import { isRegressionCheck } from '../report/regression-id.js'
import { testChange, type ComparisonMethod as TestMethod, type MeasuredValue } from './test-change.js'

/** How a difference was tested (`none`: it was not). */
export type ComparisonMethod = TestMethod | 'none'

/** What a comparison concluded for one gate. */
export type Verdict = 'regression' | 'improvement' | 'no significant change' | 'changed (untested)' | 'unchanged' | 'new' | 'removed'

/** One gate of one model (or test), base run against head run. */
export interface GateComparison {
  model: string
  gate: string
  /** The Vitest test that measured it in the head run (in the base run when removed). */
  testName: string
  /** The head's attack (the base's when removed). */
  attack: string
  /** `below`: a larger value is worse (leakage); `above`: a smaller value is worse (accuracy). */
  direction: 'below' | 'above'
  base: number | null
  head: number | null
  /** `head − base`; null when one side is missing. */
  difference: number | null
  method: ComparisonMethod
  /** Standard error of the difference, when tested. */
  standardError: number | null
  z: number | null
  /** Two-sided p-value, when tested. */
  p: number | null
  /** `p < level`; null when untested. */
  significant: boolean | null
  /** Whether the head is on the worse side of the base (regardless of significance). */
  worse: boolean | null
  verdict: Verdict
  /** Why the paired test was not used, or anything else the reader should know. */
  note?: string
}

/** Result of {@link compareRuns}. */
export interface RunComparison {
  /** Significance level of the two-sided tests. */
  level: number
  base: { source: string; date: string; packageVersion: string }
  head: { source: string; date: string; packageVersion: string }
  /** Differences between the runs that limit the comparison (package versions). */
  notes: string[]
  gates: GateComparison[]
}

/** Options of {@link compareRuns}. */
export interface CompareOptions {
  /** Significance level, strictly between 0 and 1. Default 0.05. */
  level?: number
}

/**
 * Compares two runs' `privacy-gates.json` gate by gate (rows matched by model — or test when the
 * gate had no model — gate and order of appearance). Each difference is tested as well as the
 * reports allow, and the report says which test it used:
 *
 * - a membership AUC whose two runs scored the same records (same fingerprint and counts, same
 *   package version): the paired DeLong test of correlated ROC curves, from the reports' structural
 *   components;
 * - a membership AUC on different records (or from another package version): the unpaired test with
 *   each run's DeLong variance, the note saying what differs;
 * - a rate (surrogate fidelity, surrogate accuracy, clean accuracy) whose two runs kept per-record
 *   0/1 outcomes on the same records, same package version: the exact McNemar test on the records
 *   where the two runs disagree;
 * - any other value with a 95% interval on both sides: an unpaired normal test, each standard error
 *   taken as the interval's wider half-width / 1.96 (for a rate on other records, the note says why);
 * - values without intervals: the difference only (`changed (untested)`).
 *
 * @example
 * const result = compareRuns(await readReport('base.json'), await readReport('head.json'))
 * result.gates.filter((g) => g.verdict === 'regression')
 */
export function compareRuns(base: RunReport, head: RunReport, options: CompareOptions = {}): RunComparison {
  const level = options.level ?? 0.05
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new RangeError(`level: expected a significance level strictly between 0 and 1, found ${String(level)}`)
  const notes: string[] = []
  const sameVersion = base.packageVersion === head.packageVersion
  if (!sameVersion) {
    notes.push(`package versions differ (${base.packageVersion || 'unknown'} → ${head.packageVersion || 'unknown'}): AUCs and rates are compared with unpaired tests`)
  }
  // A regression check compares a run with its baseline already; comparing two checks means nothing.
  const baseRows = keyed(base.rows.filter((r) => !isRegressionCheck(r.gate)))
  const gates: GateComparison[] = []
  for (const [key, h] of keyed(head.rows.filter((r) => !isRegressionCheck(r.gate)))) {
    const b = baseRows.get(key)
    baseRows.delete(key)
    gates.push(b ? compareRow(b, h, base, head, sameVersion, level) : oneSided(h, 'new'))
  }
  for (const b of baseRows.values()) gates.push(oneSided(b, 'removed'))
  return { level, base: about(base), head: about(head), notes, gates }
}

function about(r: RunReport) {
  return { source: r.source, date: r.date, packageVersion: r.packageVersion }
}

/** Rows by (model or test, gate, occurrence), in report order. */
function keyed(rows: readonly GateRow[]): Map<string, GateRow> {
  const out = new Map<string, GateRow>()
  const counts = new Map<string, number>()
  for (const row of rows) {
    const base = JSON.stringify([row.model || `test:${row.test}`, row.gate])
    const k = counts.get(base) ?? 0
    counts.set(base, k + 1)
    out.set(`${base}#${k}`, row)
  }
  return out
}


function oneSided(row: GateRow, verdict: 'new' | 'removed'): GateComparison {
  return {
    model: row.model, gate: row.gate, testName: row.test, attack: row.attack, direction: gateDirection(row.gate),
    base: verdict === 'removed' ? row.value : null, head: verdict === 'new' ? row.value : null, difference: null,
    method: 'none', standardError: null, z: null, p: null, significant: null, worse: null, verdict,
    note: verdict === 'new' ? 'not in the base report' : 'not in the head report (a model or test that no longer exists?)',
  }
}

function compareRow(b: GateRow, h: GateRow, base: RunReport, head: RunReport, sameVersion: boolean, level: number): GateComparison {
  const direction = gateDirection(h.gate)
  const tested = testChange(measuredRow(base, b), measuredRow(head, h), sameVersion)
  const difference = h.value - b.value
  const worse = difference === 0 ? false : direction === 'below' ? difference > 0 : difference < 0
  const common = { model: h.model, gate: h.gate, testName: h.test, attack: h.attack, direction, base: b.value, head: h.value, difference, worse }
  if (!tested) {
    return {
      ...common, method: 'none', standardError: null, z: null, p: null, significant: null,
      verdict: difference === 0 ? 'unchanged' : 'changed (untested)', note: 'no interval in one of the reports',
    }
  }
  const significant = tested.p < level
  const verdict: Verdict = !significant ? 'no significant change' : worse ? 'regression' : 'improvement'
  return {
    ...common, method: tested.method, standardError: tested.standardError, z: tested.z, p: tested.p,
    significant, verdict, ...(tested.note ? { note: tested.note } : {}),
  }
}

/** A report row as one side of {@link testChange}, with its DeLong components or per-record outcomes when the report has them. */
export function measuredRow(report: RunReport, row: GateRow): MeasuredValue {
  const pairing = report.pairing.find((e) =>
    e.model === row.model && e.gate === row.gate && e.test === row.test && e.file === row.file && e.attack === row.attack && e.value === row.value)
  const interval: [number, number] | undefined =
    typeof row.interval_lo === 'number' && typeof row.interval_hi === 'number' ? [row.interval_lo, row.interval_hi] : undefined
  return { gate: row.gate, value: row.value, ...(interval ? { interval } : {}), ...(pairing ? { pairing } : {}) }
}
