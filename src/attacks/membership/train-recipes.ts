import type { Matrix } from '../../data/matrix.js'
import { dataKey } from '../../runtime/cache/job-key.js'
import type { ReferenceCache } from '../../runtime/cache/location.js'
import type { CacheEntryInfo, ReferenceTally } from '../../runtime/cache/train-through-cache.js'
import { packageVersion } from '../../runtime/package-version.js'
import { runJobs, type JobRunner } from '../../runtime/train-many.js'
import { RecipeError, type ReferenceRecipe } from './recipe.js'
import { trainAndAnswer, type RecipeJob } from './recipe-job.js'
import { loadRecipe } from './recipe-module.js'

/** Options of {@link trainRecipeModels}. */
export interface RecipeRunOptions {
  /** Models trained at once, for a module recipe (as `trainMany`'s `workers`); a recipe function always trains in this thread. */
  workers?: number
  /** As `trainMany`'s: `false` trains every model of a module recipe in worker threads. Default true. */
  callingThread?: boolean
  /** Train model 0 a second time (last, so in another thread when there are workers) and compare. */
  checkDeterminism?: boolean
  onJobDone?: (done: number, total: number) => void
  /**
   * The reference cache (docs/reference-cache.md): a module recipe's models are keyed by the
   * module's identity, their training half, seed, classes, record shape, DP-SGD settings and the
   * records they answer. A recipe function, and model 0's repeat for `checkDeterminism`, are never cached.
   */
  cache?: ReferenceCache | null
  tally?: ReferenceTally
}

/**
 * Trains one reference model per job with `recipe` and returns each model's answers
 * (`result[j][i]`: model j on `jobs[j].predict[i]`).
 *
 * A module recipe (every job's `module` set) runs on `workers` lanes like `trainMany`: the calling
 * thread plus worker threads that each import the module, train model j with its seed on its half,
 * answer and dispose; only the answers come back. The module is imported here before the first
 * model trains (so a missing or wrong export fails before any thread starts), never when the
 * cache holds every model. A recipe function runs in this thread, one model
 * after the other (a function cannot be sent to another thread). Either way the answers are
 * bit-identical to training every model in this thread, provided the recipe is deterministic for a
 * seed — which `checkDeterminism` verifies.
 *
 * @throws RecipeError (an input error, exit code 2) naming the recipe and the model: see
 *   `trainAndAnswer`; with `checkDeterminism`, when model 0 trained twice answers differently.
 */
export async function trainRecipeModels(jobs: RecipeJob[], recipe: ReferenceRecipe | undefined, options: RecipeRunOptions = {}): Promise<Matrix[][]> {
  if (jobs.length === 0) return []
  const first = jobs[0]
  const all = options.checkDeterminism === true ? [...jobs, first] : jobs
  const total = all.length
  // The determinism check's second model 0 is not one of the models the caller counts.
  const report = options.onJobDone
  const onJobDone = report === undefined ? undefined : (done: number) => { if (done <= jobs.length) report(done, jobs.length) }
  let results: Matrix[][]
  if (recipe !== undefined) {
    // Never cached (a function's code cannot be identified), but counted as trained.
    results = await runJobs(all, inThread(recipe), { workers: 1, ...(options.tally ? { tally: options.tally } : {}), ...(onJobDone ? { onJobDone } : {}) })
  } else {
    const module = first.module
    if (module === undefined) throw new Error('trainRecipeModels: jobs without a module need the recipe function')
    results = await runJobs(all, inWorkers(module, jobs.length), {
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.cache ? { cache: options.cache } : {}),
      ...(options.tally ? { tally: options.tally } : {}),
      ...(options.callingThread === undefined ? {} : { callingThread: options.callingThread }),
      ...(onJobDone ? { onJobDone } : {}),
    })
  }
  if (options.checkDeterminism === true) {
    checkSame(first, results[0], results[total - 1])
    results = results.slice(0, jobs.length)
  }
  return results
}

/** Runs jobs with a recipe function, in this thread only. */
function inThread(recipe: ReferenceRecipe): JobRunner<RecipeJob> {
  return {
    module: RUNNER,
    tfjs: true,
    encode: () => { throw new Error('a recipe function cannot run in a worker thread') },
    runHere: (job, _index, signal) => trainAndAnswer(job, recipe, signal),
    failure,
  }
}

/**
 * Runs jobs of a module recipe in this thread and in workers; the first `cached` jobs may come
 * from the reference cache (the rest is the determinism check's repeat). The module is imported
 * here before the first job trains — so a missing or wrong export fails before any thread starts —
 * and not at all when every model comes from the cache (loading tsx and the recipe's own imports
 * took seconds of a run that trains nothing).
 */
function inWorkers(module: string, cached: number): JobRunner<RecipeJob> {
  let recipe: ReferenceRecipe | undefined
  return {
    module: RUNNER,
    prepare: async () => { recipe ??= await loadRecipe(module) },
    // Recipes train with tfjs as a rule; a worker then runs on the backend this thread runs on.
    tfjs: true,
    encode: (job) => {
      const transfer: ArrayBuffer[] = []
      const copy = (m: Matrix): Matrix => {
        const data = m.data.slice()
        transfer.push(data.buffer as ArrayBuffer)
        return { data, rows: m.rows, cols: m.cols }
      }
      const y = job.y.slice()
      transfer.push(y.buffer as ArrayBuffer)
      const sent: RecipeJob = {
        module: job.module, label: job.label, identity: job.identity, model: job.model, models: job.models, seed: job.seed,
        classes: job.classes, x: copy(job.x), y, recordShape: job.recordShape === undefined ? undefined : [...job.recordShape],
        predict: job.predict.map(copy), ...(job.dp === undefined ? {} : { dp: { ...job.dp } }),
      }
      return { job: sent, transfer }
    },
    runHere: async (job, _index, signal) => trainAndAnswer(job, recipe ??= await loadRecipe(module), signal),
    failure,
    cacheEntries: (jobs, backend) => recipeEntries(jobs, cached, backend),
  }
}

/** Cache keys and labels of recipe jobs: by the recipe's identity, never its path or label. */
async function recipeEntries(jobs: readonly RecipeJob[], cached: number, backend: string | null): Promise<CacheEntryInfo[]> {
  const version = await packageVersion()
  return jobs.map((job, j) => {
    const label = { model: `recipe ${job.identity ?? job.label}`, seed: job.seed, engine: `tfjs ${backend ?? ''}`.trim(), packageVersion: version }
    if (j >= cached || job.identity === undefined) return { key: null, label }
    const { identity, seed, classes, x, y, recordShape, predict, dp } = job
    const key = dataKey('recipe', { identity, seed, classes, x, y, recordShape, predict, ...(dp === undefined ? {} : { dp }) }, { packageVersion: version, ...(backend ? { backend } : {}) })
    return { key, label }
  })
}

/** The worker-side module: recipe-job.ts from the sources, recipe-job.js from the built package. */
const RUNNER = new URL(`./recipe-job${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href

/**
 * A failed job's error: a RecipeError (here, or as it crossed from a worker) keeps its message,
 * which already names the recipe and the model; anything else is unexpected and says where.
 */
function failure(index: number, error: { name?: string; message?: string }): Error {
  if (error instanceof Error && error.name === 'RecipeError') return error
  if (error.name === 'RecipeError') return new RecipeError(error.message ?? 'the recipe failed', { cause: error })
  return new Error(`reference model ${index}: ${error.message ?? String(error)}`, { cause: error })
}

/** Refuses a recipe whose model 0 answered differently the second time it trained. */
function checkSame(job: RecipeJob, once: Matrix[], twice: Matrix[]): void {
  for (let i = 0; i < once.length; i++) {
    const a = once[i].data
    const b = twice[i].data
    for (let k = 0; k < a.length; k++) {
      if (a[k] === b[k] || (Number.isNaN(a[k]) && Number.isNaN(b[k]))) continue
      let differ = 0
      let largest = 0
      for (let m = 0; m < a.length; m++) {
        if (a[m] !== b[m]) { differ++; largest = Math.max(largest, Math.abs(a[m] - b[m])) }
      }
      const cols = once[i].cols
      throw new RecipeError(
        `${job.label}: not deterministic for one seed: reference model 0 (seed ${job.seed}) trained twice answers differently ` +
          `(from row ${Math.floor(k / cols)} of the ${ordinal(i)} matrix it answered; ${differ} of ${a.length} probabilities differ, by up to ${largest.toPrecision(3)}). ` +
          'Seed every random choice of the recipe with context.seed (weight initialisers, shuffling, dropout), or turn checkDeterminism off',
      )
    }
  }
}

function ordinal(i: number): string {
  return ['first', 'second', 'third'][i] ?? `${i + 1}th`
}
