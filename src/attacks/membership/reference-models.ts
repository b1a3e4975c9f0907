/**
 * Helpers shared by the attacks that train models of their own on the attacker pool (`shadow`,
 * `lira`, `rmia`): settings with their defaults, the seeded choice of each model's training half,
 * and one `trainMany` call that returns every model's predictions.
 */
import type { DenseDataset } from '../../data/dataset.js'
import { takeRows, type Matrix } from '../../data/matrix.js'
import type { Rng } from '../../data/rng.js'
import { permutation } from '../../data/split.js'
import type { ClassifierSpec } from '../../runtime/classifier.js'
import { progress } from '../../runtime/progress.js'
import type { TrainJob } from '../../runtime/train-job.js'
import { trainMany } from '../../runtime/train-many.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import type { AttackContext, ReferenceCaching } from './attack.js'
import type { ReferenceRecipe } from './recipe.js'
import type { RecipeJob } from './recipe-job.js'
import { recipeIdentity, recipeLabel, recipePath } from './recipe-module.js'
import { checkAttackSettings } from './settings.js'
import { trainRecipeModels } from './train-recipes.js'
import type { AttackSettings, MembershipAttackId, ReferenceTraining } from './types.js'

/** Default hidden layers of shadow / reference models. */
export const DEFAULT_HIDDEN: readonly number[] = [64]

/**
 * Fewest records of each class a reference model's training half should hold: below that a model
 * cannot learn the class at all, and its answers say nothing about how a real model treats it.
 */
export const MIN_PER_CLASS_PER_HALF = 5

/** The model-training settings of one attack, checked, with defaults filled in. */
export interface ReferenceSettings {
  /** Models to train (≥ 1). */
  k: number
  hidden: number[]
  epochs: number
  batchSize: number
  learningRate: number
  /** Jobs trained at once (`trainMany`'s `workers`); `undefined`: one per core. */
  workers: number | undefined
  /**
   * The recipe that trains each model instead of the MLP (then `hidden`, `epochs`, `batchSize` and
   * `learningRate` do not apply): a function, or the absolute path of a module exporting one.
   */
  recipe?: ReferenceRecipe | string
  /** With a recipe: train model 0 twice and refuse a recipe whose two models answer differently. Default false. */
  checkDeterminism?: boolean
}

/**
 * Checks `settings` against the thresholds schema's `AttackSettings` ({@link checkAttackSettings}:
 * each message names `settings.<field>` and what was found) and fills in the
 * defaults: `k` = `defaultK`, `hidden` {@link DEFAULT_HIDDEN}, `workers` one per core, and the
 * schema's (`SCHEMA_DEFAULTS.AttackSettings`) for `epochs`, `batchSize`, Adam's `learningRate` and
 * `checkDeterminism`; a `recipe` path is made absolute (relative to the working directory; the
 * thresholds file's are already absolute).
 */
export function referenceSettings(settings: AttackSettings | undefined, defaultK: number): ReferenceSettings {
  const s = checkAttackSettings(settings)
  return {
    k: s.k ?? defaultK,
    hidden: [...(s.hidden ?? DEFAULT_HIDDEN)],
    epochs: s.epochs ?? SCHEMA_DEFAULTS.AttackSettings.epochs,
    batchSize: s.batchSize ?? SCHEMA_DEFAULTS.AttackSettings.batchSize,
    learningRate: s.learningRate ?? SCHEMA_DEFAULTS.AttackSettings.learningRate,
    workers: s.workers,
    ...(s.recipe === undefined ? {} : { recipe: typeof s.recipe === 'string' ? recipePath(s.recipe, process.cwd()) : s.recipe }),
    checkDeterminism: s.checkDeterminism ?? SCHEMA_DEFAULTS.AttackSettings.checkDeterminism,
  }
}

/**
 * The attacker pool of `ctx`, refused when absent or too small for `k` models each trained on half
 * of it: at least 2 × {@link MIN_PER_CLASS_PER_HALF} × classes records.
 *
 * @throws e.g. `pool: 37 records; lira with k = 8 needs at least 100 (each of the 8 reference
 *   models trains on a random half of the pool, which should hold at least 5 records of each of
 *   the 10 classes: 2 × 5 × 10)`
 */
export function requirePool(ctx: AttackContext, attack: MembershipAttackId, k: number, models: string): DenseDataset {
  const pool = ctx.pool
  if (pool === undefined) {
    throw new TypeError(`attack "${attack}" trains ${models} on the attacker's labelled records: pass pool (a labelled Dataset, disjoint from the members)`)
  }
  const needed = 2 * MIN_PER_CLASS_PER_HALF * ctx.classes
  if (pool.y.length < needed) {
    throw new RangeError(
      `pool: ${pool.y.length} records; ${attack} with k = ${k} needs at least ${needed} ` +
        `(each of the ${k} ${models} trains on a random half of the pool, which should hold at least ` +
        `${MIN_PER_CLASS_PER_HALF} records of each of the ${ctx.classes} classes: 2 × ${MIN_PER_CLASS_PER_HALF} × ${ctx.classes})`,
    )
  }
  return pool
}

/**
 * The training halves of `k` models over `n` pool records, in complementary pairs: models 2i and
 * 2i + 1 train on the two halves (⌊n/2⌋ and ⌈n/2⌉ records) of one seeded permutation; an odd `k`
 * ends with an unpaired random half. Why pairs rather than independent halves: every record is
 * then IN for exactly k/2 models and OUT for the other k/2 (even k), so shadow training data are
 * balanced and every pool record has OUT models (RMIA's population).
 *
 * Returns, per model, the sorted indices it trains on.
 */
export function pairedHalves(n: number, k: number, rng: Rng): Int32Array[] {
  const halves: Int32Array[] = []
  const h = Math.floor(n / 2)
  for (let j = 0; j < k; j += 2) {
    const order = permutation(n, rng)
    halves.push(order.slice(0, h).sort())
    if (j + 1 < k) halves.push(order.slice(h).sort())
  }
  return halves
}

/** `inside[j][r]` = 1 when pool record r is in the training half of model j. */
export function insideMasks(n: number, halves: readonly Int32Array[]): Uint8Array[] {
  return halves.map((idx) => {
    const mask = new Uint8Array(n)
    for (const r of idx) mask[r] = 1
    return mask
  })
}

/** What {@link trainReferenceModels} returns. */
export interface ReferenceModels {
  /** Per model, the sorted pool indices it was trained on (see {@link pairedHalves}). */
  halves: Int32Array[]
  /** `predictions[j][i]`: model j's probability rows on the i-th requested matrix. */
  predictions: Matrix[][]
}

/**
 * Trains `settings.k` models, each on its half of the pool from {@link pairedHalves}, with
 * `settings.workers`, and returns their predictions on `predict`. Everything random derives from
 * `rng`: first the halves, then one training seed per model; the results do not depend on the
 * number of workers.
 *
 * Without a recipe the models are MLPs `features → settings.hidden → classes` (Adam) trained by
 * `trainMany`; `training` adds the caller's options (DP-SGD, engine) to every model's, so the
 * models can train the way the target did; with `dp` each model is calibrated on its own half.
 * With `settings.recipe` each model is the recipe's, trained with the same seed on the same half
 * (`trainRecipeModels`: a module in worker threads, a function in this thread); the pool's
 * `recordShape`, when it has one, and `training.dp` (as `context.dp`) are handed to the recipe.
 * `training.cache` and `training.tally` go to either: answers come from the reference cache when
 * it holds them (docs/reference-cache.md).
 *
 * @throws TypeError when `training.engine` is combined with a recipe (the recipe trains its models itself).
 */
export async function trainReferenceModels(
  pool: DenseDataset,
  classes: number,
  settings: ReferenceSettings,
  rng: Rng,
  predict: Matrix[],
  training: ReferenceTraining & ReferenceCaching = {},
): Promise<ReferenceModels> {
  const { cache, tally, ...train } = training
  const halves = pairedHalves(pool.y.length, settings.k, rng)
  const task = progress().start(`training ${settings.k} reference models`, settings.k, 'models')
  try {
    const onJobDone = () => task.tick()
    const run = { onJobDone, cache, tally, ...(settings.workers === undefined ? {} : { workers: settings.workers }) }
    const predictions = settings.recipe === undefined
      ? await trainMany(mlpJobs(pool, classes, settings, halves, rng, predict, train), run)
      : await trainRecipeModels(recipeJobs(pool, classes, settings, settings.recipe, halves, rng, predict, train), typeof settings.recipe === 'function' ? settings.recipe : undefined, {
        ...run, checkDeterminism: settings.checkDeterminism,
      })
    return { halves, predictions }
  } finally {
    task.done()
  }
}

function mlpJobs(
  pool: DenseDataset, classes: number, settings: ReferenceSettings, halves: Int32Array[], rng: Rng, predict: Matrix[], training: ReferenceTraining,
): TrainJob[] {
  const spec: ClassifierSpec = { features: pool.x.cols, hidden: settings.hidden, classes }
  return halves.map((idx) => ({
    spec,
    x: takeRows(pool.x, idx),
    y: Int32Array.from(idx, (r) => pool.y[r]),
    options: { ...training, epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate, seed: rng.seed() },
    predict,
  }))
}

/** The recipe's jobs: the MLP's halves and seeds (drawn in the same order), the recipe's identity. */
function recipeJobs(
  pool: DenseDataset, classes: number, settings: ReferenceSettings, recipe: ReferenceRecipe | string, halves: Int32Array[], rng: Rng,
  predict: Matrix[], training: ReferenceTraining,
): RecipeJob[] {
  // DP-SGD settings go to the recipe (context.dp); how it trains otherwise is its own choice.
  const { dp, ...rest } = training
  const given = Object.entries(rest).filter(([, v]) => v !== undefined).map(([k]) => k)
  if (given.length > 0) {
    throw new TypeError(`referenceTraining.${given[0]}: not used with settings.recipe, which trains the reference models itself; train them that way inside the recipe`)
  }
  const module = typeof recipe === 'string' ? recipe : undefined
  const label = module === undefined ? 'the recipe function' : recipeLabel(module)
  const identity = module === undefined ? undefined : recipeIdentity(module)
  const shape = pool.recordShape
  return halves.map((idx, model) => ({
    module, label, identity, model, models: halves.length, seed: rng.seed(), classes,
    x: takeRows(pool.x, idx),
    y: Int32Array.from(idx, (r) => pool.y[r]),
    recordShape: shape === undefined ? undefined : [...shape],
    predict,
    ...(dp === undefined ? {} : { dp }),
  }))
}

/** The probability of each row's true class: `out[r] = p[r][labels[r]]`, in doubles. */
export function trueClassProbabilities(p: Matrix, labels: Int32Array): Float64Array {
  const out = new Float64Array(p.rows)
  for (let r = 0; r < p.rows; r++) out[r] = p.data[r * p.cols + labels[r]]
  return out
}
