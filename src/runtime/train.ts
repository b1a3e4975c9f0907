import type { Matrix } from '../data/matrix.js'
import { createRng, type Rng } from '../data/rng.js'
import { permutation } from '../data/split.js'
import { describeValue } from '../data/describe.js'
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
  readonly kernel: tf.Tensor2D
  readonly bias: tf.Tensor1D
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
 * (zero biases) and one permutation of the rows per epoch; the last mini-batch of an epoch may be
 * smaller. Loss: softmax cross-entropy `-Σ y·log p` averaged over the mini-batch, plus
 * `l2 · Σ‖W‖²` over kernels (Keras convention; biases are not penalised). Adam uses β₁ 0.9,
 * β₂ 0.999 and ε 1e-7 added to √v̂ (the Keras / TensorFlow.js form, not scikit-learn's 1e-8); SGD
 * is plain (no momentum).
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
  const { targets, rowSums } = targetRows(y, x.rows, spec.classes)
  const opts = validateOptions(options)
  await initBackend()

  const rng = createRng(opts.seed)
  const layout = paramLayout(spec)
  const trainer = new Trainer(layout, glorotUniform(layout, rng.fork()), opts)
  const shuffleRng = rng.fork()
  try {
    const n = x.rows, f = x.cols, c = spec.classes
    const batchSize = Math.min(opts.batchSize, n)
    // Reused every epoch: the shuffled copy of the data, built in JS (cheap at these sizes) so each
    // step uploads contiguous blocks instead of running a gather kernel.
    const xEpoch = new Float32Array(n * f)
    const yEpoch = new Float32Array(n * c)
    const sEpoch = rowSums && new Float32Array(n)
    const xT = new Float32Array(batchSize * f)
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const order = permutation(n, shuffleRng)
      for (let i = 0; i < n; i++) {
        const r = order[i]
        xEpoch.set(x.data.subarray(r * f, (r + 1) * f), i * f)
        yEpoch.set(targets.subarray(r * c, (r + 1) * c), i * c)
        if (sEpoch && rowSums) sEpoch[i] = rowSums[r]
      }
      let lossSum = 0
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(start + batchSize, n)
        const rows = end - start
        const xb = xEpoch.subarray(start * f, end * f)
        // The batch transposed, for the first layer's kernel gradient: tfjs-wasm's matMul with
        // transposeA is ~10× slower than a plain one, and transposing 32 × 64 values in JS is free.
        for (let i = 0; i < rows; i++) for (let j = 0; j < f; j++) xT[j * rows + i] = xb[i * f + j]
        const loss = trainer.step(
          xb, xT.subarray(0, f * rows), yEpoch.subarray(start * c, end * c),
          sEpoch ? sEpoch.subarray(start, end) : null, rows, opts.onEpoch !== undefined,
        )
        if (loss !== null) lossSum += loss * rows
      }
      if (opts.onEpoch) opts.onEpoch(epoch, lossSum / n)
      // Training runs synchronously on wasm/cpu; yield once per epoch so the event loop (Vitest's
      // worker RPC, timers, progress output) is not starved during a long run.
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    return makeClassifier({ ...spec, hidden: [...spec.hidden] }, trainer.finish())
  } finally {
    trainer.dispose()
  }
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

// ------------------------------------------------------------------------------- training ----

/** Where each layer's kernel and bias sit in the flat parameter vector. */
interface LayerSlot {
  readonly fanIn: number
  readonly fanOut: number
  /** Offset of the kernel (row-major fanIn × fanOut); the bias follows it. */
  readonly offset: number
}

interface ParamLayout {
  readonly layers: readonly LayerSlot[]
  readonly size: number
}

function paramLayout(spec: ClassifierSpec): ParamLayout {
  const sizes = [spec.features, ...spec.hidden, spec.classes]
  const layers: LayerSlot[] = []
  let offset = 0
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push({ fanIn: sizes[i], fanOut: sizes[i + 1], offset })
    offset += sizes[i] * sizes[i + 1] + sizes[i + 1]
  }
  return { layers, size: offset }
}

/** Glorot-uniform kernels (limit √(6 / (fan_in + fan_out))) drawn from `rng`, zero biases. */
function glorotUniform(layout: ParamLayout, rng: Rng): Float32Array {
  const w = new Float32Array(layout.size)
  for (const l of layout.layers) {
    const limit = Math.sqrt(6 / (l.fanIn + l.fanOut))
    const end = l.offset + l.fanIn * l.fanOut
    for (let k = l.offset; k < end; k++) w[k] = (2 * rng.next() - 1) * limit
  }
  return w
}

/**
 * One training run's state: all parameters in ONE flat variable (and Adam's two moments likewise).
 *
 * Why flat, and why hand-written gradients instead of `optimizer.minimize`: at the sizes the
 * package trains (batch 32, a few hundred units) a step is dominated by per-op overhead, not by
 * arithmetic. `tf.train.adam` runs ~12 ops per variable (≈ 50 for a one-hidden-layer MLP) and
 * autodiff also computes the unused input gradient and uses `matMul(…, transposeA)`, which
 * tfjs-wasm runs ~10× slower than a plain `matMul`. Here Adam is ~12 ops in total, the backward
 * pass is the textbook MLP one with explicit transposes, and the whole step is one `tf.tidy`.
 * The gradient is checked against tfjs autodiff in test/unit/runtime/train.test.ts.
 */
class Trainer {
  private readonly w: tf.Variable<tf.Rank.R1>
  private readonly m: tf.Variable<tf.Rank.R1> | null
  private readonly v: tf.Variable<tf.Rank.R1> | null
  /** 2·l2 on kernel entries, 0 on biases: the L2 gradient is `w * l2Mask`. */
  private readonly l2Mask: tf.Tensor1D | null
  private t = 0

  constructor(private readonly layout: ParamLayout, init: Float32Array, private readonly opts: CheckedOptions) {
    // tf.variable keeps its own handle on the initial value's data; tidy frees the initial tensors.
    this.w = tf.tidy(() => tf.variable(tf.tensor1d(init), true))
    this.m = opts.optimizer === 'adam' ? tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([layout.size]), false)) : null
    this.v = opts.optimizer === 'adam' ? tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([layout.size]), false)) : null
    if (opts.l2 > 0) {
      const mask = new Float32Array(layout.size)
      for (const l of layout.layers) mask.fill(2 * opts.l2, l.offset, l.offset + l.fanIn * l.fanOut)
      this.l2Mask = tf.tensor1d(mask)
    } else {
      this.l2Mask = null
    }
  }

  /**
   * One optimiser step on a mini-batch. Returns the batch objective only when `wantLoss` (it costs
   * a log-softmax and a device → JS read per step, so it is skipped unless someone listens).
   */
  step(
    xb: Float32Array, xbT: Float32Array, yb: Float32Array, sb: Float32Array | null,
    rows: number, wantLoss: boolean,
  ): number | null {
    const { layers } = this.layout
    const last = layers.length - 1
    this.t++
    let lossTensor: tf.Scalar | null = null
    tf.tidy(() => {
      const params = this.unpack(this.w)
      const x = tf.tensor2d(xb, [rows, layers[0].fanIn])
      const y = tf.tensor2d(yb, [rows, layers[last].fanOut])
      // Forward, keeping each layer's input (activations) for the backward pass.
      const inputs: tf.Tensor2D[] = [x]
      let z: tf.Tensor2D = x
      for (let i = 0; i <= last; i++) {
        z = tf.add(tf.matMul(inputs[i], params[i].kernel), params[i].bias)
        if (i < last) inputs.push(tf.relu(z))
      }
      if (wantLoss) lossTensor = tf.keep(this.objective(z, y, rows))
      // d(mean CE)/dz = (s·softmax(z) − y) / rows, s = the row sums of y (1 for hard labels).
      const p = tf.softmax(z)
      let dz: tf.Tensor2D = tf.mul(tf.sub(sb ? tf.mul(p, tf.tensor2d(sb, [rows, 1])) : p, y), 1 / rows)
      const grads: tf.Tensor[] = new Array(2 * layers.length)
      for (let i = last; i >= 0; i--) {
        const aT = i === 0 ? tf.tensor2d(xbT, [layers[0].fanIn, rows]) : tf.transpose(inputs[i])
        grads[2 * i] = tf.reshape(tf.matMul(aT, dz), [-1])
        grads[2 * i + 1] = tf.sum(dz, 0)
        if (i > 0) {
          // Through the ReLU: its derivative is 1 where the activation is positive.
          const dh = tf.matMul(dz, tf.transpose(params[i].kernel))
          dz = tf.mul(dh, tf.step(inputs[i]))
        }
      }
      let g: tf.Tensor1D = tf.concat(grads) as tf.Tensor1D
      if (this.l2Mask) g = tf.add(g, tf.mul(this.w, this.l2Mask))
      this.update(g)
    })
    if (lossTensor === null) return null
    const value = (lossTensor as tf.Scalar).dataSync()[0]
    ;(lossTensor as tf.Scalar).dispose()
    return value
  }

  /** The minimised objective of a batch: mean cross-entropy plus the L2 penalty. */
  private objective(z: tf.Tensor2D, y: tf.Tensor2D, rows: number): tf.Scalar {
    let loss = tf.div<tf.Scalar>(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z)))), rows)
    if (this.l2Mask) loss = tf.add(loss, tf.mul(tf.sum(tf.mul(tf.square(this.w), this.l2Mask)), 0.5))
    return loss
  }

  private update(g: tf.Tensor1D): void {
    const { learningRate: lr } = this.opts
    if (this.m === null || this.v === null) {
      this.w.assign(tf.sub(this.w, tf.mul(g, lr)))
      return
    }
    const b1 = 0.9, b2 = 0.999
    const m = tf.add<tf.Tensor1D>(tf.mul(this.m, b1), tf.mul(g, 1 - b1))
    const v = tf.add<tf.Tensor1D>(tf.mul(this.v, b2), tf.mul(tf.square(g), 1 - b2))
    this.m.assign(m)
    this.v.assign(v)
    // w ← w − lr · m̂ / (√v̂ + ε), with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ) (as tf.train.adam).
    const mScale = lr / (1 - b1 ** this.t)
    const vScale = 1 / Math.sqrt(1 - b2 ** this.t)
    const denom = tf.add(tf.mul(tf.sqrt(v), vScale), ADAM_EPSILON)
    this.w.assign(tf.sub(this.w, tf.mul(tf.div(m, denom), mScale)))
  }

  /** Views of the flat vector as per-layer kernel and bias tensors (inside the caller's tidy). */
  private unpack(w: tf.Tensor1D): Dense[] {
    return this.layout.layers.map((l) => ({
      kernel: tf.reshape(tf.slice(w, l.offset, l.fanIn * l.fanOut), [l.fanIn, l.fanOut]),
      bias: tf.slice(w, l.offset + l.fanIn * l.fanOut, l.fanOut),
    }))
  }

  /** The trained weights as separate tensors that outlive this trainer (owned by the caller). */
  finish(): Dense[] {
    const layers: Dense[] = []
    tf.tidy(() => {
      for (const l of this.unpack(this.w)) layers.push({ kernel: tf.keep(l.kernel), bias: tf.keep(l.bias) })
    })
    return layers
  }

  dispose(): void {
    this.w.dispose()
    this.m?.dispose()
    this.v?.dispose()
    this.l2Mask?.dispose()
  }
}

// ------------------------------------------------------------------------------ predicting ----

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

/**
 * Labels → one row of target probabilities per record (one-hot for hard labels), plus the row sums
 * when some soft row does not sum to 1 (they scale the softmax term of the gradient).
 */
function targetRows(y: TrainLabels, rows: number, classes: number): { targets: Float32Array; rowSums: Float32Array | null } {
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
