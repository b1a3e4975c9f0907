import { describeValue } from '../data/describe.js'
import { toRows, type Matrix } from '../data/matrix.js'
import { createTarget, type CreateTargetOptions } from './create-target.js'
import { TargetAnswerError, type PredictFunction, type Target } from './target.js'

/**
 * Options of {@link fromFunction} and `fromTfModel`: those of `createTarget`, with `name`
 * optional (derived from the function or model when absent).
 */
export type AdapterOptions = Omit<CreateTargetOptions, 'name' | 'dispose' | 'freshAnswers'> & { name?: string }

/**
 * Adapts a predict function `(rows: number[][]) => number[][] | Promise<number[][]>` into a
 * {@link Target}: rows are handed over as nested arrays, and the answer is checked to be an array
 * of number arrays before the usual validation of `createTarget` (counts, shape, probabilities).
 * Messages name the function (`function predictDigits`).
 *
 * A label-only function answers one row per input holding the class index, `[[3], [1], …]`, and is
 * adapted with `{ outputMode: 'label', classes }`; its answers become one-hot rows.
 *
 * @example
 * const target = fromFunction((rows) => rows.map(() => [0.5, 0.5]), { features: 2 })
 * const labels = fromFunction((rows) => rows.map((r) => [r[0] > 0 ? 1 : 0]), { outputMode: 'label', classes: 2 })
 */
export function fromFunction(fn: PredictFunction, options: AdapterOptions = {}): Target {
  if (typeof fn !== 'function') {
    throw new TypeError(`fromFunction: fn: expected a function (rows: number[][]) => number[][], found ${fn === null ? 'null' : typeof fn}`)
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`fromFunction: options: expected an object, found ${options === null ? 'null' : typeof options}`)
  }
  const name = options.name ?? (fn.name ? `function ${fn.name}` : 'anonymous predict function')
  const where = `target "${name}"`
  // A flat list of labels is the likeliest mistake of a label-only function; say what shape is wanted.
  const rowHint = options.outputMode === 'label' ? "; with outputMode 'label', return one row per input holding the class index: [[3], [1], …]" : ''
  const predict = async (rows: Matrix, batch: { start: number }): Promise<Matrix> => {
    const answer = await fn(toRows(rows))
    return toMatrix(answer, rows.rows, batch.start, where, rowHint)
  }
  // toMatrix packs every answer into a new array.
  return createTarget(predict, { ...options, name, freshAnswers: true })
}

/**
 * Checks that `answer` is an array of equally long number arrays (or typed arrays) and packs it.
 * Values must be of type number (NaN is let through for the finite-value check downstream); strings,
 * `null` and the like are refused instead of being coerced.
 */
function toMatrix(answer: unknown, expectedRows: number, start: number, where: string, rowHint: string): Matrix {
  const range = `rows ${start}..${start + expectedRows - 1}`
  if (!Array.isArray(answer)) {
    throw new TargetAnswerError(`${where}: answer to ${range}: expected an array of rows (number[][]), found ${describeValue(answer)}`)
  }
  if (answer.length !== expectedRows) {
    throw new TargetAnswerError(`${where}: answer to ${range}: expected ${expectedRows} output rows (one per input row), found ${answer.length}`)
  }
  const first = answer[0]
  if (!isRow(first)) {
    throw new TargetAnswerError(`${where}: answer for row ${start}: expected an array of numbers, found ${describeValue(first)}${rowHint}`)
  }
  const cols = first.length
  const data = new Float32Array(answer.length * cols)
  for (let r = 0; r < answer.length; r++) {
    const row = answer[r]
    if (!isRow(row)) {
      throw new TargetAnswerError(`${where}: answer for row ${start + r}: expected an array of numbers, found ${describeValue(row)}${rowHint}`)
    }
    if (row.length !== cols) {
      throw new TargetAnswerError(
        `${where}: answer for row ${start + r}: expected ${cols} values (as for row ${start}), found ${row.length}`,
      )
    }
    for (let c = 0; c < cols; c++) {
      const v = row[c]
      if (typeof v !== 'number') {
        throw new TargetAnswerError(`${where}: answer for row ${start + r}, column ${c}: expected a number, found ${describeValue(v)}`)
      }
      data[r * cols + c] = v
    }
  }
  return { data, rows: answer.length, cols }
}

function isRow(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))
}
