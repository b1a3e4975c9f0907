import { GATE_CATALOGUE, GATE_IDS, type GateId } from '../catalogue.js'
import type { ResolvedGates } from './resolved-types.js'
import { dirname, resolve } from 'node:path'
import type { Gates, Level, PrivacyGatesConfig, Regression, Training } from '../../schema/types.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import type { ConfigIssue } from './validate.js'

/**
 * Merges each gate setting by setting (the model's settings over `defaults.gates`) and fills the
 * remaining defaults. An enabled gate without its limit is an issue, reported at the gate in the
 * model; when the model does not mention the gate, the gap is recorded in `inheritedGaps` and
 * reported once at the gate in `defaults` (see {@link inheritedGapIssues}).
 */
export function resolveGates(
  defaults: Gates,
  own: Gates,
  name: string,
  pointer: string,
  file: string,
  issues: ConfigIssue[],
  inheritedGaps: Map<GateId, string[]>,
  training?: Training,
): ResolvedGates {
  const gates: ResolvedGates = {}
  for (const id of GATE_IDS) {
    if (defaults[id] === undefined && own[id] === undefined) continue
    // All three are closed objects of the same gate (the schema checked them), so a spread merges
    // them; the schema's defaults (`level` among them) come first: a default added to the schema
    // needs no code here.
    const gate: Record<string, unknown> = { ...SCHEMA_DEFAULTS.Gates[id], ...defaults[id], ...own[id] }
    const level = gate.level as Level
    if (id === 'empiricalEpsilon') {
      // The claim is the limit unless the gate sets its own; the gate tests an (ε, δ) claim, so δ is needed.
      gate.max ??= training?.epsilon
      if (level !== 'off' && training?.delta === undefined) {
        issues.push({ file, pointer: `${pointer}/gates/${id}`, message: 'needs "training.delta": the gate tests an (ε, δ) claim; add "training": { "epsilon": …, "delta": … } to the model' })
      }
    }
    const limitKey = GATE_CATALOGUE[id].limitKey
    if (level !== 'off' && gate[limitKey] === undefined) {
      if (own[id] === undefined) {
        // Inherited unchanged from defaults: the fix is there, and it is one fix for all models.
        const models = inheritedGaps.get(id) ?? []
        models.push(name)
        inheritedGaps.set(id, models)
      } else {
        const neither = defaults[id] !== undefined ? ` neither this gate nor /defaults/gates/${id} sets it` : ' it is not set'
        issues.push({
          file,
          pointer: `${pointer}/gates/${id}`,
          message: `missing "${limitKey}": the gate is enabled (level "${level}") but${neither}; add "${limitKey}" or set "level": "off"`,
        })
      }
    }
    if (id === 'empiricalEpsilon' && training?.delta !== undefined) gate.delta = training.delta
    // A baseline is read at run time (it may not exist yet): made absolute, not checked here.
    const regression = gate.regression as Regression | undefined
    if (regression) gate.regression = { ...regression, baseline: resolve(dirname(file), regression.baseline) }
    // The limit check above is what makes this object satisfy GateLimit: when it failed, an issue
    // was recorded and loadConfig throws before anyone sees the object.
    ;(gates as Record<GateId, unknown>)[id] = gate
  }
  return gates
}

/** One issue per gate in `defaults.gates` that models inherit enabled but without a limit. */
export function inheritedGapIssues(config: PrivacyGatesConfig, gaps: Map<GateId, string[]>, file: string): ConfigIssue[] {
  const out: ConfigIssue[] = []
  for (const [id, models] of gaps) {
    const limitKey = GATE_CATALOGUE[id].limitKey
    const level = config.defaults?.gates?.[id]?.level ?? SCHEMA_DEFAULTS.Level
    const who = models.length === 1 ? `model ${JSON.stringify(models[0])}` : `models ${models.map((m) => JSON.stringify(m)).join(', ')}`
    out.push({
      file,
      pointer: `/defaults/gates/${id}`,
      message:
        `missing "${limitKey}": ${who} inherit${models.length === 1 ? 's' : ''} this gate enabled (level "${level}") without a limit; ` +
        `add "${limitKey}" here or in the model's gates, or set "level": "off"`,
    })
  }
  return out
}
