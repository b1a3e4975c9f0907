/**
 * Input checks shared by both training engines (train-tfjs.ts, engine/train-engine.ts), so a bad
 * argument gets the same message whichever engine runs.
 */
import type { Matrix } from '../data/matrix.js'
import { describeValue, positiveInt } from '../data/describe.js'
import type { ClassifierSpec, EngineOption, TrainLabels, TrainOptions } from './classifier.js'

/** Checks a {@link ClassifierSpec}; throws naming `spec.*`. */
export function validateSpec(spec: ClassifierSpec): void {
  if (spec === null || typeof spec !== 'object') throw new TypeError(`spec: expected { features, hidden, classes }, found ${describeValue(spec)}`)
  positiveInt(spec.features, 'spec.features')
  if (!Number.isInteger(spec.classes) || spec.classes < 2) {
    throw new RangeError(`spec.classes: expected an integer ≥ 2, found ${String(spec.classes)}`)
  }
  if (!Array.isArray(spec.hidden)) throw new TypeError(`spec.hidden: expected an array of layer widths, found ${describeValue(spec.hidden)}`)
  spec.hidden.forEach((h, i) => positiveInt(h, `spec.hidden[${i}]`))
}

/** Checks that `x` is a finite Matrix with `spec.features` columns; `what` names it in messages. */
export function validateFeatures(x: Matrix, spec: ClassifierSpec, what: string): void {
  if (x === null || typeof x !== 'object' || !(x.data instanceof Float32Array)) {
    throw new TypeError(`${what}: expected a Matrix { data: Float32Array, rows, cols }, found ${describeValue(x)}`)
  }
  if (x.cols !== spec.features) {
    throw new RangeError(`${what}: expected ${spec.features} columns (spec.features), found ${x.cols}`)
  }
  if (!Number.isInteger(x.rows) || x.rows < 1) throw new RangeError(`${what}: expected at least 1 row, found ${x.rows}`)
  if (x.data.length !== x.rows * x.cols) {
    throw new RangeError(`${what}: data has ${x.data.length} values, expected rows × cols = ${x.rows} × ${x.cols} = ${x.rows * x.cols}`)
  }
  // One pass over the data is cheap next to training, and a single NaN would silently turn every
  // weight into NaN.
  for (let i = 0; i < x.data.length; i++) {
    if (!Number.isFinite(x.data[i])) {
      throw new RangeError(`${what}[${Math.floor(i / x.cols)}][${i % x.cols}]: expected a finite number, found ${x.data[i]}`)
    }
  }
}

/**
 * Labels → one row of target probabilities per record (one-hot for hard labels), plus the row sums
 * when some soft row does not sum to 1 (they scale the softmax term of the gradient).
 */
export function targetRows(y: TrainLabels, rows: number, classes: number): { targets: Float32Array; rowSums: Float32Array | null } {
  if (y instanceof Int32Array) {
    if (y.length !== rows) throw new RangeError(`y: x has ${rows} rows but y has ${y.length} labels`)
    const t = new Float32Array(rows * classes)
    for (let i = 0; i < rows; i++) {
      const label = y[i]
      if (label < 0 || label >= classes) {
        throw new RangeError(`y[${i}]: expected a class index in [0, ${classes}) (spec.classes = ${classes}), found ${label}`)
      }
      t[i * classes + label] = 1
    }
    return { targets: t, rowSums: null }
  }
  if (y === null || typeof y !== 'object' || !(y.data instanceof Float32Array)) {
    throw new TypeError(`y: expected an Int32Array of class indices or a Matrix of probability rows, found ${describeValue(y)}`)
  }
  if (y.rows !== rows) throw new RangeError(`y: x has ${rows} rows but the soft labels have ${y.rows}`)
  if (y.cols !== classes) throw new RangeError(`y: expected soft-label rows of width ${classes} (spec.classes), found ${y.cols}`)
  if (y.data.length !== y.rows * y.cols) {
    throw new RangeError(`y: data has ${y.data.length} values, expected rows × cols = ${y.rows * y.cols}`)
  }
  const sums = new Float32Array(rows)
  let allOne = true
  for (let r = 0; r < rows; r++) {
    let sum = 0
    for (let k = 0; k < classes; k++) {
      const p = y.data[r * classes + k]
      if (!(p >= 0 && p <= 1)) throw new RangeError(`y[${r}][${k}]: expected a probability in [0, 1], found ${p}`)
      sum += p
    }
    if (sum === 0) throw new RangeError(`y[${r}]: the soft-label row is all zeros; expected a probability distribution`)
    sums[r] = sum
    // float32 rows of a softmax sum to 1 within a few ulps; treat those as exactly 1.
    if (Math.abs(sum - 1) > 1e-5) allOne = false
  }
  return { targets: y.data, rowSums: allOne ? null : sums }
}

/** {@link TrainOptions} with defaults filled in, as both engines read them. */
export interface CheckedOptions {
  epochs: number
  batchSize: number
  learningRate: number
  optimizer: 'adam' | 'sgd'
  l2: number
  seed: number
  onEpoch: TrainOptions['onEpoch']
  engine: EngineOption
  dp: TrainOptions['dp']
}

/** Checks {@link TrainOptions} and fills in the defaults; throws naming `options.*`. */
export function validateOptions(o: TrainOptions): CheckedOptions {
  if (o === null || typeof o !== 'object') throw new TypeError(`options: expected { epochs, batchSize, learningRate, seed }, found ${describeValue(o)}`)
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new RangeError(`options.epochs: expected an integer ≥ 0, found ${String(o.epochs)}`)
  positiveInt(o.batchSize, 'options.batchSize')
  if (!(Number.isFinite(o.learningRate) && o.learningRate > 0)) {
    throw new RangeError(`options.learningRate: expected a finite number > 0, found ${String(o.learningRate)}`)
  }
  const optimizer = o.optimizer ?? 'adam'
  if (optimizer !== 'adam' && optimizer !== 'sgd') throw new RangeError(`options.optimizer: expected "adam" or "sgd", found ${JSON.stringify(optimizer)}`)
  const l2 = o.l2 ?? 0
  if (!(Number.isFinite(l2) && l2 >= 0)) throw new RangeError(`options.l2: expected a finite number ≥ 0, found ${String(l2)}`)
  if (!Number.isInteger(o.seed)) throw new RangeError(`options.seed: expected an integer, found ${String(o.seed)}`)
  if (o.onEpoch !== undefined && typeof o.onEpoch !== 'function') throw new TypeError(`options.onEpoch: expected a function, found ${describeValue(o.onEpoch)}`)
  const engine = o.engine ?? 'auto'
  if (!ENGINE_OPTIONS.includes(engine)) {
    throw new RangeError(`options.engine: expected one of ${ENGINE_OPTIONS.map((e) => `"${e}"`).join(', ')}, found ${describeValue(engine)}`)
  }
  return { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, optimizer, l2, seed: o.seed, onEpoch: o.onEpoch, engine, dp: o.dp }
}

/** Every accepted value of `options.engine`. */
export const ENGINE_OPTIONS: readonly EngineOption[] = ['auto', 'wasm', 'js', 'tfjs']

