import type { Classifier } from './classifier.js'

/** One dense layer's trained weights: kernel row-major fanIn × fanOut, then the bias. */
export interface DenseWeights {
  readonly fanIn: number
  readonly fanOut: number
  readonly kernel: Float32Array
  readonly bias: Float32Array
}

/**
 * The weights behind each {@link Classifier} the package trains (either engine), so `toLayersModel`
 * can rebuild a tfjs model without widening the `Classifier` interface every attack sees. Kept in
 * a module free of TensorFlow.js, so that engine-only code (worker threads) never loads it.
 */
const registry = new WeakMap<Classifier, () => readonly DenseWeights[]>()

/** Records how to read `classifier`'s weights (the getter throws once it is disposed). */
export function registerWeights(classifier: Classifier, get: () => readonly DenseWeights[]): void {
  registry.set(classifier, get)
}

/** The weight getter of a classifier made by `trainClassifier`, or `undefined` for any other object. */
export function weightsGetter(classifier: Classifier): (() => readonly DenseWeights[]) | undefined {
  return registry.get(classifier)
}
