import { fmt } from '../gates/format.js'
import type { GateSpec } from '../gates/gates.js'
import { lowerFirst } from '../gates/outcome.js'
import type { GateRecord } from '../gates/record.js'
import { normalQuantile } from '../metrics/index.js'
import type { GateRow } from '../report/gate-rows.js'
import { packageVersion } from '../report/package-version.js'
import { measuredRow } from './compare-runs.js'
import { readReport, type RunReport } from './read-report.js'
import { regressionGateId } from '../report/regression-id.js'
import { testChange, type MeasuredValue } from './test-change.js'

/** A gate's `regression` option in the thresholds file (`baseline` made absolute by the loader). */
export interface RegressionOption {
  /** How much worse than the baseline the head may be, in the gate's unit. */
  max: number
  /** The baseline run's `privacy-gates.json`. */
  baseline: string
}

/** What a regression check adds to a gate's outcome: a second record, or a warning on the first. */
export interface RegressionOutcome {
  spec: GateSpec
  record: GateRecord
  compared: number
}

/** One-sided 95%: the head is "significantly worse by more than max" when this bound exceeds max. */
const Z_ONE_SIDED = normalQuantile(0.95)

/**
 * The baseline report, or undefined when the file does not exist. Read on every check, not cached:
 * in watch mode the baseline may change between runs of one worker.
 */
async function baselineReport(path: string): Promise<RunReport | undefined> {
  try {
    return await readReport(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/**
 * Checks a measured gate against its baseline run. The worsening (head − base, signed so that
 * positive is worse) is tested as `compareRuns` tests it: the paired DeLong test for a membership
 * AUC on the same records, the unpaired DeLong test on other records, the exact McNemar test for a
 * rate with per-record outcomes on the same records, else an unpaired normal test from the 95%
 * intervals. The check fails when the one-sided 95% lower confidence bound of the
 * worsening exceeds `max` — the head is significantly worse by more than `max` — even while the
 * gate's own limit is met.
 *
 * Returns a second outcome (gate `<id>.regression`, value = that lower bound, limit = `max`), or
 * undefined after adding a warning to `record` when there is nothing to compare with: no baseline
 * file yet (the first run), no row of this model and gate in it, or no interval to test with.
 */
export async function checkRegression(spec: GateSpec, record: GateRecord, option: RegressionOption): Promise<RegressionOutcome | undefined> {
  const warn = (w: string) => {
    record.warnings = [...(record.warnings ?? []), w]
    return undefined
  }
  const report = await baselineReport(option.baseline)
  if (!report) return warn(`regression: no baseline report at ${option.baseline} yet; nothing to compare with (the next run will be)`)
  const row = baselineRow(report, record)
  if (!row) return warn(`regression: ${option.baseline} has no ${record.gate} result for model ${JSON.stringify(record.model ?? '')}; not compared`)
  const sameVersion = report.packageVersion === (await packageVersion())
  const tested = testChange(measuredRow(report, row), headSide(record), sameVersion)
  if (!tested) return warn(`regression: no interval on one side (baseline ${fmt(row.value)}); the change cannot be tested`)
  const worsening = spec.direction === 'below' ? tested.difference : -tested.difference
  const lower = worsening - Z_ONE_SIDED * tested.standardError
  const pass = !(lower > option.max)
  const side = spec.direction === 'below' ? 'increase' : 'decrease'
  const regressionSpec: GateSpec = {
    ...spec,
    metric: `${spec.metric}_regression`,
    label: `${capital(side)} of ${lowerFirst(spec.label)} over the baseline (95% lower bound)`,
    direction: 'below',
    limitKey: 'max',
    hint: `the change made the model leak more than the baseline; compare both runs with privacy-gates compare.`,
  }
  const regression: GateRecord = {
    gate: regressionGateId(record.gate),
    metric: regressionSpec.metric,
    value: lower,
    threshold: option.max,
    direction: 'below',
    pass,
    negated: record.negated,
    interval: [lower, worsening + Z_ONE_SIDED * tested.standardError],
    ...(record.attack ? { attack: record.attack } : {}),
    details: {
      baseline: row.value, head: record.value, difference: tested.difference, test: tested.method,
      ...(tested.note ? { note: tested.note } : {}),
    },
    level: record.level,
    ...(record.model !== undefined ? { model: record.model } : {}),
    ...(record.key ? { key: record.key.replace(/\.[a-z]+$/, '.regression.max') } : {}),
    ...(record.file ? { file: record.file } : {}),
    ...(record.runbook ? { runbook: record.runbook } : {}),
    // Which test and why, said beside a failure (a passing check stays quiet: no annotation per run).
    ...(pass ? {} : { warnings: [`${tested.method}: baseline ${fmt(row.value)} → ${fmt(record.value)} (Δ ${fmt(tested.difference)})${tested.note ? `; ${tested.note}` : ''}`] }),
  }
  return { spec: regressionSpec, record: regression, compared: lower }
}

/** The baseline row of the same model and gate, preferring the same attack. */
function baselineRow(report: RunReport, record: GateRecord): GateRow | undefined {
  const rows = report.rows.filter((r) => r.model === (record.model ?? '') && r.gate === record.gate)
  return rows.find((r) => r.attack === (record.attack ?? '')) ?? rows[0]
}

/** The gate's record as the head side of {@link testChange}. */
function headSide(record: GateRecord): MeasuredValue {
  const run = record.charts?.membership?.find((c) => c.attack === record.attack && c.auc === record.value && c.pairing)
  const pairing = record.gate === 'membershipAuc' ? run?.pairing : record.outcomes
  return { gate: record.gate, value: record.value, ...(record.interval ? { interval: record.interval } : {}), ...(pairing ? { pairing } : {}) }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
