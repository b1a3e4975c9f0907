/**
 * One reference model trained by a recipe, in whichever thread runs it: the calling thread, or a
 * worker thread of `runJobs`, which imports this module by URL and calls {@link runJob}. One
 * implementation for both, so a model's answers do not depend on where it trained.
 */
import type { Dataset } from '../../data/dataset.js'
import { describeValue } from '../../data/describe.js'
import type { Matrix } from '../../data/matrix.js'
import type { DpOptions } from '../../privacy/dp-options.js'
import { silenceCpuAdvert } from '../../runtime/backend.js'
import { tf } from '../../runtime/tf.js'
import type { Target, TargetLike } from '../../targets/target.js'
import { toTarget } from '../../targets/to-target.js'
import { RecipeError, type ReferenceRecipe } from './recipe.js'
import { loadRecipe } from './recipe-module.js'

/** One reference model to train with a recipe, and the matrices to answer once trained. */
export interface RecipeJob {
  /** Absolute path of the recipe module; `undefined` for a recipe function (calling thread only). */
  module: string | undefined
  /** How messages name the recipe: `recipe privacy/train-reference.ts`, `the recipe function`. */
  label: string
  /**
   * What a cache of trained models may key the recipe on: the module file's content hash
   * (`recipeIdentity`), `undefined` for a recipe function (its code cannot be identified).
   */
  identity: string | undefined
  /** The reference model's index (0-based) and the number of models, for messages. */
  model: number
  models: number
  seed: number
  classes: number
  /** The model's training half of the pool. */
  x: Matrix
  y: Int32Array
  /** The pool's record shape, when it declares one; handed to the recipe with the data. */
  recordShape: number[] | undefined
  /** Matrices to answer; the result holds one probability matrix per entry, in order. */
  predict: Matrix[]
  /** The caller's `referenceTraining.dp`, handed to the recipe as `context.dp`. */
  dp?: DpOptions
}

/**
 * Runs one recipe job in a worker thread: imports the module (once per thread), trains, answers,
 * disposes. The worker-side entry of `runJobs` (its module protocol). @internal
 */
export async function runJob(job: RecipeJob): Promise<Matrix[]> {
  if (job.module === undefined) throw new Error(`${job.label}: a recipe function cannot run in a worker thread`)
  // Never aborted: when the call fails, the whole thread is terminated.
  return trainAndAnswer(job, await loadRecipe(job.module), new AbortController().signal)
}

/**
 * Trains reference model `job.model` with `recipe` on its half, reads its answers to every matrix of
 * `job.predict` (probability rows, `classes` columns), then disposes it. The tfjs backend active
 * before is active again afterwards, so a recipe that switches backends (conv layers need `cpu`
 * to train) neither changes how the audit queries the target nor how the next model trains.
 *
 * @throws RecipeError naming the recipe, the model and its seed when the recipe throws, returns
 *   something that is not a model, or a model whose answers are not `classes` probabilities.
 */
export async function trainAndAnswer(job: RecipeJob, recipe: ReferenceRecipe, signal: AbortSignal): Promise<Matrix[]> {
  const which = `${job.label}: reference model ${job.model} of ${job.models} (seed ${job.seed})`
  const dataset: Dataset & { recordShape?: number[] } = {
    x: job.x.data, y: job.y, features: job.x.cols, ...(job.recordShape === undefined ? {} : { recordShape: [...job.recordShape] }),
  }
  const backend = tf.getBackend()
  // A recipe that trains conv layers switches to cpu, whose first use prints an advert for
  // tfjs-node into every audit's output.
  silenceCpuAdvert()
  let model: unknown
  try {
    try {
      model = await recipe(dataset, { seed: job.seed, classes: job.classes, signal, ...(job.dp === undefined ? {} : { dp: { ...job.dp } }) })
    } catch (error) {
      throw new RecipeError(`${which}: the recipe threw: ${errorText(error)}`, { cause: error })
    }
    let target: Target
    try {
      target = toTarget(model as TargetLike)
    } catch (error) {
      throw new RecipeError(
        `${which}: the recipe resolved to ${describeValue(model)}, which is not a model; ` +
          'expected a tfjs model, a predict function or a Target', { cause: error },
      )
    }
    try {
      const out: Matrix[] = []
      for (const m of job.predict) {
        let answers: Matrix
        try {
          answers = await target.query(m)
        } catch (error) {
          throw new RecipeError(`${which}: its model could not answer: ${errorText(error)}`, { cause: error })
        }
        if (answers.cols !== job.classes) {
          throw new RecipeError(
            `${which}: its model answers ${answers.cols} classes, expected ${job.classes} (the classes of the audited data; the recipe is told them as context.classes)`,
          )
        }
        out.push(answers)
      }
      return out
    } finally {
      target.dispose?.()
    }
  } finally {
    if (model !== null && typeof model === 'object' && typeof (model as { dispose?: unknown }).dispose === 'function') {
      (model as { dispose(): void }).dispose()
    }
    if (tf.getBackend() !== backend) await tf.setBackend(backend)
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
