import type { Classifier } from './classifier.js'
import { weightsGetter } from './classifier-weights.js'
import { tf } from './tf.js'

/**
 * A tfjs `LayersModel` with the classifier's architecture and a copy of its weights (softmax
 * output), e.g. to save it with `saveLayersModel`; works for classifiers of every engine. The
 * caller owns (and disposes) the model. Call `initBackend()` first, as for any tfjs work.
 * Throws for a classifier that was not made by `trainClassifier` or is disposed.
 */
export function toLayersModel(classifier: Classifier): tf.LayersModel {
  const get = weightsGetter(classifier)
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
  tf.tidy(() => {
    model.setWeights(layers.flatMap((l) => [tf.tensor2d(l.kernel, [l.fanIn, l.fanOut]), tf.tensor1d(l.bias)]))
  })
  return model
}
