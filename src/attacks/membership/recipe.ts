import { InputError } from '../../errors.js'
import type { Dataset } from '../../data/dataset.js'
import type { DpOptions } from '../../privacy/dp-options.js'
import type { TargetLike } from '../../targets/target.js'

/** What a {@link ReferenceRecipe} is told besides its training data. */
export interface RecipeContext {
  /**
   * The model's training seed, derived from the audit's seed exactly as the built-in MLP's: seed
   * every random choice of the training with it (weight initialisation, shuffling, dropout), so that
   * one seed always gives the same model.
   */
  seed: number
  /** Number of classes: the model must answer one probability (or logit) per class. */
  classes: number
  /**
   * Aborted when the audit gives up (another reference model failed); a recipe may stop early.
   * In a worker thread the thread is terminated instead, and this signal is never aborted.
   */
  signal: AbortSignal
  /**
   * The caller's `referenceTraining.dp`, as given (not calibrated: a `targetEpsilon` is the
   * recipe's to turn into a noise multiplier for its own data, epochs and batch size, e.g. with
   * `calibrateNoiseMultiplier`): train the model with DP-SGD on these settings when the target
   * was. Absent when the caller gave none.
   */
  dp?: DpOptions
}

/**
 * Trains one reference model the way the target was trained (docs/recipes.md). Shadow, LiRA and
 * RMIA call it once per model instead of training their built-in MLP: `dataset` is the model's
 * half of the attacker pool (`x` a flat `Float32Array` with `features` columns, `recordShape`
 * when the pool declares one), and the answer is anything the audits accept as a model
 * (a tfjs model, a predict function, a `Target`). Its answers on the audited records are read,
 * then it is disposed (`dispose()` is called when it has one).
 *
 * @example
 * export const train: ReferenceRecipe = async (dataset, { seed, classes }) => {
 *   const model = buildCnn(classes, seed)
 *   await model.fit(toImages(dataset), oneHot(dataset.y, classes), { epochs: 5, shuffle: false })
 *   return model
 * }
 */
export type ReferenceRecipe = (dataset: Dataset, context: RecipeContext) => Promise<TargetLike>

/**
 * A recipe failed or misbehaved: it threw, returned something that is not a model, a model with the
 * wrong number of classes, or different models for one seed. The message names the recipe (its
 * module, or "the recipe function"), the reference model and what was expected; the original
 * error, if any, is the `cause`. A wrong input (exit code 2): rerunning unchanged fails the same way.
 */
export class RecipeError extends InputError {
  override name = 'RecipeError'
}
