import { dirname, resolve } from 'node:path'
import { pointerToken } from '../../data/json-pointer.js'
import { DATA_KEYS, type GateId } from '../catalogue.js'
import { checkDataNeeds } from './data-needs.js'
import { checkPredictionsGates } from './predictions-checks.js'
import { FileChecks } from './file-checks.js'
import { LabelChecks } from './label-checks.js'
import { parseConfigText, readConfigFile } from './read.js'
import { inheritedGapIssues, resolveGates } from './resolve-gates.js'
import { resolveTarget } from './resolve-target.js'
import type { ResolvedConfig, ResolvedModel } from './resolved-types.js'
import { resolveReferenceCache } from '../../runtime/cache/location.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import type { AttackSettings, PrivacyGatesConfig } from '../../schema/types.js'
import { ConfigError, inDocumentOrder, validateConfig, type ConfigIssue } from './validate.js'

/**
 * Reads, validates and resolves a thresholds file (`privacy-gates.json`).
 *
 * 1. reads it (a missing file is an error naming it) and parses it (a syntax error names
 *    `file:line:column`);
 * 2. validates it against `schema/thresholds.schema.json`, reporting every problem at once;
 * 3. merges `defaults` into each model key by key (data `label`/`scale`, `seed`, and each gate
 *    setting by setting), fills the remaining defaults, and makes every path absolute (relative to
 *    the file's folder);
 * 4. checks what the schema cannot: every file exists, every enabled gate has its limit and the
 *    data files it needs, and a given label column is in each CSV file's header row.
 *
 * All problems of steps 2 and 4 are collected before one {@link ConfigError} is thrown.
 *
 * @example
 * const config = await loadConfig('privacy-gates.json')
 * config.models.digits.gates.membershipAuc // { max: 0.6, attack: 'max-confidence', bound: 'point', level: 'error' }
 */
export async function loadConfig(path: string): Promise<ResolvedConfig> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`loadConfig: path: expected the path of a thresholds file, found ${path === '' ? 'an empty string' : typeof path}`)
  }
  const { file, doc, config } = await readValidConfig(path)
  const issues: ConfigIssue[] = []
  const files = new FileChecks(file, issues)
  const labels = new LabelChecks(file)
  const inheritedGaps = new Map<GateId, string[]>()
  const models: Record<string, ResolvedModel> = {}
  for (const [name, model] of Object.entries(config.models)) {
    models[name] = await resolveModel(config, name, model, file, issues, files, labels, inheritedGaps)
  }
  issues.push(...inheritedGapIssues(config, inheritedGaps, file))
  issues.push(...(await labels.issues(files)))
  if (issues.length > 0) throw new ConfigError(file, inDocumentOrder(doc, issues))
  return { file, models, cache: cacheOf(config, file) }
}

/**
 * The reference-cache folder a thresholds file names (`defaults.cache`, resolved from the file's
 * folder; `false` when off), checking the file against the schema only: `cache ls` and `cache clear`
 * need no data file to exist.
 */
export async function loadConfigCache(path: string): Promise<string | false> {
  const { file, config } = await readValidConfig(path)
  return cacheOf(config, file)
}

/** The thresholds file at `path`, parsed and checked against the schema (a ConfigError otherwise). */
async function readValidConfig(path: string): Promise<{ file: string; doc: unknown; config: PrivacyGatesConfig }> {
  const file = resolve(path)
  const doc = parseConfigText(await readConfigFile(file), file)
  const schemaIssues = validateConfig(doc, file)
  if (schemaIssues.length > 0) throw new ConfigError(file, schemaIssues)
  // The schema has been checked, so the document has the generated type's shape.
  return { file, doc, config: doc as PrivacyGatesConfig }
}

function cacheOf(config: PrivacyGatesConfig, file: string): string | false {
  const cache = resolveReferenceCache(config.defaults?.cache, { from: dirname(file) })
  return cache === null ? false : cache.dir
}

async function resolveModel(
  config: PrivacyGatesConfig,
  name: string,
  model: PrivacyGatesConfig['models'][string],
  file: string,
  issues: ConfigIssue[],
  files: FileChecks,
  labels: LabelChecks,
  inheritedGaps: Map<GateId, string[]>,
): Promise<ResolvedModel> {
  const base = dirname(file)
  const pointer = `/models/${pointerToken(name)}`
  const defaults = config.defaults ?? {}

  const target = await resolveTarget(model.target, base, `${pointer}/target`, file, issues, files)

  const data: ResolvedModel['data'] = {}
  const npyKeys: string[] = []
  for (const key of DATA_KEYS) {
    const given = model.data[key]
    if (given === undefined) continue
    if (typeof given === 'string') {
      data[key] = resolve(base, given)
      await files.check(data[key], `${pointer}/data/${key}`)
      continue
    }
    // A .npy pair: both files relative to the thresholds file, each checked where it is named.
    const pair = { x: resolve(base, given.x), y: resolve(base, given.y) }
    data[key] = pair
    npyKeys.push(key)
    await files.check(pair.x, `${pointer}/data/${key}/x`)
    await files.check(pair.y, `${pointer}/data/${key}/y`)
  }
  if (data.evaluation === undefined && data.nonMembers !== undefined) data.evaluation = data.nonMembers
  const label = model.data.label ?? defaults.data?.label
  if (label !== undefined) {
    data.label = label
    labels.expect(label, model.data.label !== undefined ? `${pointer}/data/label` : '/defaults/data/label', data)
  }
  const id = model.data.id ?? defaults.data?.id
  if (id !== undefined) data.id = id
  if (npyKeys.length > 0) {
    // A .npy pair has no columns: its labels are the y file and its records are named by row index.
    // A label set on the model is refused; one inherited from defaults serves the model's CSV/JSON files only.
    const which = `${npyKeys.map((k) => `"${k}"`).join(', ')} ${npyKeys.length === 1 ? 'is a .npy pair' : 'are .npy pairs'}`
    if (model.data.label !== undefined) {
      issues.push({ file, pointer: `${pointer}/data/label`, message: `"label" names a column, but ${which} { "x", "y" } whose labels are the y file; remove "label"` })
    }
    if (id !== undefined) {
      issues.push({
        file,
        pointer: model.data.id !== undefined ? `${pointer}/data/id` : '/defaults/data/id',
        message: `"id" names a column, but ${which} { "x", "y" } with no columns (records are named by row index); remove "id"${model.data.id === undefined ? ' from defaults.data, or give this model CSV/JSON files' : ''}`,
      })
    }
  }
  const scale = model.data.scale ?? defaults.data?.scale
  if (scale !== undefined) data.scale = scale
  if (model.data.recordShape !== undefined) data.recordShape = model.data.recordShape
  const inputs = target.type === 'onnx' || target.type === 'http' ? target.inputs : undefined
  const intInput = Object.entries(inputs ?? {}).find(([, i]) => i.dtype === 'int32' || i.dtype === 'int64')
  if (intInput !== undefined && scale !== undefined && scale !== 1) {
    issues.push({
      file,
      pointer: model.data.scale !== undefined ? `${pointer}/data/scale` : '/defaults/data/scale',
      message: `"scale" multiplies every column, including those of the integer input "${intInput[0]}" (${intInput[1].dtype}); remove it, or scale the float columns in the data files`,
    })
  }
  if (inputs !== undefined && model.data.recordShape !== undefined) {
    issues.push({ file, pointer: `${pointer}/data/recordShape`, message: '"recordShape" describes one input; with "inputs" (several named inputs) each input takes the shape the model declares — remove it' })
  }

  const training = model.training
  if (training?.epsilon !== undefined && training.delta === undefined) {
    issues.push({ file, pointer: `${pointer}/training`, message: 'missing "delta": an ε claim means nothing without its δ; add "delta" (the δ of the (ε, δ) guarantee, below 1 / training records, e.g. 1e-5)' })
  }
  const gates = resolveGates(defaults.gates ?? {}, model.gates ?? {}, name, pointer, file, issues, inheritedGaps, training)
  const attackSettings: AttackSettings = { ...defaults.attackSettings, ...model.attackSettings }
  if (attackSettings.recipe !== undefined) {
    // A module path like any other path of the file: relative to its folder, checked to exist.
    attackSettings.recipe = resolve(base, attackSettings.recipe)
    await files.check(attackSettings.recipe, model.attackSettings?.recipe !== undefined ? `${pointer}/attackSettings/recipe` : '/defaults/attackSettings/recipe')
  }
  if (target.type === 'predictions') checkPredictionsGates(gates, target, attackSettings, pointer, file, issues)
  else checkDataNeeds(gates, model.data, data, pointer, file, issues)

  const resolved: ResolvedModel = { name, pointer, seed: model.seed ?? defaults.seed ?? SCHEMA_DEFAULTS.Seed, target, data, gates, attackSettings }
  if (training !== undefined) resolved.training = training
  if (model.description !== undefined) resolved.description = model.description
  return resolved
}
