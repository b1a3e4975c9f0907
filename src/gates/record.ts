import type { ExposedRecord, MembershipPairing } from '../attacks/membership/types.js'
import type { RocPoints, ScoreHistogram } from '../metrics/index.js'

/**
 * One gate's outcome as stored in a test's metadata (`task.meta.privacyGates`), for the reporters.
 * Aggregates only — never records.
 */
export interface GateRecord {
  /** Gate id, as in the thresholds file (`membershipAuc`, `surrogateFidelity`). */
  gate: string
  /** Metric name in reports (`membership_auc`, `surrogate_fidelity`). */
  metric: string
  value: number
  threshold: number
  /** `below`: the value must stay under the threshold. */
  direction: 'below' | 'above'
  /** Whether the value is on the right side of the threshold (before `.not`). */
  pass: boolean
  negated: boolean
  interval?: [number, number]
  attack?: string
  details: Record<string, number | string | boolean>
  /** Model name, for gates of a model from the thresholds file. */
  model?: string
  /** Gate level from the thresholds file (`error` when the gate came from a matcher's arguments). */
  level: 'error' | 'warn'
  /** The team's runbook line (`message` in the thresholds file). */
  runbook?: string
  /** Where to change the limit: `models.<name>.gates.<gate>.max` and the file. */
  key?: string
  file?: string
  /** Said beside the result without failing it (e.g. a TPR level the data cannot resolve). */
  warnings?: string[]
  /** TensorFlow.js backend the measurement ran on (`wasm`, `cpu`, `tensorflow`), when known. */
  backend?: string
  /** What the HTML report draws for this gate (aggregates only). */
  charts?: GateCharts
  /** A rate's per-record 0/1 outcomes, for a paired comparison with another run (the JSON report keeps it; no other report does). */
  outcomes?: RecordOutcomes
}

/**
 * The 0/1 outcome behind a rate gate (surrogate fidelity, surrogate accuracy, clean accuracy) for
 * each record it was measured on, in record order, and those records' fingerprint (`recordsDigest`).
 * One `'0'`/`'1'` per record: no feature value, no label, no score.
 */
export interface RecordOutcomes {
  records: string
  outcomes: string
}

/** One membership attack run as a report draws it: a thinned ROC curve and score bin counts. */
export interface MembershipRunChart {
  attack: string
  auc: number
  members: number
  nonMembers: number
  roc: RocPoints
  histogram: ScoreHistogram
  /** For a paired comparison with another run (the JSON report keeps it; the HTML page does not draw it). */
  pairing?: MembershipPairing
}

/** One point of an extraction attack measured at a budget. */
export interface BudgetPoint {
  budget: number
  fidelity: number
  surrogateAccuracy: number
}

/** An extraction audit as a report draws it: fidelity and surrogate accuracy against the budget. */
export interface ExtractionChart {
  strategy: string
  labels: string
  /** The attack's budget (the last point). */
  budget: number
  targetAccuracy: number
  /** Ascending budgets; one point unless the audit measured a budget curve. */
  points: BudgetPoint[]
}

/**
 * The members a `recordsAtRisk` gate found at risk, as the reports list them: ids and risks (at most
 * `EXPOSED_LIST_MAX`, most exposed first) and counts — no feature value, no score.
 */
export interface ExposureChart {
  attack: string
  /** The per-record risk level counted at. */
  risk: number
  members: number
  nonMembers: number
  membersAtRisk: number
  /** Members that would be at risk by chance alone: members × (1 − risk). */
  expectedByChance: number
  exposed: ExposedRecord[]
}

/**
 * Chart aggregates carried by a gate record for the HTML report: every membership attack the gate
 * ran (several for `strongest`), or the extraction audit's budget points. Never records or
 * per-record scores.
 */
export interface GateCharts {
  membership?: MembershipRunChart[]
  extraction?: ExtractionChart
  /** recordsAtRisk: the exposed members' ids (the one place a report names records). */
  exposure?: ExposureChart
}

/** Shape of the metadata key the matchers write. */
export interface PrivacyGatesMeta {
  privacyGates?: GateRecord[]
}

/**
 * Appends `record` to the current test's metadata, where Vitest reporters read it
 * (`testCase.meta()`). Outside a test (no task) it does nothing.
 */
export function storeGateRecord(task: unknown, record: GateRecord): void {
  const t = task as { meta?: PrivacyGatesMeta } | undefined
  if (!t || typeof t !== 'object') return
  t.meta ??= {}
  ;(t.meta.privacyGates ??= []).push(record)
}

/**
 * Adds a warning annotation to the current test: it does not fail the test, and CI reporters show
 * it (the github-actions reporter as `::warning`, JUnit as a property). Outside a test it does nothing.
 */
export async function annotateWarning(ctx: { task?: unknown }, message: string): Promise<void> {
  const task = ctx.task as { context?: { annotate?: (m: string, type: string) => Promise<unknown> } } | undefined
  await task?.context?.annotate?.(message, 'warning')
}
