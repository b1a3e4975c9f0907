import type { Matrix } from '../data/matrix.js'
import { createDensePredictor } from '../runtime/engine/dense-predictor.js'
import { kernelFactory } from '../runtime/engine/train-engine.js'
import { wasmKernelAvailable } from '../runtime/engine/wasm-kernel.js'
import type { tf } from '../runtime/tf.js'
import { readDenseStack, sameWeights, weightSnapshot } from '../runtime/tfjs-dense-stack.js'

/** Largest absolute difference from tfjs's answer at which the engine's kernel is trusted. */
export const KERNEL_TOLERANCE = 1e-5

/** The warning `fromTfModel` emits (once per target) when the kernel disagrees with tfjs. */
export const KERNEL_FALLBACK_WARNING = { type: 'PrivacyGatesWarning', code: 'PRIVACY_GATES_KERNEL_FALLBACK' } as const

/**
 * Answers a tfjs model's queries through the training engine's forward kernel when the model is a
 * chain of dense layers (`readDenseStack`): the adapter asks {@link KernelInference.answer} first
 * and, while it returns `undefined`, answers with tfjs and hands the answer to
 * {@link KernelInference.check}.
 */
export interface KernelInference {
  /** The kernel (`wasm` where WebAssembly SIMD runs, else `js`). */
  readonly engine: 'wasm' | 'js'
  /** The kernel's answer to `rows` once it was checked against tfjs and the weights are unchanged; else `undefined`. */
  answer(rows: Matrix): Matrix | undefined
  /** Compares tfjs's `reference` answer to `rows` with the kernel's; on agreement the kernel answers from now on. */
  check(rows: Matrix, reference: Matrix, range: string): void
}

/**
 * A {@link KernelInference} for `model`, or `undefined` when it is not a chain of dense layers
 * (it then always answers with tfjs). The weights are copied at the first check and compared with
 * tfjs's answer to that batch (max absolute difference ≤ {@link KERNEL_TOLERANCE}); a model
 * trained or given new weights afterwards is copied and checked again on its next batch. When the
 * answers differ, tfjs answers for good and a warning says so once (`process.emitWarning`,
 * {@link KERNEL_FALLBACK_WARNING}, printed on stderr).
 */
export function kernelInference(model: tf.LayersModel | tf.GraphModel, where: string): KernelInference | undefined {
  const first = readQuietly(model)
  if (typeof first === 'string') return undefined
  const layers = model as tf.LayersModel
  const engine = wasmKernelAvailable() ? 'wasm' : 'js'
  let predict: ((x: Matrix) => Matrix) | null = null
  // The weights read now serve the first check unless the model changed in between.
  let stack: typeof first | null = first
  let snapshot: readonly unknown[] = weightSnapshot(layers)
  let off = false
  return {
    engine,
    answer(rows) {
      if (predict === null || off) return undefined
      if (!sameWeights(snapshot, weightSnapshot(layers))) {
        predict = null
        return undefined
      }
      return predict(rows)
    },
    check(rows, reference, range) {
      if (predict !== null || off) return
      if (stack === null || !sameWeights(snapshot, weightSnapshot(layers))) {
        const read = readQuietly(model)
        if (typeof read === 'string') { off = true; return }
        stack = read
        snapshot = weightSnapshot(layers)
      }
      const candidate = createDensePredictor(stack.layout, stack.weights, stack, kernelFactory(engine))
      stack = null
      const mine = candidate(rows)
      let worst = mine.cols === reference.cols ? 0 : Infinity
      for (let i = 0; i < mine.data.length && worst <= KERNEL_TOLERANCE; i++) {
        // NaN never passes: a kernel answer that is not a number is no match.
        const d = Math.abs(mine.data[i] - reference.data[i])
        worst = d <= worst ? worst : Number.isNaN(d) ? Infinity : d
      }
      if (worst <= KERNEL_TOLERANCE) {
        predict = candidate
        return
      }
      off = true
      process.emitWarning(
        `${where}: the engine's ${engine} kernel answered ${range} unlike tfjs (largest difference ${worst === Infinity ? 'in shape or NaN' : worst.toExponential(2)}, ` +
          `above ${KERNEL_TOLERANCE}); tfjs predict answers every query from now on. A custom layer under a built-in name does this; pass kernel: false to skip the check`,
        KERNEL_FALLBACK_WARNING,
      )
    },
  }
}

/** {@link readDenseStack}, with a model-like object that is not a real tfjs model (it throws) counted as not qualifying. */
function readQuietly(model: tf.LayersModel | tf.GraphModel): ReturnType<typeof readDenseStack> {
  try {
    return readDenseStack(model)
  } catch (error) {
    return `the model could not be read as layers (${error instanceof Error ? error.message : String(error)})`
  }
}
