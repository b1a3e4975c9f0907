import type { Matrix } from '../../data/matrix.js'
import { createRng } from '../../data/rng.js'
import { normalState } from '../../data/ziggurat.js'
import type { DpPlan } from '../../privacy/dp-options.js'
import type { Classifier, ClassifierSpec } from '../classifier.js'
import type { CheckedOptions } from '../train-checks.js'
import { makeEngineClassifier } from './engine-classifier.js'
import { glorotUniform, paramLayout } from './layout.js'
import { createArena, forward, gatherRows, type MlpArena } from './mlp.js'
import { l2Penalty, optimizerStep } from './optimizer.js'
import { poissonSample } from './poisson-sample.js'
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
 * the outer product aᵢ ⊗ δᵢ (and δᵢ for the bias), whose squared norm is (‖aᵢ‖² + 1)·‖δᵢ‖²; one
 * backward pass stores every layer's errors and sums these over layers for every row (Goodfellow
 * 2015, "ghost" norms). Backprop is linear in the output error and the ReLU masks do not depend on
 * it, so each row's stored errors times its clip factor are that record's clipped errors, and the
 * kernel's batched products over them give the sum of clipped gradients — no second backward pass.
 *
 * Cost per step beyond plain training: the norms (kernel.ghostNorms, per layer), the clip scaling
 * (kernel.scaleRows), one Poisson sample (one uniform per chosen record, poisson-sample.ts) and one
 * standard normal per parameter — the ziggurat inside kernel.noisyMean, fused with the noisy mean,
 * which is most of the difference: a parameter vector's worth of noise per step.
 *
 * Random streams, all from `createRng(seed)`: the initial weights (the same first fork as
 * non-private training), then the sampling, then the noise (a fork that seeds the kernel's
 * generator state); the same seed gives the same bits, per engine.
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
  // Twice the rows: the upper half of every activation buffer holds the errors, so the activations
  // (the gradients' inputs) survive the backward pass.
  const arena = createArena(layout, 2 * chunk, { training: true, moments: opts.optimizer === 'adam', dp: true }, makeKernel)
  const { kernel } = arena
  const { heap } = kernel
  heap.set(init, arena.w)
  new Int32Array(heap.buffer, heap.byteOffset + arena.noise * 4, 4).set(normalState(noiseRng))
  const batch = new Int32Array(n)
  const { sampleRate: q, clipNorm, noiseMultiplier } = plan
  const noiseScale = noiseMultiplier * clipNorm
  const expectedBatch = q * n
  const wantLoss = opts.onEpoch !== undefined
  const g = arena.g
  let t = 0
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    let lossSum = 0
    for (let s = 0; s < plan.stepsPerEpoch; s++) {
      const drawn = poissonSample(n, q, sampleRng, batch)
      if (drawn === 0) heap.fill(0, g, g + size)
      for (let start = 0; start < drawn; start += chunk) {
        const rows = Math.min(chunk, drawn - start)
        gatherRows(arena, x, targets, rowSums, batch, start, rows, c)
        forward(arena, rows)
        lossSum += clipFactors(arena, rows, chunk, rowSums !== null, clipNorm, wantLoss)
        clippedGradientSum(arena, rows, chunk)
        // A sample larger than one pass: the passes' gradients summed at arena.sum, then moved back.
        if (drawn > chunk) {
          if (start === 0) heap.copyWithin(arena.sum, g, g + size)
          else kernel.addTo(arena.sum, g, size)
        }
      }
      if (drawn > chunk) heap.copyWithin(g, arena.sum, arena.sum + size)
      // The noisy mean, written over the gradient for the optimiser.
      if (noiseScale !== 0) kernel.noisyMean(g, size, noiseScale, expectedBatch, arena.noise)
      else for (let k = g; k < g + size; k++) heap[k] /= expectedBatch
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
 * The backward pass, after {@link forward}: the output error (on a copy of the logits) back through
 * every layer without weight gradients, into the upper half (`scratch` rows on) of each activation
 * buffer, accumulating each row's squared per-example gradient norm at `arena.norms`, which it then
 * overwrites with rows·min(1, C/‖gᵢ‖) (the factor for the stored errors, see below). Returns the
 * rows' summed cross-entropy when `wantLoss`.
 */
function clipFactors(arena: MlpArena, rows: number, scratch: number, weighted: boolean, clipNorm: number, wantLoss: boolean): number {
  const { kernel, layout, acts, norms } = arena
  const { heap } = kernel
  const layers = layout.layers
  const last = layers.length - 1
  const classes = layers[last].fanOut
  let delta = acts[last] + scratch * classes
  heap.copyWithin(delta, acts[last], acts[last] + rows * classes)
  const loss = kernel.softmaxError(delta, arena.y, weighted ? arena.sums : -1, rows, classes, wantLoss)
  heap.fill(0, norms, norms + rows)
  for (let l = last; l >= 0; l--) {
    const { fanIn, fanOut } = layers[l]
    kernel.ghostNorms(l === 0 ? arena.x : acts[l - 1], delta, rows, fanIn, fanOut, norms)
    if (l > 0) {
      const next = acts[l - 1] + scratch * fanIn
      kernel.backDelta(delta, arena.w + layers[l].offset, acts[l - 1], next, rows, fanIn, fanOut, arena.wt, arena.row)
      delta = next
    }
  }
  // softmaxError divides the error by `rows`: one record's own gradient is `rows` times it, and its
  // clipped error is the stored one times rows·min(1, C/norm).
  for (let i = norms; i < norms + rows; i++) {
    const norm = rows * Math.sqrt(heap[i])
    heap[i] = norm > clipNorm ? (rows * clipNorm) / norm : rows
  }
  return loss
}

/**
 * After {@link clipFactors}: each row of every layer's stored error times its factor (so it is that
 * record's clipped gradient's error), then the batched gradients into `arena.g`.
 */
function clippedGradientSum(arena: MlpArena, rows: number, scratch: number): void {
  const { kernel, layout, acts } = arena
  const layers = layout.layers
  for (let l = layers.length - 1; l >= 0; l--) {
    const { fanIn, fanOut, offset } = layers[l]
    const delta = acts[l] + scratch * fanOut
    kernel.scaleRows(delta, rows, fanOut, arena.norms)
    const input = l === 0 ? arena.x : acts[l - 1]
    const gw = arena.g + offset
    kernel.gradients(input, delta, gw, gw + fanIn * fanOut, rows, fanIn, fanOut)
  }
}
