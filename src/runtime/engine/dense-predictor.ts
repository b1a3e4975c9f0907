import type { Matrix } from '../../data/matrix.js'
import type { Kernel } from './kernel.js'
import type { ParamLayout } from './layout.js'
import { createArena, forward, type MlpArena } from './mlp.js'

/**
 * Rows per forward pass when predicting: big enough that per-call overhead vanishes, small enough
 * that the arena (chunk × (features + every layer's width) floats) stays a few MiB even for wide
 * inputs, so predicting 100,000 rows never holds more than the answer and one chunk.
 */
export const PREDICT_CHUNK = 1024

/** What follows each dense layer of a stack: a ReLU or nothing, and a softmax over the last one's output. */
export interface DenseActivations {
  /** `relu[i]`: layer i's output goes through a ReLU. */
  readonly relu: readonly boolean[]
  /** The last layer's output goes through a softmax (else it is returned as computed). */
  readonly softmax: boolean
}

/**
 * Predictions of a stack of dense layers through the engine's forward kernel: `weights` laid out as
 * `layout` says (kernel row-major fanIn × fanOut, then bias, layer by layer), copied once into an
 * arena created on the first call and kept; rows go in chunks of {@link PREDICT_CHUNK}. Serves the
 * classifiers the engine trains and tfjs models made only of dense layers (`fromTfModel`).
 *
 * `blocked` (default true) computes four rows per pass over the weights ({@link Kernel.denseRows});
 * false, row by row (`dense`, as training does): the same answers, for comparing the two.
 *
 * @returns `predict(x)`, a fresh matrix of the last layer's width per row of `x` (whose columns
 *   must be the first layer's fan-in; the caller checks).
 */
export function createDensePredictor(
  layout: ParamLayout, weights: Float32Array, activations: DenseActivations, makeKernel: (floats: number) => Kernel, blocked = true,
): (x: Matrix) => Matrix {
  let arena: MlpArena | null = null
  const out = layout.layers[layout.layers.length - 1].fanOut
  return (x: Matrix): Matrix => {
    if (arena === null) {
      arena = createArena(layout, PREDICT_CHUNK, { training: false, moments: false }, makeKernel)
      arena.kernel.heap.set(weights, arena.w)
    }
    const a = arena
    const { heap } = a.kernel
    const f = x.cols
    const last = a.acts[a.acts.length - 1]
    const answer = new Float32Array(x.rows * out)
    for (let start = 0; start < x.rows; start += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, x.rows - start)
      heap.set(x.data.subarray(start * f, (start + rows) * f), a.x)
      forward(a, rows, activations.relu, blocked)
      if (activations.softmax) a.kernel.softmaxRows(last, rows, out)
      answer.set(heap.subarray(last, last + rows * out), start * out)
    }
    return { data: answer, rows: x.rows, cols: out }
  }
}
