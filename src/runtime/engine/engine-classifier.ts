import type { Matrix } from '../../data/matrix.js'
import type { Classifier, ClassifierSpec } from '../classifier.js'
import { registerWeights, type DenseWeights } from '../classifier-weights.js'
import { validateFeatures } from '../train-checks.js'
import type { Kernel } from './kernel.js'
import type { ParamLayout } from './layout.js'
import { createArena, forward, type MlpArena } from './mlp.js'

/**
 * Rows per forward pass when predicting: big enough that per-call overhead vanishes, small enough
 * that the arena (chunk × (features + every layer's width) floats) stays a few MiB even for wide
 * inputs, so predicting 100,000 rows never holds more than the answer and one chunk.
 */
export const PREDICT_CHUNK = 1024

/**
 * A {@link Classifier} over engine-trained weights: predictions run through the same kernel
 * (forward pass + softmax) in chunks of {@link PREDICT_CHUNK} rows, in an arena created on the
 * first call and kept until `dispose()`. `toLayersModel` reads the weights through the registry.
 */
export function makeEngineClassifier(
  spec: ClassifierSpec, layout: ParamLayout, weights: Float32Array, makeKernel: (floats: number) => Kernel,
): Classifier {
  let disposed = false
  let arena: MlpArena | null = null
  const frozen = Object.freeze({ ...spec, hidden: Object.freeze([...spec.hidden]) as number[] })
  const live = (what: string): void => {
    if (disposed) throw new Error(`${what}: the classifier was disposed`)
  }
  const classifier: Classifier = {
    spec: frozen,
    async predict(x: Matrix): Promise<Matrix> {
      live('predict')
      validateFeatures(x, spec, 'x')
      if (arena === null) {
        arena = createArena(layout, PREDICT_CHUNK, { training: false, moments: false }, makeKernel)
        arena.kernel.heap.set(weights, arena.w)
      }
      const a = arena
      const { heap } = a.kernel
      const c = spec.classes, f = x.cols
      const logits = a.acts[a.acts.length - 1]
      const out = new Float32Array(x.rows * c)
      for (let start = 0; start < x.rows; start += PREDICT_CHUNK) {
        const rows = Math.min(PREDICT_CHUNK, x.rows - start)
        heap.set(x.data.subarray(start * f, (start + rows) * f), a.x)
        forward(a, rows)
        a.kernel.softmaxRows(logits, rows, c)
        out.set(heap.subarray(logits, logits + rows * c), start * c)
      }
      return { data: out, rows: x.rows, cols: c }
    },
    dispose(): void {
      disposed = true
      arena = null
    },
  }
  registerWeights(classifier, (): readonly DenseWeights[] => {
    live('toLayersModel')
    return layout.layers.map((l) => ({
      fanIn: l.fanIn,
      fanOut: l.fanOut,
      kernel: weights.subarray(l.offset, l.offset + l.fanIn * l.fanOut),
      bias: weights.subarray(l.offset + l.fanIn * l.fanOut, l.offset + l.fanIn * l.fanOut + l.fanOut),
    }))
  })
  return classifier
}
