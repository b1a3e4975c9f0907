import { hasNonFinite } from '../wasm/checks.js'
import { describeValue } from './describe.js'
import { fromRows, type Matrix } from './matrix.js'

/**
 * Labelled records, as users hand them to the package (docs/architecture.md#the-data-that-flows-through-an-audit).
 * `x` is one array per row, a flat row-major `Float32Array` with `features` columns, or a
 * {@link Matrix}; a `Float32Array` or a `Matrix` is used as is, never copied.
 *
 * @example
 * const ds: Dataset = { x: [[0, 1], [1, 0]], y: [1, 0] }
 * const big: Dataset = { x: { data: new Float32Array(6), rows: 3, cols: 2 }, y: new Int32Array(3) }
 */
export interface Dataset {
  x: number[][] | Float32Array | Matrix
  y: number[] | Int32Array
  features?: number
  /**
   * One id per row (an id column of the data file, never a feature): how reports name a record,
   * e.g. the members most exposed to membership inference. Default: the row index.
   */
  ids?: readonly (string | number)[]
  /**
   * Shape of one record, e.g. `[28, 28, 1]` for a 28×28 grey image (channels last); its product
   * is the row width. Targets reshape each row to the model's input (docs/targets.md#record-shapes-layouts-and-named-inputs);
   * recipes read it to build their models. Default: a flat row.
   */
  recordShape?: readonly number[]
}

/** A {@link Dataset} checked and normalised to a {@link Matrix} plus integer labels. */
export interface DenseDataset {
  readonly x: Matrix
  readonly y: Int32Array
  /** The data set's record shape, checked against the row width; absent for flat records. */
  readonly recordShape?: readonly number[]
}

/**
 * Validates a {@link Dataset} and returns it as a {@link DenseDataset}.
 * `what` names the argument in error messages (e.g. `"members"`).
 * Throws on an empty set, a label count that differs from the row count, non-integer labels,
 * non-finite feature values (unless `checks.finite` is false: a caller that reads the records in
 * chunks anyway checks each chunk with {@link checkFiniteRows} while it is in cache), or a record
 * shape whose product is not the row width.
 */
export function toDense(ds: Dataset, what: string, checks: { finite?: boolean } = {}): DenseDataset {
  if (ds === null || typeof ds !== 'object' || !('x' in ds) || !('y' in ds)) {
    throw new TypeError(`${what}: expected a Dataset { x, y }, found ${describeValue(ds)}`)
  }
  let x: Matrix
  if (ds.x instanceof Float32Array) {
    const features = ds.features
    if (features === undefined || !Number.isInteger(features) || features <= 0) {
      throw new TypeError(`${what}.features: a flat Float32Array x needs a positive integer "features", found ${String(features)}`)
    }
    if (ds.x.length % features !== 0) {
      throw new RangeError(`${what}.x: length ${ds.x.length} is not a multiple of features = ${features}`)
    }
    x = { data: ds.x, rows: ds.x.length / features, cols: features }
  } else if (Array.isArray(ds.x)) {
    x = fromRows(ds.x, `${what}.x`)
    if (ds.features !== undefined && x.rows > 0 && ds.features !== x.cols) {
      throw new RangeError(`${what}.features: declared ${ds.features}, but rows have ${x.cols} values`)
    }
  } else if (isMatrix(ds.x)) {
    if (ds.features !== undefined && ds.features !== ds.x.cols) {
      throw new RangeError(`${what}.features: declared ${ds.features}, but the matrix has ${ds.x.cols} columns`)
    }
    x = ds.x
  } else {
    throw new TypeError(`${what}.x: expected number[][], a Float32Array or a Matrix { data, rows, cols }, found ${describeValue(ds.x)}`)
  }
  if (x.rows === 0) throw new RangeError(`${what}: is empty (0 rows); at least one record is needed`)
  const n = ds.y.length
  if (n !== x.rows) throw new RangeError(`${what}: x has ${x.rows} rows but y has ${n} labels`)
  const y = ds.y instanceof Int32Array ? ds.y : new Int32Array(n)
  if (!(ds.y instanceof Int32Array)) {
    for (let i = 0; i < n; i++) {
      const v = ds.y[i]
      if (!Number.isInteger(v) || v < 0) {
        throw new RangeError(`${what}.y[${i}]: expected a class index (integer ≥ 0), found ${String(v)}`)
      }
      y[i] = v
    }
  }
  if (checks.finite !== false) checkFiniteRows(x, what, 0)
  if (ds.recordShape === undefined) return { x, y }
  return { x, y, recordShape: checkRecordShape(ds.recordShape, `${what}.recordShape`, x.cols) }
}

/**
 * A record shape (a data set's, a target option's) as a fresh array, after checking it holds
 * positive integers and, when `cols` is given, that their product is the row width. `what` names it.
 *
 * @example
 * checkRecordShape([28, 28, 1], 'members.recordShape', 784) // [28, 28, 1]
 */
export function checkRecordShape(shape: unknown, what: string, cols?: number): number[] {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && (d as number) > 0)) {
    throw new RangeError(`${what}: expected a non-empty array of positive integers (e.g. [28, 28, 1]), found ${describeValue(shape)}`)
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1)
  if (cols !== undefined && size !== cols) {
    throw new RangeError(`${what}: [${shape.join(', ')}] holds ${size} values per record, but the rows have ${cols}`)
  }
  return [...(shape as number[])]
}

/**
 * Throws a RangeError naming the first non-finite value of `x` as `what.x[row][col]`, rows counted
 * from `firstRow` (the index of `x`'s first row in the whole set); the test is {@link hasNonFinite}.
 */
export function checkFiniteRows(x: Matrix, what: string, firstRow: number): void {
  if (!hasNonFinite(x.data)) return
  const i = x.data.findIndex((v) => !Number.isFinite(v))
  throw new RangeError(`${what}.x[${firstRow + Math.floor(i / x.cols)}][${i % x.cols}]: expected a finite number, found ${x.data[i]}`)
}

function isMatrix(v: unknown): v is Matrix {
  const m = v as Matrix
  return m !== null && typeof m === 'object' && m.data instanceof Float32Array && Number.isInteger(m.rows) && Number.isInteger(m.cols) &&
    m.rows >= 0 && m.cols > 0 && m.data.length === m.rows * m.cols
}
