import type { Matrix } from '../data/matrix.js'
import { createRng } from '../data/rng.js'
import { permutation } from '../data/split.js'
import { initBackend } from './backend.js'
import type { Classifier, ClassifierSpec } from './classifier.js'
import { registerWeights } from './classifier-weights.js'
import { ADAM, glorotUniform, paramLayout, type ParamLayout } from './engine/layout.js'
import { validateFeatures, type CheckedOptions } from './train-checks.js'
import { tf } from './tf.js'

/** Rows per `predict` call into tfjs: large enough to amortise per-op overhead, small enough for memory. */
const PREDICT_BATCH = 4096

interface Dense {
  readonly kernel: tf.Tensor2D
  readonly bias: tf.Tensor1D
}

/**
 * The `tfjs` engine of `trainClassifier`: a dense MLP trained with a seeded custom loop on the
 * active TensorFlow.js backend, on checked inputs (train-classifier.ts validates them).
 *
 * Why not `model.fit`: its shuffling uses `Math.random`, so two runs with the same seed differ.
 * Here every random choice comes from `createRng(options.seed)`: the Glorot-uniform kernels
 * (zero biases) and one permutation of the rows per epoch; the last mini-batch of an epoch may be
 * smaller. Loss, L2, Adam and SGD exactly as documented on `trainClassifier`.
 *
 * The same seed, data and backend give bit-identical predictions. No tensors outlive the call
 * except the returned classifier's own, which `dispose()` frees.
 *
 * @param targets one row of `spec.classes` target probabilities per row of `x`.
 * @param rowSums the row sums of soft targets when some row does not sum to 1, else `null`.
 */
export async function fitTfjs(
  spec: ClassifierSpec, x: Matrix, targets: Float32Array, rowSums: Float32Array | null, opts: CheckedOptions,
): Promise<Classifier> {
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


// ------------------------------------------------------------------------------- training ----

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
    const b1 = ADAM.beta1, b2 = ADAM.beta2
    const m = tf.add<tf.Tensor1D>(tf.mul(this.m, b1), tf.mul(g, 1 - b1))
    const v = tf.add<tf.Tensor1D>(tf.mul(this.v, b2), tf.mul(tf.square(g), 1 - b2))
    this.m.assign(m)
    this.v.assign(v)
    // w ← w − lr · m̂ / (√v̂ + ε), with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ) (as tf.train.adam).
    const mScale = lr / (1 - b1 ** this.t)
    const vScale = 1 / Math.sqrt(1 - b2 ** this.t)
    const denom = tf.add(tf.mul(tf.sqrt(v), vScale), ADAM.epsilon)
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
  registerWeights(classifier, () => live('toLayersModel').map((l) => ({
    fanIn: l.kernel.shape[0],
    fanOut: l.kernel.shape[1],
    kernel: l.kernel.dataSync() as Float32Array,
    bias: l.bias.dataSync() as Float32Array,
  })))
  return classifier
}

