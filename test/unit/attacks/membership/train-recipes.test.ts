import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { RecipeError, type ReferenceRecipe } from '../../../../src/attacks/membership/recipe.js'
import { recipeIdentity } from '../../../../src/attacks/membership/recipe-module.js'
import type { RecipeJob } from '../../../../src/attacks/membership/recipe-job.js'
import { pairedHalves, referenceSettings, trainReferenceModels } from '../../../../src/attacks/membership/reference-models.js'
import { trainRecipeModels } from '../../../../src/attacks/membership/train-recipes.js'
import type { DenseDataset } from '../../../../src/data/dataset.js'
import { takeRows, type Matrix } from '../../../../src/data/matrix.js'
import { createRng } from '../../../../src/data/rng.js'
import { exitCodeOf } from '../../../../src/errors.js'
import { initBackend } from '../../../../src/runtime/backend.js'
import { tf } from '../../../../src/runtime/tf.js'
import { train as centroid } from '../../../fixtures/recipes/centroid.js'
import { blobProblem, blobs, blobTarget, CLASSES } from './synthetic.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/recipes/${name}`, import.meta.url))

/** `n` seeded 8×8 records of 3 classes (for the CNN recipe). */
function images(n: number, seed: number): DenseDataset {
  const rng = createRng(seed)
  const y = Int32Array.from({ length: n }, (_, r) => r % 3)
  const x = new Float32Array(n * 64)
  for (let r = 0; r < n; r++) for (let j = 0; j < 64; j++) x[r * 64 + j] = rng.next() * 0.5 + (j % 3 === y[r] ? 0.5 : 0)
  return { x: { data: x, rows: n, cols: 64 }, y }
}

/** The jobs `trainReferenceModels` makes for a module recipe: halves, then one seed per model. */
function jobsFor(module: string, pool: DenseDataset, k: number, predict: Matrix[]): RecipeJob[] {
  const rng = createRng(5)
  return pairedHalves(pool.y.length, k, rng).map((idx, model) => ({
    module, label: 'recipe under test', identity: recipeIdentity(module), model, models: k, seed: rng.seed(), classes: CLASSES,
    x: takeRows(pool.x, idx), y: Int32Array.from(idx, (r) => pool.y[r]), recordShape: undefined, predict,
  }))
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(Error)
  return error as Error
}

describe('trainReferenceModels with a recipe', () => {
  it('gives a recipe function the MLP\'s halves and seeds, the pool\'s record shape, and reads each model\'s answers', async () => {
    await initBackend()
    const pool = Object.assign(blobs(40, 2), { recordShape: [2, 3] })
    const probe = blobs(5, 3).x
    const calls: { seed: number; rows: number; features?: number; shape?: number[]; first: number; classes: number }[] = []
    const recipe: ReferenceRecipe = async (dataset, context) => {
      calls.push({
        seed: context.seed, rows: dataset.y.length, features: dataset.features, shape: (dataset as { recordShape?: number[] }).recordShape,
        first: (dataset.x as Float32Array)[0], classes: context.classes,
      })
      return centroid(dataset, context)
    }
    const { halves, predictions } = await trainReferenceModels(pool, CLASSES, referenceSettings({ k: 3, recipe }, 3), createRng(5), [probe, pool.x])

    const rng = createRng(5)
    expect(halves).toEqual(pairedHalves(40, 3, rng))
    const seeds = [rng.seed(), rng.seed(), rng.seed()]
    expect(calls.map((c) => c.seed)).toEqual(seeds)
    expect(calls.map((c) => c.rows)).toEqual([20, 20, 20])
    expect(calls.map((c) => c.first)).toEqual(halves.map((h) => pool.x.data[h[0] * 6]))
    expect(calls.every((c) => c.features === 6 && c.classes === CLASSES && c.shape?.join() === '2,3')).toBe(true)
    expect(predictions.map((p) => p.map((m) => [m.rows, m.cols]))).toEqual([[[5, 3], [40, 3]], [[5, 3], [40, 3]], [[5, 3], [40, 3]]])
    // Models of different seeds and halves answer differently.
    expect(predictions[0][0].data).not.toEqual(predictions[1][0].data)
  })

  it('the module form answers as the same function in this thread does', async () => {
    await initBackend()
    const pool = blobs(40, 2)
    const probe = blobs(5, 3).x
    const asModule = await trainReferenceModels(pool, CLASSES, referenceSettings({ k: 2, recipe: fixture('centroid.ts'), workers: 1 }, 2), createRng(5), [probe])
    const asFunction = await trainReferenceModels(pool, CLASSES, referenceSettings({ k: 2, recipe: centroid }, 2), createRng(5), [probe])
    for (let j = 0; j < 2; j++) expect(asModule.predictions[j][0].data).toEqual(asFunction.predictions[j][0].data)
  })

  it('refuses engine options beside a recipe (DP-SGD settings go to it as context.dp), and a recipe that is neither a path nor a function', async () => {
    const pool = blobs(40, 2)
    await expect(trainReferenceModels(pool, CLASSES, referenceSettings({ k: 2, recipe: centroid }, 2), createRng(5), [pool.x], { engine: 'js' }))
      .rejects.toThrow('referenceTraining.engine: not used with settings.recipe, which trains the reference models itself; train them that way inside the recipe')
    expect(() => referenceSettings({ recipe: 42 as never }, 2))
      .toThrow('settings.recipe: expected a module path or a function (dataset, { seed, classes, signal }) => Promise<model>, found number 42')
  })
})

describe('a recipe module in worker threads', () => {
  it('trains a tfjs CNN in a worker with answers bit-identical to this thread\'s, model 0 twice with checkDeterminism', async () => {
    await initBackend()
    const backend = tf.getBackend()
    const pool = images(60, 1)
    const probe = images(6, 2).x
    const jobs = jobsFor(fixture('cnn.ts'), pool, 2, [probe])
    const serial = await trainRecipeModels(jobs, undefined, { workers: 1 })
    // The recipe trains on cpu; the audit's backend is back afterwards.
    expect(tf.getBackend()).toBe(backend)
    // One worker and not this thread: every model trains there (one thread to start keeps it quick).
    const threads = await trainRecipeModels(jobs, undefined, { workers: 1, callingThread: false, checkDeterminism: true })
    expect(threads).toHaveLength(2)
    for (let j = 0; j < 2; j++) expect(threads[j][0].data).toEqual(serial[j][0].data)
    expect(serial[0][0].data).not.toEqual(serial[1][0].data)
  })

  it('a recipe that throws in a worker: a RecipeError (exit code 2) naming the module, the model and the original error', async () => {
    const pool = blobs(40, 2)
    const jobs = jobsFor(fixture('bad/throws.ts'), pool, 2, [pool.x]).map((j) => ({ ...j, label: 'recipe bad/throws.ts' }))
    const error = await refusal(trainRecipeModels(jobs, undefined, { workers: 1, callingThread: false }))
    expect(error).toBeInstanceOf(RecipeError)
    expect(exitCodeOf(error)).toBe(2)
    expect(error.message).toMatch(/^recipe bad\/throws\.ts: reference model [01] of 2 \(seed \d+\): the recipe threw: Error: disk full while saving checkpoint (even|odd)$/)
  })
})

describe('recipes that misbehave', () => {
  const pool = blobs(40, 2)
  const settings = (recipe: string, extra = {}) => referenceSettings({ k: 2, recipe: fixture(recipe), workers: 1, ...extra }, 2)
  const train = (recipe: string, extra = {}) => refusal(trainReferenceModels(pool, CLASSES, settings(recipe, extra), createRng(5), [pool.x]))
  const seed0 = (() => { const rng = createRng(5); pairedHalves(40, 2, rng); return rng.seed() })()

  it('names the module (relative to the working directory), the model, its seed and the original error', async () => {
    const error = await train('bad/throws.ts')
    expect(error).toBeInstanceOf(RecipeError)
    expect(exitCodeOf(error)).toBe(2)
    expect(error.message).toBe(`recipe test/fixtures/recipes/bad/throws.ts: reference model 0 of 2 (seed ${seed0}): the recipe threw: Error: disk full while saving checkpoint ${seed0 % 2 === 0 ? 'even' : 'odd'}`)
    expect((error.cause as Error).message).toMatch(/^disk full/)
  })

  it('refuses a model with the wrong number of classes, and an answer that is not a model', async () => {
    const classes = await train('bad/wrong-classes.ts')
    expect(exitCodeOf(classes)).toBe(2)
    expect(classes.message).toBe(
      `recipe test/fixtures/recipes/bad/wrong-classes.ts: reference model 0 of 2 (seed ${seed0}): its model answers 4 classes, expected 3 ` +
        '(the classes of the audited data; the recipe is told them as context.classes)',
    )
    const notModel = await train('bad/not-a-model.ts')
    expect(exitCodeOf(notModel)).toBe(2)
    expect(notModel.message).toBe(
      `recipe test/fixtures/recipes/bad/not-a-model.ts: reference model 0 of 2 (seed ${seed0}): the recipe resolved to an object with keys [history], which is not a model; ` +
        'expected a tfjs model, a predict function or a Target',
    )
  })

  it('checkDeterminism catches a recipe that ignores its seed; without it the run goes through', async () => {
    const error = await train('bad/random.ts', { checkDeterminism: true })
    expect(error).toBeInstanceOf(RecipeError)
    expect(error.message).toMatch(new RegExp(
      `^recipe test/fixtures/recipes/bad/random\\.ts: not deterministic for one seed: reference model 0 \\(seed ${seed0}\\) trained twice answers differently ` +
        '\\(from row \\d+ of the first matrix it answered; \\d+ of 120 probabilities differ, by up to [\\d.e-]+\\)\\. Seed every random choice',
    ))
    await expect(trainReferenceModels(pool, CLASSES, settings('bad/random.ts'), createRng(5), [pool.x])).resolves.toBeDefined()
    // The check passes a deterministic recipe, and its extra model is not counted as progress.
    await expect(trainReferenceModels(pool, CLASSES, settings('centroid.ts', { checkDeterminism: true }), createRng(5), [pool.x])).resolves.toBeDefined()
    const progress: string[] = []
    const answers = await trainRecipeModels(jobsFor(fixture('centroid.ts'), pool, 2, [pool.x]), undefined, {
      workers: 1, checkDeterminism: true, onJobDone: (done, total) => progress.push(`${done}/${total}`),
    })
    expect(answers).toHaveLength(2)
    expect(progress).toEqual(['1/2', '2/2'])
  })

  it('names a module that exports no recipe, and one that does not exist', async () => {
    const none = await train('bad/no-export.ts')
    expect(exitCodeOf(none)).toBe(2)
    expect(none.message).toBe(
      'recipe test/fixtures/recipes/bad/no-export.ts: expected a function exported as "train" or as the default export, ' +
        '(dataset, { seed, classes, signal }) => Promise<model>; found exports [trainReference]',
    )
    const missing = await train('bad/absent.ts')
    expect(exitCodeOf(missing)).toBe(2)
    expect(missing.message).toMatch(/^recipe test\/fixtures\/recipes\/bad\/absent\.ts: no module file at \/.*absent\.ts/)
  })

  it('gives a cache a stable identity per module content', () => {
    expect(recipeIdentity(fixture('centroid.ts'))).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(recipeIdentity(fixture('centroid.ts'))).toBe(recipeIdentity(fixture('centroid.ts')))
    expect(recipeIdentity(fixture('cnn.ts'))).not.toBe(recipeIdentity(fixture('centroid.ts')))
  })
})

describe('auditMembership with a recipe', () => {
  it('LiRA scores against the recipe\'s models, not the MLP\'s', async () => {
    const problem = blobProblem
    const target = blobTarget(problem.members, 4)
    const api = (d: DenseDataset) => ({ x: d.x.data, y: d.y, features: d.x.cols })
    const options = { members: api(problem.members), nonMembers: api(problem.nonMembers), pool: api(problem.pool!), attack: 'lira' as const }
    let calls = 0
    const recipe: ReferenceRecipe = (dataset, context) => { calls++; return centroid(dataset, context) }
    const withRecipe = await auditMembership(target, { ...options, settings: { k: 4, recipe } })
    const again = await auditMembership(target, { ...options, settings: { k: 4, recipe: centroid } })
    expect(calls).toBe(4)
    expect(again.auc).toBe(withRecipe.auc)
    expect(withRecipe.auc).toBeGreaterThan(0.6)
  })
})
