import { closestName } from '../data/csv.js'
import type { LoadedDataset } from '../data/csv.js'
import { loadDataset } from '../data/load.js'
import type { Target } from '../targets/target.js'
import { DataError } from '../data/data-error.js'
import { buildTarget, type RecordLayout } from './build-target.js'
import { checkIntegerInputs, resolveInputColumns } from './input-columns.js'
import type { ResolvedConfig, ResolvedDataFile, ResolvedModel } from './config/index.js'
import { DATA_KEYS, type DataKey } from './catalogue.js'
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
  /**
   * This model at another seed, over the same target and data, with a cache of shared work of its
   * own (shared results hold the seed they were measured at); `undefined` when the target must be
   * built anew to answer as a new one would ({@link Target.restart} says so). Its gates measure what
   * those of a model built from the file with that seed measure, without loading the model file,
   * opening an ONNX session or reading the data again. The target is shared: use one of the two
   * models at a time.
   */
  atSeed(seed: number): GateModel | undefined
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
  if (settings === undefined) throw new RangeError(unknownModelMessage(config, name))
  const files = new Map<string, Promise<LoadedDataset>>()
  const records: RecordLayout = { recordShape: settings.data.recordShape }
  // The id column must be in the members file (it names the members at risk); in the others it is
  // dropped when present, so that it is never read as a feature.
  // A .npy pair has no columns: its labels are the y file, and the config refuses an id for it
  // (a label inherited from defaults serves the model's CSV/JSON files only).
  // Each file is read once: named inputs need the first file's columns before the target is built,
  // and the audit reads the same file again through this cache.
  const load = (path: ResolvedDataFile, key: string): Promise<LoadedDataset> => {
    const idOptional = key !== 'members'
    const npy = typeof path !== 'string'
    const name = `${idOptional}:${npy ? `${path.x}\0${path.y}` : path}`
    let p = files.get(name)
    if (!p) {
      const options = npy ? { scale: settings.data.scale } : { label: settings.data.label, id: settings.data.id, idOptional, scale: settings.data.scale }
      p = loadDataset(path, options)
      files.set(name, p)
    }
    return p
  }
  const read = (path: ResolvedDataFile, key: string) => load(path, key).then((ds) => withRecords(ds, records, settings))
  const t = settings.target
  const inputs = t.type === 'onnx' || t.type === 'http' ? t.inputs : undefined
  if (inputs !== undefined) {
    // Column names become indices once, from the first data file; the others must agree (withRecords).
    const first = DATA_KEYS.find((k) => settings.data[k] !== undefined)
    if (first === undefined) throw new DataError(`${config.file}: ${settings.pointer}/target/inputs: maps inputs to data columns, but the model names no data file`)
    const ds = await load(settings.data[first]!, first)
    records.inputs = resolveInputColumns(inputs, ds.columns, ds.source, `${settings.pointer}/target/inputs`)
  }
  const target = await buildTarget(settings.target, { configFile: config.file, name }, process.env, records)
  // Read once for every seed: the gates read data files, never change them.
  let data: Promise<Partial<Record<DataKey, LoadedDataset>>> | undefined
  const readData = () => (data ??= (async () => {
    const out: Partial<Record<DataKey, LoadedDataset>> = {}
    for (const key of DATA_KEYS) {
      const path = settings.data[key]
      if (path !== undefined) out[key] = await read(path, key)
    }
    return out
  })())
  const fprLevels = settings.gates.membershipTpr?.level !== 'off' && settings.gates.membershipTpr ? [settings.gates.membershipTpr.atFpr] : []
  const atRisk = settings.gates.recordsAtRisk
  const riskLevels = atRisk && atRisk.level !== 'off' && atRisk.risk !== undefined ? [atRisk.risk] : []
  const at = (seed: number): GateModel => {
    const cache = new Map<string, Promise<unknown>>()
    let source: Promise<AuditSource> | undefined
    return {
      kind: 'privacy-gates/model',
      name,
      configFile: config.file,
      settings: seed === settings.seed ? settings : { ...settings, seed },
      target,
      source: () => (source ??= readData().then((files) => ({
        target, seed, cache, fprLevels, riskLevels, attackSettings: settings.attackSettings,
        ...(config.cache === undefined ? {} : { referenceCache: config.cache }),
        ...files,
      }))),
      // Sharing the target is safe because the targets of the thresholds file answer each row by its
      // values alone (ONNX sessions, HTTP endpoints, outputs read from files) or can be restarted.
      atSeed: (next) => (target.restart?.() === false ? undefined : at(next)),
    }
  }
  return at(settings.seed)
}

/**
 * The message for a model name the thresholds file does not hold: the file, the name, the closest
 * known name when one is close, and every known name.
 *
 * @example
 * unknownModelMessage(config, 'digits-mpl')
 * // '/repo/privacy-gates.json has no model named "digits-mpl"; did you mean "digits-mlp"? Known models: digits-mlp'
 */
export function unknownModelMessage(config: Pick<ResolvedConfig, 'file' | 'models'>, name: string): string {
  const known = Object.keys(config.models)
  const guess = closestName(name, known)
  return `${config.file} has no model named "${name}"${guess ? `; did you mean "${guess}"?` : '.'} Known models: ${known.join(', ')}`
}

/**
 * A data file as the model's records: its record shape checked and attached (recipes read it), and,
 * with named inputs, its columns checked to be where the first file's were and its integer inputs
 * whole numbers below 2^24. Every problem is a {@link DataError} naming the file.
 */
function withRecords(ds: LoadedDataset, records: RecordLayout, settings: ResolvedModel): LoadedDataset {
  const { recordShape, inputs } = records
  if (recordShape !== undefined) {
    const size = recordShape.reduce((a, b) => a * b, 1)
    if (size !== ds.features) {
      throw new DataError(`${ds.source}: ${settings.pointer}/data/recordShape [${recordShape.join(', ')}] holds ${size} values per record, but the file has ${ds.features} feature columns`)
    }
  }
  if (inputs !== undefined && (settings.target.type === 'onnx' || settings.target.type === 'http') && settings.target.inputs !== undefined) {
    const here = resolveInputColumns(settings.target.inputs, ds.columns, ds.source, `${settings.pointer}/target/inputs`)
    for (const [name, input] of Object.entries(inputs)) {
      if (here[name].columns.join() !== input.columns.join()) {
        throw new DataError(`${ds.source}: the columns of input "${name}" are not where they are in the model's first data file; give every file the same columns in the same order`)
      }
    }
    checkIntegerInputs(ds, inputs)
  }
  return recordShape === undefined ? ds : { ...ds, recordShape }
}
