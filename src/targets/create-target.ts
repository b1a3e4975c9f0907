import { firstNonProbabilityRow } from '../wasm/checks.js'
import { optionalPositiveInt } from '../data/describe.js'
import { InputError } from '../errors.js'
import type { Matrix } from '../data/matrix.js'
import { progress } from '../runtime/progress.js'
import { autoBatchRows } from './batch-size.js'
import { TargetAnswerError, type OutputMode, type Target } from './target.js'

/** Rows per call of the underlying interface when no `batchSize` is given. */
export const DEFAULT_BATCH_SIZE = 512

/** Largest allowed |row sum − 1| of a probability row when no `tolerance` is given. */
export const DEFAULT_TOLERANCE = 1e-3

/** Where a batch sits in the caller's query, passed to a {@link BatchPredict} for its messages. */
export interface BatchInfo {
  /** Index, in the caller's matrix, of the batch's first row. */
  readonly start: number
}

/**
 * The raw interface {@link createTarget} wraps: one batch of rows in, one output row per input row
 * out (probabilities, logits, or a single column holding the class index, as declared by
 * `outputMode`).
 */
export type BatchPredict = (rows: Matrix, batch: BatchInfo) => Promise<Matrix>

/** Options of {@link createTarget}. */
export interface CreateTargetOptions {
  /** Name used in every message (`"tfjs LayersModel"`, `"function predictDigits"`, a model id). */
  name: string
  /** Input features the interface expects, when known; queries of another width are refused. */
  features?: number
  /**
   * Output classes the interface declares, when known; otherwise the first answer fixes it.
   * Required with `outputMode: 'label'`, where the answers (one class index per row) cannot tell.
   */
  classes?: number
  /**
   * What `predict` returns. Default `probabilities`; `logits` are turned into probabilities by a
   * softmax; `label` is one column holding an integer class index in [0, `classes`) per row, turned
   * into one-hot probability rows.
   */
  outputMode?: OutputMode
  /**
   * Rows per call of `predict`: a positive integer, or `'auto'` to size each call by bytes
   * (`autoBatchRows`: about 4 MiB of float32 input, at most 4096 rows; docs/targets.md#batch-sizes).
   * Default {@link DEFAULT_BATCH_SIZE}; the ONNX and tfjs adapters default to `'auto'`.
   */
  batchSize?: number | 'auto'
  /** Largest allowed |row sum − 1| for `probabilities` answers. Default {@link DEFAULT_TOLERANCE}. */
  tolerance?: number
  /**
   * `predict` returns a new array on every call that nothing else holds (the ONNX, tfjs and
   * function adapters do). A query answered in one call then returns that array, checked in place
   * (probabilities) or turned into probabilities in place (logits), instead of a copy. Default
   * `false`: every answer is copied, so `predict` may reuse its output buffer between calls.
   */
  freshAnswers?: boolean
  /** Releases what the adapter created (never the user's model); becomes {@link Target.dispose}. */
  dispose?: () => void
}

/**
 * How the row checks ({@link checkProbabilityRows}, {@link checkLabelRows}, {@link softmaxInto})
 * name a row and fail. By default they speak of a live target's answers; rows read from files (a
 * predictions target) bring their own noun, hint and error class, so no message is rewritten.
 */
export interface RowTerms {
  /** Words before a row's number (`answer for row` gives `… answer for row 3, column 1: …`). */
  readonly row: string
  /** Said after a row that is not a probability row, because logits are the usual cause. */
  readonly logitsHint: string
  /** What a check throws: a target that answered wrong cannot be measured; a wrong file is input. */
  readonly error: new (message: string) => Error
}

/** The row checks' terms for a target's answers: a {@link TargetAnswerError} (CLI exit code 3). */
const ANSWER_ROWS: RowTerms = {
  row: 'answer for row',
  logitsHint: "if the model returns logits, pass { outputMode: 'logits' }",
  error: TargetAnswerError,
}

/**
 * Wraps a batch prediction function into a {@link Target}: the one place that batches queries,
 * counts answered rows and validates every answer (shape, finite values, probability rows), so that
 * attacks never see a malformed row. `logits` answers go through a numerically stable softmax.
 * `label` answers (a label-only interface: one column, an integer class index in [0, `classes`)
 * per row) become one-hot probability rows of `classes` columns, so code downstream is the same for
 * every output mode; only attacks that need labels (`needs: 'labels'`) learn anything from them.
 * Zero-row queries return an empty matrix without calling `predict`.
 *
 * @example
 * const target = createTarget(async (rows) => myModel(rows), { name: 'my model', features: 64 })
 * const probs = await target.query(x)   // one probability row per row of x
 * target.queryCount                     // x.rows
 * const labelOnly = createTarget(async (rows) => myLabels(rows), { name: 'api', outputMode: 'label', classes: 10 })
 * await labelOnly.query(x)              // one one-hot row of 10 columns per row of x
 */
export function createTarget(predict: BatchPredict, options: CreateTargetOptions): Target {
  if (typeof predict !== 'function') {
    throw new TypeError(`createTarget: predict: expected a function (rows: Matrix) => Promise<Matrix>, found ${typeof predict}`)
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`createTarget: options: expected an object with at least { name }, found ${options === null ? 'null' : typeof options}`)
  }
  const { name } = options
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`createTarget: options.name: expected a non-empty string, found ${JSON.stringify(name)}`)
  }
  const where = `target "${name}"`
  const features = optionalPositiveInt(options.features, `${where}: options.features`)
  let classes = optionalPositiveInt(options.classes, `${where}: options.classes`)
  const classesFrom = classes === undefined ? '' : 'as the model declares'
  const fixedBatch = options.batchSize === 'auto' ? undefined : optionalPositiveInt(options.batchSize, `${where}: options.batchSize`) ?? DEFAULT_BATCH_SIZE
  const rowsPerCall = (cols: number): number => fixedBatch ?? autoBatchRows(cols)
  const outputMode = options.outputMode ?? 'probabilities'
  if (outputMode !== 'probabilities' && outputMode !== 'logits' && outputMode !== 'label') {
    throw new RangeError(`${where}: options.outputMode: expected 'probabilities', 'logits' or 'label', found ${JSON.stringify(outputMode)}`)
  }
  if (outputMode === 'label' && classes === undefined) {
    // A class index does not say how many classes there are, and guessing from the largest label
    // seen would change the width of the answers between queries.
    throw new TypeError(
      `${where}: options.classes: outputMode 'label' needs the number of classes (a positive integer) to turn each label into a one-hot row, found undefined`,
    )
  }
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(`${where}: options.tolerance: expected a finite number ≥ 0, found ${String(options.tolerance)}`)
  }
  const freshAnswers = options.freshAnswers ?? false
  if (typeof freshAnswers !== 'boolean') {
    throw new TypeError(`${where}: options.freshAnswers: expected true or false, found ${typeof freshAnswers}`)
  }
  if (options.dispose !== undefined && typeof options.dispose !== 'function') {
    throw new TypeError(`${where}: options.dispose: expected a function, found ${typeof options.dispose}`)
  }
  let count = 0

  const query = async (rows: Matrix): Promise<Matrix> => {
    checkQuery(rows, where)
    if (rows.rows === 0) return { data: new Float32Array(0), rows: 0, cols: classes ?? 0 }
    if (features !== undefined && rows.cols !== features) {
      throw new TargetAnswerError(
        `${where}: query has ${rows.cols} features per row, but the target expects ${features} ` +
          `(expected ${features} columns, found ${rows.cols})`,
      )
    }
    let out: Float32Array | undefined
    let firstFrom = classesFrom
    const batchSize = rowsPerCall(rows.cols)
    // Per batch, so a large query to a slow endpoint shows it is moving (silent for one batch).
    const task = rows.rows > batchSize ? progress().start(`querying ${name}`, rows.rows, 'rows') : undefined
    try {
      for (let start = 0; start < rows.rows; start += batchSize) {
        const end = Math.min(start + batchSize, rows.rows)
        const batch: Matrix = { data: rows.data.subarray(start * rows.cols, end * rows.cols), rows: end - start, cols: rows.cols }
        let answer: Matrix
        try {
          answer = await predict(batch, { start })
        } catch (err) {
          // A record the model cannot take (a fractional token id) is the data's fault, named as such.
          if (err instanceof TargetAnswerError || err instanceof InputError) throw err
          throw new Error(`${where}: the interface failed on rows ${start}..${end - 1} of the query: ${(err as Error)?.message ?? String(err)}`, { cause: err })
        }
        count += batch.rows
        task?.tick(batch.rows)
        checkAnswerShape(answer, batch.rows, start, end, where)
        if (outputMode === 'label') {
          if (answer.cols !== 1) {
            throw new TargetAnswerError(
              `${where}: answer to rows ${start}..${end - 1} has ${answer.cols} columns; outputMode 'label' expects 1 column ` +
                `(one class index per row); if the interface returns probabilities, use outputMode 'probabilities'`,
            )
          }
        } else if (classes === undefined) {
          classes = answer.cols
          firstFrom = `as in the answer to rows ${start}..${end - 1}`
        } else if (answer.cols !== classes) {
          throw new TargetAnswerError(
            `${where}: answer to rows ${start}..${end - 1} has ${answer.cols} columns; expected ${classes} classes ` +
              `(${firstFrom || 'as in earlier answers'})`,
          )
        }
        // Known by now: fixed above from the answer, or (label mode) required at creation.
        const k = classes as number
        if (outputMode === 'label') {
          out ??= new Float32Array(rows.rows * k)
          oneHotInto(answer, out.subarray(start * k, end * k), k, start, where)
        } else if (freshAnswers && answer.rows === rows.rows) {
          // One call answered the whole query with an array of its own: it becomes the answer.
          if (outputMode === 'logits') softmaxInto(answer, answer.data, start, where)
          else checkProbabilityRows(answer, start, tolerance, where)
          out = answer.data
        } else {
          out ??= new Float32Array(rows.rows * k)
          const dest = out.subarray(start * k, end * k)
          if (outputMode === 'logits') softmaxInto(answer, dest, start, where)
          else {
            checkProbabilityRows(answer, start, tolerance, where)
            dest.set(answer.data)
          }
        }
      }
    } finally {
      task?.done()
    }
    return { data: out as Float32Array, rows: rows.rows, cols: classes as number }
  }

  const target: Target = {
    name,
    features,
    outputMode,
    query,
    rowsPerCall,
    get queryCount() {
      return count
    },
  }
  if (options.dispose !== undefined) {
    const dispose = options.dispose
    ;(target as { dispose?: () => void }).dispose = () => dispose()
  }
  return target
}

/** A float32 value for messages: 7 significant digits, so 0.1f prints as 0.1, not 0.10000000149011612. */
function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : String(v)
}

function isMatrix(m: unknown): m is Matrix {
  return (
    m !== null &&
    typeof m === 'object' &&
    (m as Matrix).data instanceof Float32Array &&
    Number.isInteger((m as Matrix).rows) &&
    Number.isInteger((m as Matrix).cols) &&
    (m as Matrix).rows >= 0 &&
    (m as Matrix).cols >= 0 &&
    (m as Matrix).data.length === (m as Matrix).rows * (m as Matrix).cols
  )
}

function checkQuery(rows: Matrix, where: string): void {
  if (!isMatrix(rows)) {
    throw new TypeError(
      `${where}: query(rows): expected a Matrix { data: Float32Array, rows, cols } with data.length = rows × cols, found ${describeMatrix(rows)}`,
    )
  }
}

function checkAnswerShape(answer: Matrix, expectedRows: number, start: number, end: number, where: string): void {
  const range = `rows ${start}..${end - 1}`
  if (!isMatrix(answer)) {
    throw new TargetAnswerError(
      `${where}: answer to ${range}: expected a Matrix { data: Float32Array, rows, cols } with data.length = rows × cols, found ${describeMatrix(answer)}`,
    )
  }
  if (answer.rows !== expectedRows) {
    throw new TargetAnswerError(`${where}: answer to ${range}: expected ${expectedRows} output rows (one per input row), found ${answer.rows}`)
  }
  if (answer.cols === 0) {
    throw new TargetAnswerError(`${where}: answer to ${range}: expected at least one class column, found 0 columns`)
  }
}

function describeMatrix(m: unknown): string {
  if (m === null || typeof m !== 'object') return m === undefined ? 'undefined' : `${typeof m} ${String(m)}`
  const o = m as Partial<Matrix>
  const data = o.data === undefined ? 'no data' : ArrayBuffer.isView(o.data) ? `data: ${o.data.constructor.name}(${(o.data as Float32Array).length})` : `data: ${typeof o.data}`
  return `{ ${data}, rows: ${String(o.rows)}, cols: ${String(o.cols)} }`
}

function nonFinite(answer: Matrix, r: number, start: number, where: string, terms: RowTerms): void {
  const o = r * answer.cols
  for (let c = 0; c < answer.cols; c++) {
    const v = answer.data[o + c]
    if (!Number.isFinite(v)) {
      throw new terms.error(`${where}: ${terms.row} ${start + r}, column ${c}: expected a finite number, found ${v}`)
    }
  }
}

/**
 * Throws for the first row of `answer` that is not a probability row (finite values in [0, 1]
 * summing to 1 ± `tolerance`): a {@link TargetAnswerError} by default, `terms.error` otherwise.
 * Rows are numbered from `start`, called as `terms` says, and the message starts with `where`.
 * Exported so an adapter can check each of its own batches with the same rule and name where the
 * answer came from (the HTTP target names the batch and the URL), and so rows read from a file are
 * checked by the same rule in the file's words.
 *
 * @example
 * checkProbabilityRows({ data: new Float32Array([0.2, 0.8]), rows: 1, cols: 2 }, 0, 1e-3, 'target "m"') // passes
 */
export function checkProbabilityRows(answer: Matrix, start: number, tolerance: number, where: string, terms: RowTerms = ANSWER_ROWS): void {
  const first = firstNonProbabilityRow(answer.data, answer.rows, answer.cols, tolerance)
  if (first >= 0) rowProblem(answer, first, start, tolerance, where, terms)
}

/** Throws the error of row `r`, which {@link checkProbabilityRows} found wrong, in `terms`' words. */
function rowProblem(answer: Matrix, r: number, start: number, tolerance: number, where: string, terms: RowTerms): never {
  const k = answer.cols
  nonFinite(answer, r, start, where, terms)
  const o = r * k
  let sum = 0
  for (let c = 0; c < k; c++) {
    const v = answer.data[o + c]
    if (v < 0 || v > 1) {
      throw new terms.error(
        `${where}: ${terms.row} ${start + r}, column ${c}: expected a probability in [0, 1], found ${fmt(v)}; ${terms.logitsHint}`,
      )
    }
    sum += v
  }
  // The row failed the rule and every value is in [0, 1]: its sum is what is off.
  const single = k === 1 ? '; a single output column (a sigmoid?) is not a distribution: return [1 − p, p] per row' : ''
  throw new terms.error(
    `${where}: ${terms.row} ${start + r}: probabilities sum to ${fmt(sum)}, expected 1 ± ${tolerance}; ${terms.logitsHint}${single}`,
  )
}

/**
 * One-hot rows of `classes` columns from one class index per row, written into `dest` (zeroed by
 * its allocation). Each label must be an integer in [0, classes): a float such as 2.5 or a label
 * past the last class is refused, never rounded or clipped.
 */
function oneHotInto(answer: Matrix, dest: Float32Array, classes: number, start: number, where: string): void {
  checkLabelRows(answer, classes, start, where)
  for (let r = 0; r < answer.rows; r++) dest[r * classes + answer.data[r]] = 1
}

/**
 * Throws (a {@link TargetAnswerError} by default, `terms.error` otherwise) for the first row of a
 * one-column `answer` that is not a class index (an integer in [0, `classes`)); rows are numbered
 * from `start`. Exported for the same reasons as {@link checkProbabilityRows}.
 *
 * @example
 * checkLabelRows({ data: new Float32Array([2]), rows: 1, cols: 1 }, 3, 0, 'target "m"') // passes
 */
export function checkLabelRows(answer: Matrix, classes: number, start: number, where: string, terms: RowTerms = ANSWER_ROWS): void {
  for (let r = 0; r < answer.rows; r++) {
    const v = answer.data[r * answer.cols]
    if (!(Number.isInteger(v) && v >= 0 && v < classes)) {
      throw new terms.error(
        `${where}: ${terms.row} ${start + r}: expected a class index (an integer in 0..${classes - 1}) with outputMode 'label', found ${fmt(v)}`,
      )
    }
  }
}

/**
 * Numerically stable softmax of each row of `answer` (computed in doubles), written into `dest`
 * (which may be `answer.data` itself: each row is read whole before it is written);
 * a non-finite logit throws (a {@link TargetAnswerError} by default, `terms.error` otherwise)
 * naming row `start + r`. Exported so that outputs read from files become probabilities exactly as
 * a live target's logits do.
 */
export function softmaxInto(answer: Matrix, dest: Float32Array, start: number, where: string, terms: RowTerms = ANSWER_ROWS): void {
  const k = answer.cols
  const e = new Float64Array(k)
  for (let r = 0; r < answer.rows; r++) {
    nonFinite(answer, r, start, where, terms)
    const o = r * k
    let max = -Infinity
    for (let c = 0; c < k; c++) if (answer.data[o + c] > max) max = answer.data[o + c]
    let sum = 0
    for (let c = 0; c < k; c++) { e[c] = Math.exp(answer.data[o + c] - max); sum += e[c] }
    for (let c = 0; c < k; c++) dest[o + c] = e[c] / sum
  }
}
