import { closestName } from '../data/csv.js'
import type { LoadedDataset } from '../data/csv.js'
import { loadDataset } from '../data/load.js'
import type { Target } from '../targets/target.js'
import { buildTarget } from './build-target.js'
import type { ResolvedConfig, ResolvedModel } from './config/index.js'
import { DATA_KEYS } from './catalogue.js'
import type { AuditSource } from './source.js'

/**
 * A model from the thresholds file: its target, its data (read on first use) and its gates, so that
 * `await expect(model).toHaveMembershipAucBelow()` needs neither options nor a number. Gates of one
 * model share work: the same membership attack or surrogate is computed once per model object.
 */
export interface GateModel {
  readonly kind: 'privacy-gates/model'
  /** The model's name in the thresholds file. */
  readonly name: string
  /** Absolute path of the thresholds file it came from. */
  readonly configFile: string
  /** The model's entry, with defaults merged and paths made absolute. */
  readonly settings: ResolvedModel
  readonly target: Target
  /** Target, data, seed and the shared cache, for the gates. */
  source(): Promise<AuditSource>
}

/** Whether `v` is a {@link GateModel}. */
export function isGateModel(v: unknown): v is GateModel {
  return v !== null && typeof v === 'object' && (v as { kind?: unknown }).kind === 'privacy-gates/model'
}

/**
 * Builds the {@link GateModel} `name` of a loaded thresholds file: builds its target now (a tfjs
 * model or ONNX file is loaded, so a broken file fails here, not in the middle of a gate) and its data files on first use, each
 * file once even when two keys name it (evaluation defaults to the non-members).
 *
 * @example
 * const model = await createGateModel(await loadConfig('privacy-gates.json'), 'digits-mlp')
 */
export async function createGateModel(config: ResolvedConfig, name: string): Promise<GateModel> {
  const settings = config.models[name]
  if (settings === undefined) {
    const known = Object.keys(config.models)
    const guess = closestName(name, known)
    throw new RangeError(
      `${config.file}: no model named "${name}"${guess ? `; did you mean "${guess}"?` : ''} Known models: ${known.join(', ')}`,
    )
  }
  const target = await buildTarget(settings.target, { configFile: config.file, name })
  const files = new Map<string, Promise<LoadedDataset>>()
  const read = (path: string) => {
    let p = files.get(path)
    if (!p) {
      p = loadDataset(path, { label: settings.data.label, scale: settings.data.scale })
      files.set(path, p)
    }
    return p
  }
  const cache = new Map<string, Promise<unknown>>()
  let source: Promise<AuditSource> | undefined
  const fprLevels = settings.gates.membershipTpr?.level !== 'off' && settings.gates.membershipTpr ? [settings.gates.membershipTpr.atFpr] : []
  return {
    kind: 'privacy-gates/model',
    name,
    configFile: config.file,
    settings,
    target,
    source() {
      source ??= (async () => {
        const s: AuditSource = {
          target, seed: settings.seed, cache, fprLevels, attackSettings: settings.attackSettings,
          ...(config.cache === undefined ? {} : { referenceCache: config.cache }),
        }
        for (const key of DATA_KEYS) {
          const path = settings.data[key]
          if (path !== undefined) s[key] = await read(path)
        }
        return s
      })()
      return source
    },
  }
}
