import { checkRegression, type RegressionOption } from '../compare/regression-gate.js'
import { GATE_IDS, passes } from './catalogue.js'
import { GATES, type GateSettings, type GateSpec } from './gates.js'
import type { GateModel } from './model.js'
import { gateRecord } from './outcome.js'
import type { GateRecord } from './record.js'

/** One evaluated gate of a release check. */
export interface GateOutcome {
  spec: GateSpec
  record: GateRecord
  /** The number met against the limit (the value, or its interval's upper end). */
  compared: number
}

/**
 * Runs every enabled gate (level `error` or `warn`) of a model from the thresholds file, in the
 * order of {@link GATE_IDS}. Gates sharing an attack share its result. A gate with a `regression`
 * option is followed by its check against the baseline run (see {@link checkRegression}). Used by
 * `toPassReleaseGates` and `privacy-gates check`.
 */
export async function evaluateGates(model: GateModel): Promise<GateOutcome[]> {
  const source = await model.source()
  const out: GateOutcome[] = []
  for (const id of GATE_IDS) {
    const conf = model.settings.gates[id] as
      | (GateSettings & { level: string; message?: string; max?: number; min?: number; regression?: RegressionOption })
      | undefined
    if (!conf || conf.level === 'off') continue
    const spec = GATES[id]
    const limit = conf[spec.limitKey]
    if (limit === undefined) throw new Error(`${model.configFile}: models.${model.name}.gates.${id} has no ${spec.limitKey}`)
    let m
    try {
      m = await spec.measure(source, conf)
    } catch (e) {
      throw new Error(`${model.name} › ${id}: ${(e as Error).message}`, { cause: e })
    }
    const pass = passes(spec, m.compared, limit)
    const origin = { model: model.name, file: model.configFile, level: conf.level as 'error' | 'warn', runbook: conf.message }
    const record = gateRecord(spec, m, limit, pass, false, origin)
    out.push({ spec, record, compared: m.compared })
    const regression = conf.regression ? await checkRegression(spec, record, conf.regression) : undefined
    if (regression) out.push(regression)
  }
  return out
}
