import { open, readFile, stat } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import { closestName } from '../../data/csv.js'
import { locateJsonError } from '../../data/json.js'
import type { AttackSettings, Data, Gates, HttpTarget, Level, MembershipAttack, OutputMode, PrivacyGatesConfig, Training } from '../config-types.js'
import { ConfigError, inDocumentOrder, pointerToken, validateConfig, type ConfigIssue } from './validate.js'

export type { AttackSettings, Level, MembershipAttack } from '../config-types.js'

/**
 * A gate's limit and level together: an enabled gate (`error` or `warn`) always has its limit; a
 * gate switched `off` may lack it (it was inherited from `defaults` and never completed). Checking
 * `level !== 'off'` narrows the limit to `number`.
 */
export type GateLimit<Key extends 'max' | 'min'> =
  | ({ level: 'error' | 'warn' } & { [K in Key]: number })
  | ({ level: 'off' } & { [K in Key]?: number })

/** Resolved `membershipAuc` gate: defaults filled in (attack `max-confidence`, bound `point`, level `error`). */
export type MembershipAucGate = GateLimit<'max'> & { attack: MembershipAttack; bound: 'point' | 'upper'; slice: 'all' | 'worst-class'; message?: string }
/** Resolved `membershipAdvantage` gate: defaults filled in (attack `max-confidence`, bound `point`, level `error`). */
export type MembershipAdvantageGate = GateLimit<'max'> & { attack: MembershipAttack; bound: 'point' | 'upper'; message?: string }
/** Resolved `membershipTpr` gate: defaults filled in (atFpr 0.01, attack `max-confidence`, bound `point`, level `error`). */
export type MembershipTprGate = GateLimit<'max'> & { atFpr: number; attack: MembershipAttack; bound: 'point' | 'upper'; message?: string }
/** Resolved `surrogateFidelity` / `surrogateAccuracy` gate: strategy `pool`, level `error`; no budget means the whole pool. */
export type SurrogateGate = GateLimit<'max'> & {
  budget?: number
  strategy: 'pool' | 'synthetic' | 'augment' | 'active' | 'equation-solving'
  labels?: 'soft' | 'hard'
  on?: 'evaluation' | 'uniform'
  message?: string
}
/** Resolved `cleanAccuracy` gate: level `error` by default. */
export type CleanAccuracyGate = GateLimit<'min'> & { message?: string }
/** Resolved `watermarkAgreement` gate: level `error` by default. */
export type WatermarkGate = GateLimit<'min'> & { message?: string }
/** Resolved `empiricalEpsilon` gate: max defaults to `training.epsilon`, δ is `training.delta`, attack `max-confidence`. */
export type EmpiricalEpsilonGate = GateLimit<'max'> & { attack: MembershipAttack; delta: number; message?: string }
/** Resolved `generalizationGap` gate: metric `accuracy`, level `error` by default. */
export type GeneralizationGapGate = GateLimit<'max'> & { metric: 'accuracy' | 'loss'; message?: string }

/** A model's gates after merging `defaults.gates` setting by setting and filling defaults. Absent gates are not checked. */
export interface ResolvedGates {
  membershipAuc?: MembershipAucGate
  membershipAdvantage?: MembershipAdvantageGate
  membershipTpr?: MembershipTprGate
  surrogateFidelity?: SurrogateGate
  surrogateAccuracy?: SurrogateGate
  cleanAccuracy?: CleanAccuracyGate
  generalizationGap?: GeneralizationGapGate
  watermarkAgreement?: WatermarkGate
  empiricalEpsilon?: EmpiricalEpsilonGate
}

/**
 * One model of the thresholds file, ready to gate: defaults merged, every path absolute and
 * checked to exist. A plain JSON-serialisable object (it is sent to Vitest workers with `provide`).
 */
export interface ResolvedModel {
  /** The model's key under `models`. */
  name: string
  /** Free text from the file. */
  description?: string
  /** JSON pointer of the model in the thresholds file, `/models/<name>`, for messages. */
  pointer: string
  /** Seed of every random choice the gates make (default 0). */
  seed: number
  /** The prediction interface: a tfjs model.json or an .onnx file (absolute paths), or an HTTP endpoint. */
  target: ResolvedTarget
  /** Absolute paths of the data files; `evaluation` defaults to `nonMembers`. `label`/`scale` as given (model, else defaults). */
  data: { members?: string; nonMembers?: string; pool?: string; evaluation?: string; triggers?: string; label?: string; scale?: number }
  /** The gates after merging defaults. */
  gates: ResolvedGates
  /** Settings of the membership attacks (`defaults.attackSettings` merged key by key with the model's). */
  attackSettings: AttackSettings
  /** The model's differential-privacy claim, as written. */
  training?: Training
}

/**
 * A model's `target` entry with defaults filled in and paths made absolute. An HTTP target's `url`
 * is kept as written: `${NAME}` placeholders are expanded from the environment when the target is
 * created (in the test worker or the CLI), not when the file is read.
 */
export type ResolvedTarget =
  | { type: 'tfjs'; path: string; outputMode: 'probabilities' | 'logits'; batchSize?: number }
  | { type: 'onnx'; path: string; outputMode: OutputMode; batchSize?: number; classes?: number; inputName?: string; outputName?: string }
  | (Omit<HttpTarget, 'format' | 'outputMode'> & { format: NonNullable<HttpTarget['format']>; outputMode: OutputMode })

/** A loaded, validated and resolved thresholds file. */
export interface ResolvedConfig {
  /** Absolute path of the thresholds file. */
  file: string
  /** The models by name, in file order. */
  models: Record<string, ResolvedModel>
}

type GateId = keyof ResolvedGates

/** Membership attacks that train models of their own on the labelled attacker pool. */
const POOL_ATTACKS = new Set(['shadow', 'lira', 'rmia'])
type DataKey = 'members' | 'nonMembers' | 'pool' | 'evaluation' | 'triggers'

/** What each gate compares and which data files it needs; the order is the schema's (and the reports'). */
const GATE_NEEDS: Record<GateId, { limit: 'max' | 'min'; needs: readonly DataKey[] }> = {
  membershipAuc: { limit: 'max', needs: ['members', 'nonMembers'] },
  membershipAdvantage: { limit: 'max', needs: ['members', 'nonMembers'] },
  membershipTpr: { limit: 'max', needs: ['members', 'nonMembers'] },
  surrogateFidelity: { limit: 'max', needs: ['pool', 'evaluation'] },
  surrogateAccuracy: { limit: 'max', needs: ['pool', 'evaluation'] },
  cleanAccuracy: { limit: 'min', needs: ['evaluation'] },
  generalizationGap: { limit: 'max', needs: ['members', 'nonMembers'] },
  watermarkAgreement: { limit: 'min', needs: ['triggers'] },
  empiricalEpsilon: { limit: 'max', needs: ['members', 'nonMembers'] },
}
const GATE_IDS = Object.keys(GATE_NEEDS) as GateId[]
const DATA_KEYS: readonly DataKey[] = ['members', 'nonMembers', 'pool', 'evaluation', 'triggers']

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
  const file = resolve(path)
  const doc = parseConfigText(await readConfigFile(file), file)
  const schemaIssues = validateConfig(doc, file)
  if (schemaIssues.length > 0) throw new ConfigError(file, schemaIssues)

  // The schema has been checked, so the document has the generated type's shape.
  const config = doc as PrivacyGatesConfig
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
  return { file, models }
}

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const [issue, sentence] =
      code === 'ENOENT'
        ? ['file not found', 'thresholds file not found (create one with `npx privacy-gates init`)']
        : code === 'EISDIR'
          ? ['expected a JSON file, found a directory', 'expected a thresholds file (JSON), found a directory']
          : [`cannot be read: ${(err as Error).message}`, `cannot read the thresholds file: ${(err as Error).message}`]
    const error = new ConfigError(file, [{ file, pointer: '', message: issue }], `${file}: ${sentence}`)
    error.cause = err
    throw error
  }
}

/** Parses the file's text; a syntax error becomes `<file>:<line>:<col>: JSON syntax error: …`. */
function parseConfigText(text: string, file: string): unknown {
  // A byte-order mark is legal in a UTF-8 file but not in JSON text; editors on Windows add one.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  try {
    return JSON.parse(body)
  } catch (err) {
    // Node 20's JSON.parse messages carry no line or column: locate the error ourselves.
    const found = locateJsonError(body)
    if (found === undefined) {
      throw new ConfigError(file, [{ file, pointer: '', message: `JSON syntax error: ${(err as Error).message}` }], `${file}: JSON syntax error: ${(err as Error).message}`)
    }
    let line = 1
    let lineStart = 0
    for (let i = 0; i < found.at; i++) {
      if (body[i] === '\n') {
        line++
        lineStart = i + 1
      }
    }
    const column = found.at - lineStart + 1
    const what = found.at >= body.length ? 'the end of the file' : JSON.stringify(body[found.at])
    const detail = `expected ${found.expected}, found ${what}`
    const error = new ConfigError(
      file,
      [{ file, pointer: '', message: `JSON syntax error at line ${line}, column ${column}: ${detail}` }],
      `${file}:${line}:${column}: JSON syntax error: ${detail}`,
    )
    error.cause = err
    throw error
  }
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
  for (const key of DATA_KEYS) {
    const given = model.data[key]
    if (given === undefined) continue
    data[key] = resolve(base, given)
    await files.check(data[key], `${pointer}/data/${key}`)
  }
  if (data.evaluation === undefined && data.nonMembers !== undefined) data.evaluation = data.nonMembers
  const label = model.data.label ?? defaults.data?.label
  if (label !== undefined) {
    data.label = label
    labels.expect(label, model.data.label !== undefined ? `${pointer}/data/label` : '/defaults/data/label', data)
  }
  const scale = model.data.scale ?? defaults.data?.scale
  if (scale !== undefined) data.scale = scale

  const training = model.training
  if (training?.epsilon !== undefined && training.delta === undefined) {
    issues.push({ file, pointer: `${pointer}/training`, message: 'missing "delta": an ε claim means nothing without its δ; add "delta" (the δ of the (ε, δ) guarantee, below 1 / training records, e.g. 1e-5)' })
  }
  const gates = resolveGates(defaults.gates ?? {}, model.gates ?? {}, name, pointer, file, issues, inheritedGaps, training)
  checkDataNeeds(gates, model.data, data, pointer, file, issues)

  const attackSettings: AttackSettings = { ...defaults.attackSettings, ...model.attackSettings }
  const resolved: ResolvedModel = { name, pointer, seed: model.seed ?? defaults.seed ?? 0, target, data, gates, attackSettings }
  if (training !== undefined) resolved.training = training
  if (model.description !== undefined) resolved.description = model.description
  return resolved
}

/**
 * The model's target with defaults filled in, paths absolute and checked to exist; records what the
 * schema cannot say: `label` answers need `classes`, and the `custom` format needs both mappings
 * (which mean nothing for the other formats).
 */
async function resolveTarget(
  t: PrivacyGatesConfig['models'][string]['target'],
  base: string,
  pointer: string,
  file: string,
  issues: ConfigIssue[],
  files: FileChecks,
): Promise<ResolvedTarget> {
  if (t.type === 'tfjs' || t.type === 'onnx') {
    const path = resolve(base, t.path)
    await files.check(path, `${pointer}/path`)
    if (t.type === 'tfjs') {
      const target: ResolvedTarget = { type: 'tfjs', path, outputMode: t.outputMode ?? 'probabilities' }
      if (t.batchSize !== undefined) target.batchSize = t.batchSize
      return target
    }
    const onnx = { ...t, path, outputMode: t.outputMode ?? 'probabilities' }
    if (onnx.outputMode === 'label' && onnx.classes === undefined) issues.push(needsClasses(file, pointer))
    return onnx
  }
  const http = { ...t, format: t.format ?? 'tf-serving', outputMode: t.outputMode ?? 'probabilities' }
  if (http.outputMode === 'label' && http.classes === undefined) issues.push(needsClasses(file, pointer))
  if (http.format === 'custom') {
    const absent = (['request', 'response'] as const).filter((k) => http[k] === undefined)
    if (absent.length > 0) {
      issues.push({
        file,
        pointer,
        message: `missing ${absent.map((k) => JSON.stringify(k)).join(' and ')}: format "custom" needs { "pointer": … } for where the rows go in the request and where they are in the answer`,
      })
    }
  } else {
    for (const k of ['request', 'response'] as const) {
      if (http[k] !== undefined) {
        issues.push({ file, pointer: `${pointer}/${k}`, message: `"${k}" applies to format "custom" only; format "${http.format}" has a fixed body (remove it, or set "format": "custom")` })
      }
    }
  }
  return http
}

function needsClasses(file: string, pointer: string): ConfigIssue {
  return { file, pointer, message: 'missing "classes": outputMode "label" answers one class index per row, so the number of classes must be given' }
}

/**
 * Merges each gate setting by setting (the model's settings over `defaults.gates`) and fills the
 * remaining defaults. An enabled gate without its limit is an issue, reported at the gate in the
 * model; when the model does not mention the gate, the gap is recorded in `inheritedGaps` and
 * reported once at the gate in `defaults` (see {@link inheritedGapIssues}).
 */
function resolveGates(
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
    // Both are closed objects of the same gate (the schema checked them), so a spread merges them.
    const merged: Record<string, unknown> = { ...defaults[id], ...own[id] }
    const level = (merged.level as Level | undefined) ?? 'error'
    if (id === 'empiricalEpsilon') {
      merged.max ??= training?.epsilon
      if (level !== 'off' && training?.delta === undefined) {
        issues.push({ file, pointer: `${pointer}/gates/${id}`, message: 'needs "training.delta": the gate tests an (ε, δ) claim; add "training": { "epsilon": …, "delta": … } to the model' })
      }
    }
    const limitKey = GATE_NEEDS[id].limit
    if (level !== 'off' && merged[limitKey] === undefined) {
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
    const gate: Record<string, unknown> = { ...merged, level }
    switch (id) {
      case 'membershipAuc':
        gate.attack ??= 'max-confidence'
        gate.bound ??= 'point'
        gate.slice ??= 'all'
        break
      case 'membershipAdvantage':
        gate.attack ??= 'max-confidence'
        gate.bound ??= 'point'
        break
      case 'membershipTpr':
        gate.atFpr ??= 0.01
        gate.attack ??= 'max-confidence'
        gate.bound ??= 'point'
        break
      case 'surrogateFidelity':
      case 'surrogateAccuracy':
        gate.strategy ??= 'pool'
        break
      case 'cleanAccuracy':
      case 'watermarkAgreement':
        break
      case 'generalizationGap':
        gate.metric ??= 'accuracy'
        break
      case 'empiricalEpsilon':
        gate.attack ??= 'max-confidence'
        if (training?.delta !== undefined) gate.delta = training.delta
        break
    }
    // The limit check above is what makes this object satisfy GateLimit: when it failed, an issue
    // was recorded and loadConfig throws before anyone sees the object.
    ;(gates as Record<GateId, unknown>)[id] = gate
  }
  return gates
}

/** One issue per gate in `defaults.gates` that models inherit enabled but without a limit. */
function inheritedGapIssues(config: PrivacyGatesConfig, gaps: Map<GateId, string[]>, file: string): ConfigIssue[] {
  const out: ConfigIssue[] = []
  for (const [id, models] of gaps) {
    const limitKey = GATE_NEEDS[id].limit
    const level = config.defaults?.gates?.[id]?.level ?? 'error'
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

/**
 * Every enabled gate needs its data files. One issue per missing file (not per gate), naming every
 * gate that needs it, so one forgotten key is one problem.
 */
function checkDataNeeds(
  gates: ResolvedGates,
  given: Data,
  data: ResolvedModel['data'],
  pointer: string,
  file: string,
  issues: ConfigIssue[],
): void {
  const missing = new Map<DataKey, GateId[]>()
  for (const id of GATE_IDS) {
    const gate = gates[id]
    if (gate === undefined || gate.level === 'off') continue
    const attack = (gate as { attack?: string }).attack
    const needs = attack !== undefined && POOL_ATTACKS.has(attack) ? [...GATE_NEEDS[id].needs, 'pool' as const] : GATE_NEEDS[id].needs
    for (const key of needs) {
      if (data[key] !== undefined) continue
      const list = missing.get(key) ?? []
      list.push(id)
      missing.set(key, list)
    }
  }
  for (const [key, ids] of missing) {
    const by = ids.length === 1 ? `the enabled gate ${ids[0]} needs it` : `the enabled gates ${ids.join(', ')} need it`
    const also = key === 'evaluation' && given.nonMembers === undefined ? ' (it defaults to "nonMembers", which is absent too)' : ''
    issues.push({ file, pointer: `${pointer}/data`, message: `missing key "${key}"${also}: ${by}` })
  }
}

/** Checks that files exist (each path once) and records an issue per pointer naming a missing one. */
class FileChecks {
  private readonly seen = new Map<string, Promise<'file' | 'directory' | 'missing'>>()

  constructor(
    private readonly file: string,
    private readonly issues: ConfigIssue[],
  ) {}

  /** What is at `path` (cached, so a file named by several models is looked at once). */
  kind(path: string): Promise<'file' | 'directory' | 'missing'> {
    let k = this.seen.get(path)
    if (k === undefined) {
      k = stat(path).then(
        (s) => (s.isDirectory() ? 'directory' : 'file'),
        () => 'missing' as const,
      )
      this.seen.set(path, k)
    }
    return k
  }

  async check(path: string, pointer: string): Promise<void> {
    const k = await this.kind(path)
    if (k === 'missing') this.issues.push({ file: this.file, pointer, message: `file not found: ${path}` })
    else if (k === 'directory') this.issues.push({ file: this.file, pointer, message: `expected a file, found a directory: ${path}` })
  }
}

/**
 * Checks label columns against CSV header rows. Issues are grouped by where the label is set: a
 * wrong `defaults.data.label` is one issue listing every file that lacks it, not one per file.
 */
class LabelChecks {
  private readonly wanted = new Map<string, { label: string; files: Set<string> }>()

  constructor(private readonly file: string) {}

  expect(label: string, pointer: string, data: ResolvedModel['data']): void {
    const entry = this.wanted.get(pointer) ?? { label, files: new Set<string>() }
    for (const key of DATA_KEYS) {
      const path = data[key]
      // Only CSV files are checked: finding a key in JSON rows means reading the whole file.
      if (path !== undefined && /\.csv$/i.test(path)) entry.files.add(path)
    }
    this.wanted.set(pointer, entry)
  }

  async issues(files: FileChecks): Promise<ConfigIssue[]> {
    const out: ConfigIssue[] = []
    const base = dirname(this.file)
    for (const [pointer, { label, files: paths }] of this.wanted) {
      const lacking: string[] = []
      const columns = new Set<string>()
      for (const path of paths) {
        // A missing file is already reported; its header cannot be read.
        if ((await files.kind(path)) !== 'file') continue
        const header = parseHeader(await readFirstLine(path))
        if (header.includes(label)) continue
        lacking.push(relative(base, path) || path)
        for (const c of header) columns.add(c)
      }
      if (lacking.length === 0) continue
      const best = closestName(label, [...columns])
      const listed = columns.size <= 12 ? `; its columns are ${[...columns].map((c) => JSON.stringify(c)).join(', ')}` : ''
      out.push({
        file: this.file,
        pointer,
        message:
          `label column ${JSON.stringify(label)} is not in the header row of ${lacking.join(', ')}` +
          (best !== undefined ? `; did you mean ${JSON.stringify(best)}?` : listed),
      })
    }
    return out
  }
}

/** Reads a file up to its first line break only: data files can be large, the header is all we need. */
async function readFirstLine(path: string): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const chunks: Buffer[] = []
    const chunk = Buffer.alloc(64 * 1024)
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      const part = Buffer.from(chunk.subarray(0, bytesRead))
      const nl = part.indexOf(0x0a)
      if (nl >= 0) {
        chunks.push(part.subarray(0, nl))
        break
      }
      chunks.push(part)
    }
    const line = Buffer.concat(chunks).toString('utf8')
    return (line.charCodeAt(0) === 0xfeff ? line.slice(1) : line).replace(/\r$/, '')
  } finally {
    await handle.close()
  }
}

/** Splits a CSV header row into trimmed column names (RFC 4180 quotes, as the CSV loader reads them). */
function parseHeader(line: string): string[] {
  const names: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') {
        quoted = false
      } else {
        field += ch
      }
    } else if (ch === '"') {
      quoted = true
    } else if (ch === ',') {
      names.push(field.trim())
      field = ''
    } else {
      field += ch
    }
  }
  names.push(field.trim())
  return names
}
