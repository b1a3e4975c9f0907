import { extname } from 'node:path'
import { parseNonFinite, parseNumber, readDataFile, splitCsv } from '../../data/csv.js'
import { DataError } from '../../data/data-error.js'
import { describeDataValue } from '../../data/describe.js'
import { jsonSyntaxError } from '../../data/json.js'
import { npySize, readNpy, type NpyArray } from '../../data/npy.js'
import { stripBom } from '../../data/json-text.js'

/** An array file's path, or the array itself (as `readNpy` returns it) for callers that hold it in memory. */
export type ArraySource = string | NpyArray

/** Extensions {@link readArray} understands, lower case. */
export const ARRAY_EXTENSIONS = ['.npy', '.json', '.csv'] as const

/**
 * An array read from a file, row-major. `kind` is what the file says about its values: `float`
 * (float32/float64 .npy), `int` (an integer .npy), `bool` (a bool .npy; JSON true/false; CSV
 * True/False) or `number` (JSON and CSV numbers, whose type the text does not fix).
 */
export interface NumericArray {
  shape: number[]
  data: ArrayLike<number>
  kind: 'float' | 'int' | 'bool' | 'number'
  /** The file (or `what (in memory)`), for messages. */
  file: string
}

/**
 * Reads an array from a `.npy` file (numpy.save), a `.json` file (nested arrays of numbers or of
 * booleans) or a `.csv` file (numpy.savetxt with `delimiter=","`: one line per row, `#` comment
 * lines and one header row allowed; a single column reads as a one-dimensional array). An
 * in-memory {@link NpyArray} is taken as is; `what` names it in messages.
 *
 * @throws {DataError} a missing or malformed file, naming the file and, for JSON and CSV, the
 *   line or position of the problem.
 */
export async function readArray(source: ArraySource, what: string): Promise<NumericArray> {
  if (typeof source !== 'string') {
    if (source === null || typeof source !== 'object' || !Array.isArray(source.shape) || source.data === undefined) {
      throw new TypeError(`${what}: expected the path of a .npy, .json or .csv file, or an array { dtype, shape, data }`)
    }
    if (source.data.length !== npySize(source.shape)) {
      throw new RangeError(`${what}: shape [${source.shape.join(', ')}] holds ${npySize(source.shape)} values, data has ${source.data.length}`)
    }
    return { shape: [...source.shape], data: source.data, kind: kindOf(source.dtype), file: `${what} (in memory)` }
  }
  const ext = extname(source).toLowerCase()
  if (ext === '.npy') {
    const a = await readNpy(source)
    return { shape: a.shape, data: a.data, kind: kindOf(a.dtype), file: source }
  }
  if (ext === '.json') return parseJsonArray(await readDataFile(source, what), source)
  if (ext === '.csv') return parseCsvArray(await readDataFile(source, what), source)
  throw new DataError(`${what}: ${source}: ${ext === '' ? 'has no file extension' : `unsupported extension "${ext}"`}; expected one of ${ARRAY_EXTENSIONS.join(', ')}`)
}

function kindOf(dtype: NpyArray['dtype']): NumericArray['kind'] {
  return dtype === 'float32' || dtype === 'float64' ? 'float' : dtype === 'bool' ? 'bool' : 'int'
}

/** Nested JSON arrays of numbers (or of booleans) as one row-major array; ragged nesting is refused. */
export function parseJsonArray(text: string, file: string): NumericArray {
  const body = stripBom(text)
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch (err) {
    const e = jsonSyntaxError(body, file, err as Error)
    throw new DataError(`${e.message}${/NaN|Infinity/.test(body) ? ' (NaN and Infinity are not JSON: the outputs must be finite numbers)' : ''}`, { cause: e })
  }
  const shape: number[] = []
  for (let level: unknown = doc; Array.isArray(level); level = level[0]) {
    shape.push(level.length)
    if (level.length === 0) break
  }
  if (shape.length === 0) throw new DataError(`${file}: expected an array (nested arrays of numbers), found ${doc === null ? 'null' : typeof doc}`)
  const values: number[] = []
  let bools = 0
  const walk = (v: unknown, depth: number, pointer: string): void => {
    if (depth < shape.length) {
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        throw new DataError(`${file}: ${pointer || '/'}: expected an array of ${shape[depth]} items (the shape of the first item at this depth), found ${Array.isArray(v) ? `${v.length} items` : describeDataValue(v)}`)
      }
      v.forEach((item, i) => walk(item, depth + 1, `${pointer}/${i}`))
      return
    }
    if (typeof v === 'boolean') { bools++; values.push(v ? 1 : 0); return }
    if (typeof v !== 'number') throw new DataError(`${file}: ${pointer}: expected a number, found ${describeDataValue(v)}`)
    values.push(v)
  }
  walk(doc, 0, '')
  if (bools > 0 && bools < values.length) throw new DataError(`${file}: mixes booleans and numbers; expected one or the other`)
  return { shape, data: Float64Array.from(values), kind: bools > 0 ? 'bool' : 'number', file }
}

/** CSV as numpy.savetxt writes it (see {@link readArray}). */
export function parseCsvArray(text: string, file: string): NumericArray {
  const records = splitCsv(text, file).filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === '') && !r.fields[0].trimStart().startsWith('#'))
  if (records.length > 0 && records[0].fields.some((f) => parseCell(f) === undefined)) records.shift() // a header row
  if (records.length === 0) throw new DataError(`${file}: holds no rows of values`)
  const width = records[0].fields.length
  const values = new Float64Array(records.length * width)
  let bools = 0
  records.forEach(({ fields, line }, r) => {
    if (fields.length !== width) throw new DataError(`${file}:${line}: has ${fields.length} values; the first row has ${width}`)
    fields.forEach((f, c) => {
      const v = parseCell(f)
      if (v === undefined) throw new DataError(`${file}:${line}: value ${c + 1} is not a number`)
      if (v.bool) bools++
      values[r * width + c] = v.value
    })
  })
  if (bools > 0 && bools < values.length) throw new DataError(`${file}: mixes True/False and numbers; expected one or the other`)
  return { shape: width === 1 ? [records.length] : [records.length, width], data: values, kind: bools > 0 ? 'bool' : 'number', file }
}

// numpy.savetxt writes nan, inf and -inf (kept here, refused by record once the file's role is
// known); Python's bools print as True / False.
function parseCell(raw: string): { value: number; bool: boolean } | undefined {
  const s = raw.trim()
  if (/^(true|false)$/i.test(s)) return { value: s.toLowerCase() === 'true' ? 1 : 0, bool: true }
  const value = parseNumber(s) ?? parseNonFinite(s)
  return value === undefined ? undefined : { value, bool: false }
}
