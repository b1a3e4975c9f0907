import { DataError } from '../../data/data-error.js'
import { takeRows, type Matrix } from '../../data/matrix.js'
import { InputError } from '../../errors.js'
import { checkProbabilityRows, DEFAULT_TOLERANCE, softmaxInto, type RowTerms } from '../create-target.js'
import { readArray, type ArraySource, type NumericArray } from './read-array.js'
import type { PredictionsTarget, RecordGroup, ReferenceOutputs } from './types.js'

/** Options of {@link predictionsTarget}: the files (or arrays) of docs/predictions.md. */
export interface PredictionsTargetOptions {
  /** Name in messages and reports. Default `"predictions"`. */
  name?: string
  /** The model's outputs on every record, `[records, classes]`. */
  outputs: ArraySource
  /** What `outputs` (and the reference outputs) hold. Default `probabilities`. */
  outputMode?: 'probabilities' | 'logits'
  /** The true class of every record, `[records]`. */
  labels: ArraySource
  /** Per record: 1 member, 0 non-member, 2 population (RMIA's; not audited); booleans mean 1 / 0. `[records]`. */
  membership: ArraySource
  /** Reference models' outputs on the same records (`[models, records, classes]`) and which records each trained on (`[models, records]`, bool). */
  references?: { outputs: ArraySource; inside: ArraySource }
  /** Largest allowed |row sum − 1| of a probability row. Default 1e-3, as for every target. */
  tolerance?: number
}

/**
 * The targets' row checks in a file's words: the same rule as for a live target's answers, but a
 * file is the user's input (a {@link DataError}, exit code 2), not an unmeasurable target.
 */
const FILE_ROWS: RowTerms = {
  row: 'record',
  logitsHint: 'if the model returns logits, set outputMode "logits"',
  error: DataError,
}

/** The membership codes of the `membership` file. */
const MEMBER = 1
const NON_MEMBER = 0
const POPULATION = 2

/**
 * A model under test given by its outputs, computed elsewhere (a Python pipeline, say) and read
 * from `.npy`, `.json` or `.csv` files, with optionally reference models' outputs on the same
 * records and their IN/OUT mask (layout: docs/predictions.md). Every file is read and checked
 * now, so a bad file fails before any attack runs: row counts that differ between files, labels
 * outside the classes, membership codes other than 0/1/2, NaN or infinite outputs, probability rows
 * that do not sum to 1, a reference class count that differs from the model's, a mask that is not
 * boolean, and a record that every reference model trained on (it has no OUT statistic). Each is a
 * {@link DataError} naming the file, the record and what was expected.
 *
 * The target cannot be queried: membership attacks that need only the outputs run on it, and
 * `lira` and `rmia` on the given reference outputs, training nothing.
 *
 * @example
 * const target = await predictionsTarget({ outputs: 'out/outputs.npy', labels: 'out/labels.npy', membership: 'out/membership.npy',
 *   outputMode: 'logits', references: { outputs: 'out/ref-outputs.npy', inside: 'out/ref-inside.npy' } })
 * const lira = await auditMembership(target, { attack: 'lira' })
 */
export async function predictionsTarget(options: PredictionsTargetOptions): Promise<PredictionsTarget> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('predictionsTarget: expected options { outputs, labels, membership, outputMode?, references? }')
  }
  const name = options.name ?? 'predictions'
  const mode = options.outputMode ?? 'probabilities'
  if (mode !== 'probabilities' && mode !== 'logits') {
    throw new RangeError(`predictionsTarget: outputMode: expected 'probabilities' or 'logits', found ${JSON.stringify(mode)}`)
  }
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE
  const [outputs, labels, membership, refOutputs, refInside] = await Promise.all([
    readArray(options.outputs, 'outputs'),
    readArray(options.labels, 'labels'),
    readArray(options.membership, 'membership'),
    options.references ? readArray(options.references.outputs, 'references.outputs') : undefined,
    options.references ? readArray(options.references.inside, 'references.inside') : undefined,
  ])

  rank(outputs, 2, '[records, classes]')
  floats(outputs)
  const [n, classes] = outputs.shape
  if (classes < 2) throw new DataError(`${outputs.file}: shape [${outputs.shape.join(', ')}]: ${classes} class; expected at least 2 columns of outputs per record`)
  const y = labelsOf(labels, n, classes, outputs.file)
  const codes = membershipOf(membership, n, outputs.file)
  const probabilities = toProbabilities(outputs.data, 0, n, classes, mode, tolerance, outputs.file)

  const groups = { members: [] as number[], nonMembers: [] as number[], population: [] as number[] }
  codes.forEach((c, r) => (c === MEMBER ? groups.members : c === NON_MEMBER ? groups.nonMembers : groups.population).push(r))
  for (const [what, code] of [['members', MEMBER], ['nonMembers', NON_MEMBER]] as const) {
    if (groups[what].length < 2) {
      throw new DataError(`${membership.file}: ${groups[what].length} record(s) marked ${code}; at least 2 ${what === 'members' ? 'members' : 'non-members'} are needed to estimate an AUC`)
    }
  }
  const index = {
    members: Int32Array.from(groups.members),
    nonMembers: Int32Array.from(groups.nonMembers),
    population: Int32Array.from(groups.population),
  }
  const group = (idx: Int32Array): RecordGroup => ({ answers: takeRows(probabilities, idx), labels: Int32Array.from(idx, (r) => y[r]), records: idx })

  let references: ReferenceOutputs | undefined
  if (refOutputs !== undefined && refInside !== undefined) {
    references = referencesOf(refOutputs, refInside, { n, classes, mode, tolerance, outputsFile: outputs.file, index, codes })
  }
  const files = { outputs: outputs.file, labels: labels.file, membership: membership.file }
  return {
    kind: 'privacy-gates/predictions',
    name,
    features: undefined,
    outputMode: mode,
    classes,
    queryCount: 0,
    members: group(index.members),
    nonMembers: group(index.nonMembers),
    ...(index.population.length > 0 ? { population: group(index.population) } : {}),
    ...(references ? { references } : {}),
    files,
    query(): Promise<Matrix> {
      return Promise.reject(new InputError(
        `target "${name}" holds outputs read from ${files.outputs} and cannot be queried: only membership gates with attacks that need no query ` +
          'apply to it (docs/predictions.md lists them)',
      ))
    },
  }
}

function rank(a: NumericArray, expected: number, layout: string): void {
  if (a.shape.length !== expected) throw new DataError(`${a.file}: shape [${a.shape.join(', ')}]; expected ${layout}`)
}

function floats(a: NumericArray): void {
  if (a.kind === 'bool' || a.kind === 'int') {
    throw new DataError(`${a.file}: holds ${a.kind === 'bool' ? 'booleans' : 'integers'}; expected float32 or float64 outputs`)
  }
}

function labelsOf(a: NumericArray, n: number, classes: number, outputsFile: string): Int32Array {
  if (a.shape.length === 2 && a.shape[1] === 1) a = { ...a, shape: [a.shape[0]] }
  rank(a, 1, '[records], one class index per record')
  if (a.shape[0] !== n) throw new DataError(`${a.file}: ${a.shape[0]} labels, but ${outputsFile} holds outputs for ${n} records; expected one label per record, in the same order`)
  const y = new Int32Array(n)
  for (let r = 0; r < n; r++) {
    const v = a.data[r]
    if (!(Number.isInteger(v) && v >= 0 && v < classes)) {
      throw new DataError(`${a.file}: record ${r}: expected a class index (an integer in 0..${classes - 1}, the columns of ${outputsFile}), found ${v}`)
    }
    y[r] = v
  }
  return y
}

function membershipOf(a: NumericArray, n: number, outputsFile: string): Uint8Array {
  rank(a, 1, '[records]: 1 member, 0 non-member, 2 population')
  if (a.shape[0] !== n) throw new DataError(`${a.file}: ${a.shape[0]} values, but ${outputsFile} holds outputs for ${n} records; expected one per record, in the same order`)
  const codes = new Uint8Array(n)
  for (let r = 0; r < n; r++) {
    const v = a.data[r]
    if (v !== MEMBER && v !== NON_MEMBER && v !== POPULATION) {
      throw new DataError(`${a.file}: record ${r}: expected 1 (member), 0 (non-member) or 2 (population), found ${v}`)
    }
    codes[r] = v
  }
  return codes
}

/**
 * `rows` rows of `classes` outputs from `data` (starting at row `first`) as float32 probability
 * rows: logits through the targets' softmax, probabilities checked as every target's answers are.
 * Problems become {@link DataError}s naming `where` and the record.
 */
function toProbabilities(
  data: ArrayLike<number>, first: number, rows: number, classes: number, mode: 'probabilities' | 'logits', tolerance: number, where: string,
): Matrix {
  const raw: Matrix = { data: Float32Array.from({ length: rows * classes }, (_, i) => data[first * classes + i]), rows, cols: classes }
  for (let i = 0; i < raw.data.length; i++) {
    const v = data[first * classes + i]
    if (!Number.isFinite(v) || !Number.isFinite(raw.data[i])) {
      const kind = Number.isFinite(v) ? `${v}, beyond float32` : String(v)
      throw new DataError(`${where}: record ${Math.floor(i / classes)}, class ${i % classes}: expected a finite ${mode === 'logits' ? 'logit' : 'probability'}, found ${kind}`)
    }
  }
  if (mode === 'logits') {
    const out = new Float32Array(rows * classes)
    softmaxInto(raw, out, 0, where, FILE_ROWS)
    return { data: out, rows, cols: classes }
  }
  checkProbabilityRows(raw, 0, tolerance, where, FILE_ROWS)
  return raw
}

interface ReferenceContext {
  n: number
  classes: number
  mode: 'probabilities' | 'logits'
  tolerance: number
  outputsFile: string
  index: { members: Int32Array; nonMembers: Int32Array; population: Int32Array }
  codes: Uint8Array
}

function referencesOf(outputs: NumericArray, inside: NumericArray, c: ReferenceContext): ReferenceOutputs {
  // numpy.savetxt writes two dimensions: a CSV holds the models' blocks of records one after another.
  if (outputs.shape.length === 2 && outputs.kind === 'number' && outputs.file.toLowerCase().endsWith('.csv') && outputs.shape[0] % c.n === 0) {
    outputs = { ...outputs, shape: [outputs.shape[0] / c.n, c.n, outputs.shape[1]] }
  }
  rank(outputs, 3, '[models, records, classes] (a .csv: models × records rows, model by model)')
  floats(outputs)
  const [k, n, classes] = outputs.shape
  if (k < 1) throw new DataError(`${outputs.file}: holds 0 reference models`)
  if (n !== c.n) throw new DataError(`${outputs.file}: outputs for ${n} records per model, but ${c.outputsFile} holds ${c.n}; expected the same records, in the same order`)
  if (classes !== c.classes) {
    throw new DataError(`${outputs.file}: the reference models have ${classes} classes (shape [${outputs.shape.join(', ')}]), but ${c.outputsFile} has ${c.classes}; expected the same classes`)
  }
  if (inside.shape.length === 1 && k === 1) inside = { ...inside, shape: [1, inside.shape[0]] }
  rank(inside, 2, '[models, records], bool')
  if (inside.shape[0] !== k || inside.shape[1] !== c.n) {
    throw new DataError(`${inside.file}: shape [${inside.shape.join(', ')}]; expected [${k}, ${c.n}]: one row per reference model of ${outputs.file}, one column per record`)
  }
  if (inside.kind === 'float') throw new DataError(`${inside.file}: holds floats; expected a boolean mask (numpy.save of a bool array: True where the model trained on the record)`)
  const masks: Uint8Array[] = []
  for (let j = 0; j < k; j++) {
    const mask = new Uint8Array(c.n)
    for (let r = 0; r < c.n; r++) {
      const v = inside.data[j * c.n + r]
      if (v !== 0 && v !== 1) throw new DataError(`${inside.file}: model ${j}, record ${r}: expected a boolean (True/False or 1/0), found ${v}`)
      mask[r] = v
    }
    masks.push(mask)
  }
  for (let r = 0; r < c.n; r++) {
    if (masks.every((m) => m[r] === 1)) {
      const role = c.codes[r] === MEMBER ? 'a member' : c.codes[r] === NON_MEMBER ? 'a non-member' : 'a population record'
      throw new DataError(
        `${inside.file}: record ${r} (${role}) is IN for all ${k} reference models, so no model shows how it is answered when not trained on: ` +
          'expected every record to be OUT (False) for at least one reference model',
      )
    }
  }
  const perModel = Array.from({ length: k }, (_, j) => toProbabilities(outputs.data, j * c.n, c.n, classes, c.mode, c.tolerance, `${outputs.file}: model ${j}`))
  const pick = (idx: Int32Array) => perModel.map((m) => takeRows(m, idx))
  const pickMask = (idx: Int32Array) => masks.map((m) => Uint8Array.from(idx, (r) => m[r]))
  return {
    members: pick(c.index.members),
    nonMembers: pick(c.index.nonMembers),
    ...(c.index.population.length > 0 ? { population: pick(c.index.population) } : {}),
    inside: {
      members: pickMask(c.index.members),
      nonMembers: pickMask(c.index.nonMembers),
      ...(c.index.population.length > 0 ? { population: pickMask(c.index.population) } : {}),
    },
    files: { outputs: outputs.file, inside: inside.file },
  }
}
