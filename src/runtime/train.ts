import type { Matrix } from '../data/matrix.js'
import { createRng, type Rng } from '../data/rng.js'
import { permutation } from '../data/split.js'
import { describeValue } from '../data/dataset.js'
import { initBackend } from './backend.js'
import type { Classifier, ClassifierSpec, TrainClassifier, TrainLabels, TrainOptions } from './classifier.js'
import { tf } from './tf.js'

/**
 * Adam's ε. We use the Keras / TensorFlow.js value 1e-7 rather than scikit-learn's 1e-8: it is
 * the float32-safe choice (tfjs computes in float32, where 1e-8 next to √v̂ ≈ 1e-4 is below the
 * rounding step), and passing it explicitly keeps results stable if the tfjs default changes.
 */
const ADAM_EPSILON = 1e-7

/** Rows per `predict` call into tfjs: large enough to amortise per-op overhead, small enough for memory. */
const PREDICT_BATCH = 4096

interface Dense {
  readonly kernel: tf.Variable
  readonly bias: tf.Variable
}

/**
 * The layers behind each {@link Classifier} this module returns, so {@link toLayersModel} can read
 * the weights without widening the `Classifier` interface every attack sees.
 */
const weightsOf = new WeakMap<Classifier, () => readonly Dense[]>()

/**
 * {@link TrainClassifier} on TensorFlow.js: a dense MLP (ReLU hidden layers, softmax output)
 * trained with a seeded custom loop.
 *
 * Why not `model.fit`: its shuffling uses `Math.random`, so two runs with the same seed differ.
 * Here every random choice comes from `createRng(options.seed)`: the Glorot-uniform kernels
 * (zero biases) and one permutation of the rows per epoch. Loss: softmax cross-entropy
 * `-Σ y·log p`, averaged over the mini-batch (the last batch of an epoch may be smaller), plus
 * `l2 · Σ‖W‖²` over kernels (Keras convention, biases not penalised). Adam uses β₁ 0.9, β₂ 0.999,
 * ε 1e-7; SGD is plain (no momentum).
 *
 * Labels: an `Int32Array` of class indices, or a {@link Matrix} with one row of `spec.classes`
 * probabilities per record (values in [0, 1]; a row that sums to s counts with weight s, so pass
 * normalised rows unless that is what you want).
 *
 * The same seed, data and backend give bit-identical predictions. No tensors outlive the call
 * except the returned classifier's own, which `dispose()` frees.
 *
 * @throws RangeError / TypeError naming `spec`, `x`, `y` or `options.*` on invalid input.
 * @example
 * const clf = await trainClassifier({ features: 64, hidden: [64], classes: 10 }, x, y,
 *   { epochs: 50, batchSize: 32, learningRate: 1e-3, seed: 0 })
 * const probs = await clf.predict(xTest)
 * clf.dispose()
 */
export const trainClassifier: TrainClassifier = async (spec, x, y, options) => {
  validateSpec(spec)
  validateFeatures(x, spec, 'x')
  const targets = targetRows(y, x.rows, spec.classes)
  const opts = validateOptions(options)
  await initBackend()

  const rng = createRng(opts.seed)
  const layers = initLayers(spec, rng.fork())
  const shuffleRng = rng.fork()
  const variables = layers.flatMap((l) => [l.kernel, l.bias])
  const optimizer = opts.optimizer === 'sgd'
    ? tf.train.sgd(opts.learningRate)
    : tf.train.adam(opts.learningRate, 0.9, 0.999, ADAM_EPSILON)
  const l2 = opts.l2

  try {
    const n = x.rows, f = x.cols, c = spec.classes
    const batchSize = Math.min(opts.batchSize, n)
    // Reused every epoch: the shuffled copy of the data, built in JS (cheap at these sizes) so each
    // step uploads one contiguous block instead of running a gather kernel.
    const xEpoch = new Float32Array(n * f)
    const yEpoch = new Float32Array(n * c)
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const order = permutation(n, shuffleRng)
      for (let i = 0; i < n; i++) {
        const r = order[i]
        xEpoch.set(x.data.subarray(r * f, (r + 1) * f), i * f)
        yEpoch.set(targets.subarray(r * c, (r + 1) * c), i * c)
      }
      // The epoch loss is only read when someone listens, so only then is the cost returned (and
      // summed on the device: one read per epoch, not one per step).
      let lossSum: tf.Scalar | null = opts.onEpoch ? tf.scalar(0) : null
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(start + batchSize, n)
        const rows = end - start
        const xb = tf.tensor2d(xEpoch.subarray(start * f, end * f), [rows, f])
        const yb = tf.tensor2d(yEpoch.subarray(start * c, end * c), [rows, c])
        const cost = optimizer.minimize(() => objective(layers, xb, yb, l2), lossSum !== null, variables)
        xb.dispose()
        yb.dispose()
        if (lossSum !== null && cost !== null) {
          const previous = lossSum
          lossSum = tf.tidy(() => previous.add<tf.Scalar>(cost.mul(rows)))
          previous.dispose()
          cost.dispose()
        }
      }
      if (lossSum !== null && opts.onEpoch) {
        const total = (await lossSum.data())[0]
        lossSum.dispose()
        opts.onEpoch(epoch, total / n)
      } else {
        // Training runs synchronously on wasm/cpu; yield once per epoch so the event loop (Vitest's
        // worker RPC, timers, progress output) is not starved during a long run.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    }
  } catch (error) {
    for (const v of variables) v.dispose()
    throw error
  } finally {
    // Adam's moment estimates are training state only; the classifier keeps just the weights.
    optimizer.dispose()
  }

  return makeClassifier({ ...spec, hidden: [...spec.hidden] }, layers)
}

/**
 * A tfjs `LayersModel` with the classifier's architecture and a copy of its weights (softmax
 * output), e.g. to save it with `saveLayersModel`. The caller owns (and disposes) the model.
 * Throws for a classifier that was not made by {@link trainClassifier} or is disposed.
 */
export function toLayersModel(classifier: Classifier): tf.LayersModel {
  const get = weightsOf.get(classifier)
  if (get === undefined) throw new TypeError('toLayersModel: classifier: expected one returned by trainClassifier')
  const layers = get()
  const { spec } = classifier
  const model = tf.sequential()
  const units = [...spec.hidden, spec.classes]
  units.forEach((u, i) => {
    model.add(tf.layers.dense({
      units: u,
      activation: i === units.length - 1 ? 'softmax' : 'relu',
      ...(i === 0 ? { inputShape: [spec.features] } : {}),
      // Overwritten below; 'zeros' because the default Glorot initializer draws from Math.random.
      kernelInitializer: 'zeros',
    }))
  })
  model.setWeights(layers.flatMap((l) => [l.kernel, l.bias]))
  return model
}

// ---------------------------------------------------------------------------------------------

/** Logits of a batch: dense layers, ReLU between them (fused into the matmul kernel). */
function logits(layers: readonly Dense[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x
  for (let i = 0; i < layers.length; i++) {
    h = tf.fused.matMul({
      a: h,
      b: layers[i].kernel,
      bias: layers[i].bias,
      activation: i === layers.length - 1 ? 'linear' : 'relu',
    }) as tf.Tensor2D
  }
  return h
}

/** Mean softmax cross-entropy of the batch plus the L2 penalty; the scalar `minimize` differentiates. */
function objective(layers: readonly Dense[], x: tf.Tensor2D, y: tf.Tensor2D, l2: number): tf.Scalar {
  const z = logits(layers, x)
  let loss = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z)))).div<tf.Scalar>(x.shape[0])
  if (l2 > 0) {
    for (const l of layers) loss = loss.add<tf.Scalar>(tf.sum(tf.square(l.kernel)).mul(l2))
  }
  return loss
}

/** Glorot-uniform kernels (limit √(6 / (fan_in + fan_out))) drawn from `rng`, zero biases. */
function initLayers(spec: ClassifierSpec, rng: Rng): Dense[] {
  const sizes = [spec.features, ...spec.hidden, spec.classes]
  const layers: Dense[] = []
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i], fanOut = sizes[i + 1]
    const limit = Math.sqrt(6 / (fanIn + fanOut))
    const w = new Float32Array(fanIn * fanOut)
    for (let k = 0; k < w.length; k++) w[k] = (2 * rng.next() - 1) * limit
    layers.push(tf.tidy(() => ({
      kernel: tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true),
      bias: tf.variable(tf.zeros([fanOut]), true),
    })))
  }
  return layers
}

function makeClassifier(spec: ClassifierSpec, layers: Dense[]): Classifier {
  let disposed = false
  const live = (what: string): readonly Dense[] => {
    if (disposed) throw new Error(`${what}: the classifier was disposed`)
    return layers
  }
  const classifier: Classifier = {
    spec: Object.freeze({ ...spec, hidden: Object.freeze([...spec.hidden]) as number[] }),
    async predict(x: Matrix): Promise<Matrix> {
      const ls = live('predict')
      validateFeatures(x, spec, 'x')
      const out = new Float32Array(x.rows * spec.classes)
      for (let start = 0; start < x.rows; start += PREDICT_BATCH) {
        const end = Math.min(start + PREDICT_BATCH, x.rows)
        const probs = tf.tidy(() => {
          const xb = tf.tensor2d(x.data.subarray(start * x.cols, end * x.cols), [end - start, x.cols])
          return tf.softmax(logits(ls, xb))
        })
        try {
          out.set(await probs.data(), start * spec.classes)
        } finally {
          probs.dispose()
        }
      }
      return { data: out, rows: x.rows, cols: spec.classes }
    },
    dispose(): void {
      if (disposed) return
      disposed = true
      for (const l of layers) { l.kernel.dispose(); l.bias.dispose() }
    },
  }
  weightsOf.set(classifier, () => live('toLayersModel'))
  return classifier
}

// ------------------------------------------------------------------------------ validation ----

function validateSpec(spec: ClassifierSpec): void {
  if (spec === null || typeof spec !== 'object') throw new TypeError(`spec: expected { features, hidden, classes }, found ${describeValue(spec)}`)
  positiveInt(spec.features, 'spec.features')
  if (!Number.isInteger(spec.classes) || spec.classes < 2) {
    throw new RangeError(`spec.classes: expected an integer ≥ 2, found ${String(spec.classes)}`)
  }
  if (!Array.isArray(spec.hidden)) throw new TypeError(`spec.hidden: expected an array of layer widths, found ${describeValue(spec.hidden)}`)
  spec.hidden.forEach((h, i) => positiveInt(h, `spec.hidden[${i}]`))
}

function validateFeatures(x: Matrix, spec: ClassifierSpec, what: string): void {
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

/** Labels → one row of target probabilities per record (one-hot for hard labels). */
function targetRows(y: TrainLabels, rows: number, classes: number): Float32Array {
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
    return t
  }
  if (y === null || typeof y !== 'object' || !(y.data instanceof Float32Array)) {
    throw new TypeError(`y: expected an Int32Array of class indices or a Matrix of probability rows, found ${describeValue(y)}`)
  }
  if (y.rows !== rows) throw new RangeError(`y: x has ${rows} rows but the soft labels have ${y.rows}`)
  if (y.cols !== classes) throw new RangeError(`y: expected soft-label rows of width ${classes} (spec.classes), found ${y.cols}`)
  if (y.data.length !== y.rows * y.cols) {
    throw new RangeError(`y: data has ${y.data.length} values, expected rows × cols = ${y.rows * y.cols}`)
  }
  for (let r = 0; r < rows; r++) {
    let sum = 0
    for (let k = 0; k < classes; k++) {
      const p = y.data[r * classes + k]
      if (!(p >= 0 && p <= 1)) throw new RangeError(`y[${r}][${k}]: expected a probability in [0, 1], found ${p}`)
      sum += p
    }
    if (sum === 0) throw new RangeError(`y[${r}]: the soft-label row is all zeros; expected a probability distribution`)
  }
  return y.data
}

interface CheckedOptions {
  epochs: number
  batchSize: number
  learningRate: number
  optimizer: 'adam' | 'sgd'
  l2: number
  seed: number
  onEpoch: TrainOptions['onEpoch']
}

function validateOptions(o: TrainOptions): CheckedOptions {
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
  return { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, optimizer, l2, seed: o.seed, onEpoch: o.onEpoch }
}

function positiveInt(v: unknown, what: string): void {
  if (!Number.isInteger(v) || (v as number) < 1) throw new RangeError(`${what}: expected a positive integer, found ${String(v)}`)
}
