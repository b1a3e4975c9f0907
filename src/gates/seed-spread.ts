import { sampleSpread } from '../metrics/index.js'
import { SCHEMA_DEFAULTS } from '../schema/defaults.js'
import type { TfModelTarget } from '../targets/from-tf-model.js'
import type { ResolvedConfig } from './config/index.js'
import { evaluateGates, type GateOutcome } from './evaluate.js'
import type { GateId } from './catalogue.js'
import { createGateModel, type GateModel } from './model.js'
import type { AuditSource } from './source.js'

/** How one gate's value moves when every random choice of the model's gates is reseeded. */
export interface GateSpread {
  model: string
  gate: GateId
  level: 'error' | 'warn'
  direction: 'below' | 'above'
  limit: number
  /** The seeds measured, in order: the model's own seed first, then the next ones. */
  seeds: number[]
  /** The gate's value at each seed. */
  values: number[]
  /** Whether the gate passed at each seed. */
  passes: boolean[]
  mean: number
  /** Sample standard deviation over the seeds (0 for one seed). */
  sd: number
  min: number
  max: number
  /** Seeds whose verdict differs from the first seed's. */
  flips: number
  /**
   * Standard deviations between the mean and the limit, signed: positive on the passing side,
   * negative on the failing side; ±Infinity when the value does not move.
   */
  sdToLimit: number
}

/** Options of {@link seedSpread}. */
export interface SeedSpreadOptions {
  /** Outcomes already measured at each model's own seed (a `check` run): not measured again. */
  first?: readonly GateOutcome[]
  /** The models those outcomes were measured with, by name: their targets serve the next seeds when they can ({@link reseeded}). */
  models?: ReadonlyMap<string, GateModel>
  /** Told after each seed, for progress lines. */
  onSeed?: (model: string, seed: number) => void
}

/**
 * Measures every enabled gate of the named models at `repeats` seeds: the model's own seed s, then
 * s + 1, …, s + repeats − 1 (the generator makes consecutive seeds unrelated). Each model is built
 * (its model file loaded, its data read) once and serves every seed when its target allows it
 * ({@link reseeded}); the results are those of a model built anew for each seed.
 *
 * @throws RangeError when `repeats` is not a positive integer; whatever a gate throws.
 * @example
 * const spread = await seedSpread(await loadConfig('privacy-gates.json'), ['digits-mlp'], 20)
 * spread.filter((g) => g.flips > 0)   // gates whose verdict depends on the seed
 */
export async function seedSpread(config: ResolvedConfig, names: readonly string[], repeats: number, options: SeedSpreadOptions = {}): Promise<GateSpread[]> {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats: expected a positive integer, found ${repeats}`)
  const { first, onSeed } = options
  const out: GateSpread[] = []
  for (const name of names) {
    const settings = config.models[name]
    const runs: Array<readonly GateOutcome[]> = []
    const seeds: number[] = []
    const given = first?.filter((o) => o.record.model === name) ?? []
    let built = given.length > 0 ? options.models?.get(name) : undefined
    for (let i = 0; i < repeats; i++) {
      const seed = (settings?.seed ?? SCHEMA_DEFAULTS.Seed) + i
      if (i === 0 && given.length > 0) {
        runs.push(given)
      } else {
        const model = (built && reseeded(built, seed)) ?? (built = await createGateModel(settings ? { ...config, models: { ...config.models, [name]: { ...settings, seed } } } : config, name))
        runs.push(await evaluateGates(model))
      }
      seeds.push(seed)
      onSeed?.(name, seed)
    }
    for (const [k, o] of runs[0].entries()) {
      const values = runs.map((r) => r[k].record.value)
      const passes = runs.map((r) => r[k].record.pass)
      out.push(spreadOf(name, o, seeds, values, passes))
    }
  }
  return out
}

/**
 * `model` at `seed` over the same target and data, with a cache of shared work of its own (the
 * gates' shared results hold the seed they were measured at), or `undefined` when the target must
 * be built anew to answer as a new one would. Sharing is what saves loading the model file, opening
 * an ONNX session or reading outputs again for every seed, and it is safe because no target of the
 * thresholds file draws on the seed, and data files are read, never changed, by the gates (which
 * already share them within one seed):
 *
 * - an ONNX session answers each row by its values alone; outputs read from files are never
 *   queried; an HTTP endpoint answers whatever client asks it;
 * - a tfjs model answers with tfjs until a faster path (onnxruntime, the engine's kernel) has
 *   agreed with it on a first batch. Without a faster path every answer is tfjs's. With one that
 *   was trusted, `dispose()` starts the check over exactly as in a new target (tfjs answers the
 *   next batch and checks a new session). One given up after a mismatch (or never checked) stays
 *   as it is, which a new target would not be: such a target is built anew.
 */
function reseeded(model: GateModel, seed: number): GateModel | undefined {
  if (model.settings.target.type === 'tfjs') {
    const target = model.target as TfModelTarget
    if (target.dispose !== undefined) {
      if (target.inference === 'tfjs') return undefined
      target.dispose()
    }
  }
  let source: Promise<AuditSource> | undefined
  return {
    ...model,
    settings: { ...model.settings, seed },
    source: () => (source ??= model.source().then((s) => ({ ...s, seed, cache: new Map<string, Promise<unknown>>() }))),
  }
}

function spreadOf(model: string, o: GateOutcome, seeds: number[], values: number[], passes: boolean[]): GateSpread {
  const { mean, sd: raw, min, max } = sampleSpread(values)
  // Values equal up to rounding in the mean's last bits do not move: their sd is 0, not 1e-17.
  const sd = raw > 1e-12 * Math.max(1, Math.abs(mean)) ? raw : 0
  const limit = o.record.threshold
  const towardPass = o.spec.direction === 'below' ? limit - mean : mean - limit
  return {
    model, gate: o.spec.id, level: o.record.level, direction: o.spec.direction, limit, seeds, values, passes,
    mean, sd, min, max,
    flips: passes.filter((p) => p !== passes[0]).length,
    sdToLimit: sd > 0 ? towardPass / sd : towardPass === 0 ? 0 : towardPass > 0 ? Infinity : -Infinity,
  }
}
