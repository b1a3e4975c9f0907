import type { Matrix } from '../../data/matrix.js'
import { createRng, type Rng } from '../../data/rng.js'
import type { DpPlan } from '../../privacy/dp-options.js'
import type { Classifier, ClassifierSpec } from '../classifier.js'
import type { CheckedOptions } from '../train-checks.js'
import { makeEngineClassifier } from './engine-classifier.js'
import { glorotUniform, paramLayout } from './layout.js'
import { createArena, forward, gatherRows, type MlpArena } from './mlp.js'
import { l2Penalty, optimizerStep } from './optimizer.js'
import { kernelFactory } from './train-engine.js'

/** Rows one pass handles; a Poisson batch larger than this is processed in several chunks. */
const CHUNK = 256

/**
 * DP-SGD (Abadi et al. 2016) on the engine: each step draws a Poisson sample (every record joins
 * independently with probability q — the sampling the RDP accountant assumes), scales each sampled
 * record's gradient to L2 norm ≤ C, sums, adds Gaussian noise N(0, σ²C²) to every coordinate, and
 * divides by the expected batch size q·n — not the drawn one, whose size would itself depend on
 * the data. An empty sample still takes a (pure-noise) step. The L2 penalty acts on the weights
 * only, so it costs no privacy.
 *
 * Per-example gradients are never materialised. For a dense layer the gradient of one record is
 * the outer product aᵢ ⊗ δᵢ (and δᵢ for the bias), whose squared norm is (‖aᵢ‖² + 1)·‖δᵢ‖²; a first
 * backward pass sums these over layers for every row (Goodfellow 2015, "ghost" norms). Backprop is
 * linear in the output error, so a second pass with each row's output error multiplied by its clip
 * factor yields the sum of clipped gradients in the kernel's batched products.
 *
 * Random streams, all from `createRng(seed)`: the initial weights (the same first fork as
 * non-private training), then the sampling, then the noise; the same seed gives the same bits.
 */
export async function fitDpEngine(
  engine: 'wasm' | 'js', spec: ClassifierSpec, x: Matrix, targets: Float32Array, rowSums: Float32Array | null, opts: CheckedOptions, plan: DpPlan,
): Promise<Classifier> {
  const makeKernel = kernelFactory(engine)
  const layout = paramLayout(spec)
  const rng = createRng(opts.seed)
  const init = glorotUniform(layout, rng.fork())
  const sampleRng = rng.fork()
  const noiseRng = rng.fork()
  const n = x.rows, c = spec.classes, size = layout.size
  const chunk = Math.min(n, CHUNK)
  // Twice the rows: the upper half of every activation buffer holds the first pass's errors, so the
  // activations survive it and the second pass needs no second forward.
  const arena = createArena(layout, 2 * chunk, { training: true, moments: opts.optimizer === 'adam' }, makeKernel)
  const { heap } = arena.kernel
  heap.set(init, arena.w)
  const sum = new Float64Array(size)
  const noise = new Float64Array(size)
  const scale = new Float64Array(chunk)
  const batch = new Int32Array(n)
  const { sampleRate: q, clipNorm, noiseMultiplier } = plan
  const noiseScale = noiseMultiplier * clipNorm
  const expectedBatch = q * n
  const wantLoss = opts.onEpoch !== undefined
  let t = 0
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    let lossSum = 0
    for (let s = 0; s < plan.stepsPerEpoch; s++) {
      let size_ = 0
      for (let r = 0; r < n; r++) if (sampleRng.next() < q) batch[size_++] = r
      sum.fill(0)
      for (let start = 0; start < size_; start += chunk) {
        const rows = Math.min(chunk, size_ - start)
        gatherRows(arena, x, targets, rowSums, batch, start, rows, c)
        forward(arena, rows)
        lossSum += clipFactors(arena, rows, chunk, rowSums !== null, clipNorm, scale, wantLoss)
        clippedGradientSum(arena, rows, rowSums !== null, scale, sum)
      }
      const g = arena.g
      if (noiseScale === 0) for (let k = 0; k < size; k++) heap[g + k] = sum[k] / expectedBatch
      else {
        fillNormal(noise, noiseRng)
        for (let k = 0; k < size; k++) heap[g + k] = (sum[k] + noiseScale * noise[k]) / expectedBatch
      }
      if (wantLoss) lossSum += expectedBatch * l2Penalty(arena, opts.l2)
      optimizerStep(arena, opts.optimizer, opts.learningRate, opts.l2, ++t)
    }
    if (opts.onEpoch) opts.onEpoch(epoch, lossSum / (expectedBatch * plan.stepsPerEpoch))
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  const weights = heap.slice(arena.w, arena.w + size)
  return makeEngineClassifier(spec, layout, weights, makeKernel)
}


/**
 * First pass, after {@link forward}: the output error (on a copy of the logits) back through every
 * layer without weight gradients, into the upper half (`scratch` rows on) of each activation buffer,
 * accumulating each row's squared per-example gradient norm; writes min(1, C/‖gᵢ‖) to `scale`.
 * Returns the rows' summed cross-entropy when `wantLoss`.
 */
function clipFactors(arena: MlpArena, rows: number, scratch: number, weighted: boolean, clipNorm: number, scale: Float64Array, wantLoss: boolean): number {
  const { kernel, layout, acts } = arena
  const { heap } = kernel
  const layers = layout.layers
  const last = layers.length - 1
  const classes = layers[last].fanOut
  let delta = acts[last] + scratch * classes
  heap.copyWithin(delta, acts[last], acts[last] + rows * classes)
  const loss = kernel.softmaxError(delta, arena.y, weighted ? arena.sums : -1, rows, classes, wantLoss)
  scale.fill(0, 0, rows)
  for (let l = last; l >= 0; l--) {
    const { fanIn, fanOut } = layers[l]
    const input = l === 0 ? arena.x : acts[l - 1]
    for (let i = 0; i < rows; i++) {
      let a2 = 1, d2 = 0
      for (let j = input + i * fanIn, e = j + fanIn; j < e; j++) a2 += heap[j] * heap[j]
      for (let j = delta + i * fanOut, e = j + fanOut; j < e; j++) d2 += heap[j] * heap[j]
      scale[i] += a2 * d2
    }
    if (l > 0) {
      const next = acts[l - 1] + scratch * fanIn
      kernel.backDelta(delta, arena.w + layers[l].offset, acts[l - 1], next, rows, fanIn, fanOut, arena.wt, arena.row)
      delta = next
    }
  }
  // softmaxError divides the error by `rows`: one record's own gradient is `rows` times it.
  for (let i = 0; i < rows; i++) {
    const norm = rows * Math.sqrt(scale[i])
    scale[i] = norm > clipNorm ? clipNorm / norm : 1
  }
  return loss
}

/**
 * Second pass, on the activations the first left intact: each row's output error times rows·scaleᵢ
 * (so it is that record's clipped gradient's error), then the batched gradients, added to `sum`.
 */
function clippedGradientSum(arena: MlpArena, rows: number, weighted: boolean, scale: Float64Array, sum: Float64Array): void {
  const { kernel, layout, acts } = arena
  const { heap } = kernel
  const layers = layout.layers
  const last = layers.length - 1
  const classes = layers[last].fanOut
  kernel.softmaxError(acts[last], arena.y, weighted ? arena.sums : -1, rows, classes, false)
  for (let i = 0; i < rows; i++) {
    const k = rows * scale[i]
    for (let j = acts[last] + i * classes, e = j + classes; j < e; j++) heap[j] *= k
  }
  for (let l = last; l >= 0; l--) {
    const { fanIn, fanOut, offset } = layers[l]
    const input = l === 0 ? arena.x : acts[l - 1]
    const gw = arena.g + offset
    kernel.gradients(input, acts[l], gw, gw + fanIn * fanOut, rows, fanIn, fanOut)
    if (l > 0) kernel.backDelta(acts[l], arena.w + offset, acts[l - 1], acts[l - 1], rows, fanIn, fanOut, arena.wt, arena.row)
  }
  const g = arena.g
  for (let k = 0; k < sum.length; k++) sum[k] += heap[g + k]
}

/**
 * Standard normal draws into `out` from `rng` by Marsaglia's polar method: one log and one square
 * root per pair, no trigonometry — the noise is one draw per parameter per step, so this is hot.
 */
function fillNormal(out: Float64Array, rng: Rng): void {
  for (let k = 0; k < out.length; k += 2) {
    let u: number, v: number, s: number
    do {
      u = 2 * rng.next() - 1
      v = 2 * rng.next() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const m = Math.sqrt((-2 * Math.log(s)) / s)
    out[k] = u * m
    if (k + 1 < out.length) out[k + 1] = v * m
  }
}
