import { sampleSpread } from '../metrics/index.js'
import type { ResolvedConfig } from './config/index.js'
import { evaluateGates, type GateOutcome } from './evaluate.js'
import type { GateId } from './catalogue.js'
import { createGateModel, unknownModelMessage, type GateModel } from './model.js'

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
  /** The models those outcomes were measured with, by name: they serve the next seeds when they can ({@link GateModel.atSeed}). */
  models?: ReadonlyMap<string, GateModel>
  /** Told after each seed, for progress lines. */
  onSeed?: (model: string, seed: number) => void
}

/**
 * Measures every enabled gate of the named models at `repeats` seeds: the model's own seed s, then
 * s + 1, …, s + repeats − 1 (the generator makes consecutive seeds unrelated). Each model is built
 * (its model file loaded, its data read) once and serves every seed when its target allows it
 * ({@link GateModel.atSeed}); the results are those of a model built anew for each seed.
 *
 * @throws RangeError when `repeats` is not a positive integer or a name is not a model of the file; whatever a gate throws.
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
    if (settings === undefined) throw new RangeError(unknownModelMessage(config, name))
    const runs: Array<readonly GateOutcome[]> = []
    const seeds: number[] = []
    const given = first?.filter((o) => o.record.model === name) ?? []
    let built = given.length > 0 ? options.models?.get(name) : undefined
    for (let i = 0; i < repeats; i++) {
      const seed = settings.seed + i
      if (i === 0 && given.length > 0) {
        runs.push(given)
      } else {
        const model = built?.atSeed(seed) ?? (built = await createGateModel({ ...config, models: { ...config.models, [name]: { ...settings, seed } } }, name))
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
