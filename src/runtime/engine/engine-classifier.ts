import type { Matrix } from '../../data/matrix.js'
import type { Classifier, ClassifierSpec } from '../classifier.js'
import { registerWeights, type DenseWeights } from '../classifier-weights.js'
import { validateFeatures } from '../train-checks.js'
import { createDensePredictor } from './dense-predictor.js'
import type { Kernel } from './kernel.js'
import type { ParamLayout } from './layout.js'

/**
 * A {@link Classifier} over engine-trained weights: predictions run through the same kernel
 * (forward pass + softmax, dense-predictor.ts) in chunks of `PREDICT_CHUNK` rows, in an arena created on the
 * first call and kept until `dispose()`. `toLayersModel` reads the weights through the registry.
 */
export function makeEngineClassifier(
  spec: ClassifierSpec, layout: ParamLayout, weights: Float32Array, makeKernel: (floats: number) => Kernel,
): Classifier {
  let disposed = false
  const relu = layout.layers.map((_, i) => i < layout.layers.length - 1)
  let predictor: ((x: Matrix) => Matrix) | null = null
  const frozen = Object.freeze({ ...spec, hidden: Object.freeze([...spec.hidden]) as number[] })
  const live = (what: string): void => {
    if (disposed) throw new Error(`${what}: the classifier was disposed`)
  }
  const classifier: Classifier = {
    spec: frozen,
    async predict(x: Matrix): Promise<Matrix> {
      live('predict')
      validateFeatures(x, spec, 'x')
      predictor ??= createDensePredictor(layout, weights, { relu, softmax: true }, makeKernel)
      return predictor(x)
    },
    dispose(): void {
      disposed = true
      predictor = null
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
