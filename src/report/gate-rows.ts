import type { GateRecord } from '../gates/record.js'

/** Columns of `privacy-gates.csv` and of each row of `privacy-gates.json`, in order. */
export const GATE_COLUMNS = [
  'model', 'gate', 'metric', 'value', 'threshold', 'level', 'status', 'interval_lo', 'interval_hi', 'attack',
  'members', 'non_members', 'budget', 'queries', 'seed', 'reference_trained', 'reference_cached', 'backend', 'package_version', 'test', 'file',
] as const

export type GateColumn = (typeof GATE_COLUMNS)[number]

/** Outcome of a gate: on the right side of its limit, or not (a `warn` gate then warns). */
export type GateStatus = 'pass' | 'fail' | 'warn'

/**
 * One report row: one gate of one model, as measured in one test. Aggregates only (never records).
 * Empty cells are `''` (a gate that has no interval, attack or sample size).
 */
export interface GateRow {
  model: string
  gate: string
  metric: string
  value: number
  threshold: number
  level: 'error' | 'warn'
  status: GateStatus
  interval_lo: number | ''
  interval_hi: number | ''
  attack: string
  members: number | ''
  non_members: number | ''
  budget: number | ''
  queries: number | ''
  seed: number | ''
  /** Shadow or reference models the gate's attack trained in this run (docs/reference-cache.md). */
  reference_trained: number | ''
  /** Shadow or reference models it read from the reference cache instead. */
  reference_cached: number | ''
  backend: string
  package_version: string
  /** The test's full name (suites › test). */
  test: string
  /** The test file, relative to the Vitest root. */
  file: string
}

/** A record as collected from a test's metadata, with where it came from. */
export interface CollectedRecord {
  record: GateRecord
  test: string
  file: string
}

/**
 * The status of a gate: `pass` when its value is on the right side of the limit, else `warn` for a
 * `warn` gate and `fail` for an `error` gate. It is the gate's status: a test asserting with `.not`
 * that a gate is crossed passes while its gate row says `fail`.
 */
export function gateStatus(record: Pick<GateRecord, 'pass' | 'level'>): GateStatus {
  if (record.pass) return 'pass'
  return record.level === 'warn' ? 'warn' : 'fail'
}

/**
 * Builds the report rows from collected records: one row per record, sorted by test file (stable
 * within a file, so tests keep their order), identical rows (a retried test) kept once. Only the
 * record's aggregates are copied — a record never carries data rows, and neither does a report row.
 */
export function gateRows(collected: readonly CollectedRecord[], packageVersion: string): GateRow[] {
  const rows = collected.map(({ record: r, test, file }): GateRow => ({
    model: r.model ?? '',
    gate: r.gate,
    metric: r.metric,
    value: r.value,
    threshold: r.threshold,
    level: r.level,
    status: gateStatus(r),
    interval_lo: r.interval ? r.interval[0] : '',
    interval_hi: r.interval ? r.interval[1] : '',
    attack: r.attack ?? '',
    members: num(r.details.members),
    non_members: num(r.details.nonMembers),
    budget: num(r.details.budget),
    queries: num(r.details.queriesUsed),
    seed: num(r.details.seed),
    reference_trained: num(r.details.referenceModelsTrained),
    reference_cached: num(r.details.referenceModelsCached),
    backend: r.backend ?? '',
    package_version: packageVersion,
    test,
    file,
  }))
  const seen = new Set<string>()
  const unique = rows.filter((row) => {
    const key = JSON.stringify(GATE_COLUMNS.map((c) => row[c]))
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return unique
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (a.row.file < b.row.file ? -1 : a.row.file > b.row.file ? 1 : a.i - b.i))
    .map(({ row }) => row)
}

function num(v: unknown): number | '' {
  return typeof v === 'number' && Number.isFinite(v) ? v : ''
}
