import type { Matrix } from '../../data/matrix.js'
import { createRng } from '../../data/rng.js'
import { permutation } from '../../data/split.js'
import type { Classifier, ClassifierSpec } from '../classifier.js'
import type { CheckedOptions } from '../train-checks.js'
import { createJsKernel } from './js-kernel.js'
import type { Kernel } from './kernel.js'
import { glorotUniform, paramLayout } from './layout.js'
import { backward, createArena, forward, gatherRows } from './mlp.js'
import { makeEngineClassifier } from './engine-classifier.js'
import { l2Penalty, optimizerStep } from './optimizer.js'
import { createWasmKernel } from './wasm-kernel.js'

/** The kernel constructor of an engine. */
export function kernelFactory(engine: 'wasm' | 'js'): (floats: number) => Kernel {
  return engine === 'wasm' ? createWasmKernel : createJsKernel
}

/**
 * Trains `spec` on checked inputs with the engine (`wasm` or `js` kernel): the same training
 * semantics as the tfjs loop (train-tfjs.ts), step for step — Glorot-uniform kernels and zero
 * biases from `createRng(seed).fork()`, one permutation of the rows per epoch from the next fork,
 * mini-batches in that order (the last one may be smaller), mean softmax cross-entropy (soft rows
 * weighted by their sum `rowSums`), L2 on kernels, Adam or SGD — in one arena allocated up front.
 * The same seed and data give the same bits on every run and every thread of one kernel.
 *
 * @param targets one row of `spec.classes` target probabilities per row of `x` (one-hot for hard labels).
 */
export async function fitEngine(
  engine: 'wasm' | 'js', spec: ClassifierSpec, x: Matrix, targets: Float32Array, rowSums: Float32Array | null, opts: CheckedOptions,
): Promise<Classifier> {
  const makeKernel = kernelFactory(engine)
  const layout = paramLayout(spec)
  const rng = createRng(opts.seed)
  const init = glorotUniform(layout, rng.fork())
  const shuffleRng = rng.fork()
  const n = x.rows, c = spec.classes
  const batchSize = Math.min(opts.batchSize, n)
  const arena = createArena(layout, batchSize, { training: true, moments: opts.optimizer === 'adam' }, makeKernel)
  const { heap } = arena.kernel
  heap.set(init, arena.w)
  const wantLoss = opts.onEpoch !== undefined
  let t = 0
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = permutation(n, shuffleRng)
    let lossSum = 0
    for (let start = 0; start < n; start += batchSize) {
      const rows = Math.min(batchSize, n - start)
      gatherRows(arena, x, targets, rowSums, order, start, rows, c)
      forward(arena, rows)
      const ce = backward(arena, rows, rowSums !== null, wantLoss)
      // The batch objective as the tfjs engine reports it: mean CE + l2·Σ‖W‖² (before the step).
      if (wantLoss) lossSum += ce + rows * l2Penalty(arena, opts.l2)
      optimizerStep(arena, opts.optimizer, opts.learningRate, opts.l2, ++t)
    }
    if (opts.onEpoch) opts.onEpoch(epoch, lossSum / n)
    // Training is synchronous; yield once per epoch so the event loop (Vitest's worker RPC, the
    // messages of trainMany's worker threads, progress output) is not starved during a long run.
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  const weights = heap.slice(arena.w, arena.w + layout.size)
  return makeEngineClassifier(spec, layout, weights, makeKernel)
}
