import type { Matrix } from '../../data/matrix.js'
import { createRng } from '../../data/rng.js'
import type { DpPlan } from '../../privacy/dp-options.js'
import type { Classifier, ClassifierSpec } from '../classifier.js'
import type { CheckedOptions } from '../train-checks.js'
import { makeEngineClassifier } from './engine-classifier.js'
import { glorotUniform, paramLayout } from './layout.js'
import { backward, createArena, forward } from './mlp.js'
import { l2Penalty, optimizerStep } from './optimizer.js'
import { kernelFactory } from './train-engine.js'

/**
 * DP-SGD (Abadi et al. 2016) on the engine: each step draws a Poisson sample (every record joins
 * independently with probability q — the sampling the RDP accountant assumes), computes each
 * sampled record's gradient alone (a one-row pass), scales it to L2 norm ≤ C, sums, adds Gaussian
 * noise N(0, σ²C²) to every coordinate, and divides by the expected batch size q·n — not the drawn
 * one, whose size would itself depend on the data. An empty sample still takes a (pure-noise) step.
 * The L2 penalty acts on the weights only, so it costs no privacy.
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
  const n = x.rows, f = x.cols, c = spec.classes, size = layout.size
  const arena = createArena(layout, 1, { training: true, moments: opts.optimizer === 'adam' }, makeKernel)
  const { heap } = arena.kernel
  heap.set(init, arena.w)
  const sum = new Float64Array(size)
  const { sampleRate: q, clipNorm, noiseMultiplier } = plan
  const noiseScale = noiseMultiplier * clipNorm
  const expectedBatch = q * n
  const xd = x.data, g = arena.g
  const wantLoss = opts.onEpoch !== undefined
  let t = 0
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    let lossSum = 0
    for (let s = 0; s < plan.stepsPerEpoch; s++) {
      sum.fill(0)
      for (let r = 0; r < n; r++) {
        if (sampleRng.next() >= q) continue
        const xs = r * f
        for (let j = 0; j < f; j++) heap[arena.x + j] = xd[xs + j]
        const ys = r * c
        for (let j = 0; j < c; j++) heap[arena.y + j] = targets[ys + j]
        if (rowSums !== null) heap[arena.sums] = rowSums[r]
        forward(arena, 1)
        const ce = backward(arena, 1, rowSums !== null, wantLoss)
        if (wantLoss) lossSum += ce
        let norm2 = 0
        for (let k = 0; k < size; k++) norm2 += heap[g + k] * heap[g + k]
        const scale = Math.min(1, clipNorm / Math.sqrt(norm2))
        for (let k = 0; k < size; k++) sum[k] += heap[g + k] * scale
      }
      for (let k = 0; k < size; k++) heap[g + k] = (sum[k] + noiseScale * noiseRng.normal()) / expectedBatch
      if (wantLoss) lossSum += expectedBatch * l2Penalty(arena, opts.l2)
      optimizerStep(arena, opts.optimizer, opts.learningRate, opts.l2, ++t)
    }
    if (opts.onEpoch) opts.onEpoch(epoch, lossSum / (n * plan.stepsPerEpoch * q))
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  const weights = heap.slice(arena.w, arena.w + size)
  return makeEngineClassifier(spec, layout, weights, makeKernel)
}
