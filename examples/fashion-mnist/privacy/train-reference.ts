import type { Dataset, RecipeContext, TargetLike } from 'vitest-privacy-gates'
import { fitFashionCnn, IMAGE_SHAPE, TARGET_TRAINING, type CnnTraining } from './fashion-cnn.js'

/**
 * The reference-model recipe of the Fashion-MNIST example (named by `"recipe"` in
 * ../privacy-gates.json): LiRA and RMIA train each reference model with it, on their half of the
 * attacker pool, instead of the built-in MLP — the same CNN, optimiser and epochs as the target
 * (fashion-cnn.ts), as the LiRA and RMIA papers train their reference models.
 *
 * `dataset.x` holds flat rows of 784 pixels already scaled to [0, 1] (the thresholds file's
 * `scale`), in the record shape [28, 28, 1]. Everything random derives from `context.seed`, so
 * one seed gives the same model, bit for bit, on the wasm backend.
 */
export const train = trainWith(TARGET_TRAINING)

/**
 * The recipe with another training budget: for tests that need small budgets (the figures in
 * docs/fashion-mnist.md use {@link train}, the target's own budget).
 */
export function trainWith(training: CnnTraining): (dataset: Dataset, context: RecipeContext) => Promise<TargetLike> {
  return (dataset, context) => trainCnn(dataset, context, training)
}

async function trainCnn(dataset: Dataset, context: RecipeContext, training: CnnTraining): Promise<TargetLike> {
  const pixels = IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * IMAGE_SHAPE[2]
  const x = dataset.x instanceof Float32Array ? dataset.x : Array.isArray(dataset.x) ? Float32Array.from(dataset.x.flat()) : dataset.x.data
  const y = dataset.y instanceof Int32Array ? dataset.y : Int32Array.from(dataset.y)
  if (x.length !== y.length * pixels) {
    throw new RangeError(`fashion-mnist recipe: expected records of ${pixels} values (28 × 28 × 1), found ${x.length} values for ${y.length} labels`)
  }
  return fitFashionCnn(x, y, { seed: context.seed, classes: context.classes, signal: context.signal, training })
}
