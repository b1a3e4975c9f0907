import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { RecipeError, type RecipeContext, type ReferenceRecipe } from '../../../../src/attacks/membership/recipe.js'
import type { DenseDataset } from '../../../../src/data/dataset.js'
import type { DpOptions } from '../../../../src/privacy/dp-options.js'
import { train as centroid } from '../../../fixtures/recipes/centroid.js'
import { train as dpAware } from '../../../fixtures/recipes/dp-aware.js'
import { blobTarget, smallProblem } from './synthetic.js'

// The reference cache serves a module recipe's models as it serves the MLP's (docs/reference-cache.md):
// keyed by the module's content, never its path; a recipe function and the determinism check's
// repeat always train.

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/recipes/${name}`, import.meta.url))
const api = (d: DenseDataset) => ({ x: d.x.data, y: d.y, features: d.x.cols })
const dirs: string[] = []
const freshDir = () => { const d = mkdtempSync(join(tmpdir(), 'pg-recipe-cache-')); dirs.push(d); return d }
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

const target = blobTarget(smallProblem.members, 3)
const data = { members: api(smallProblem.members), nonMembers: api(smallProblem.nonMembers), pool: api(smallProblem.pool!) }
const K = 3
type Extra = { checkDeterminism?: boolean; dp?: DpOptions }
const audit = (recipe: string | ReferenceRecipe, cache: string | false, extra: Extra = {}) =>
  auditMembership(target, {
    ...data, attack: 'lira', seed: 7, cache,
    settings: { k: K, workers: 1, recipe, ...(extra.checkDeterminism ? { checkDeterminism: true } : {}) },
    ...(extra.dp ? { referenceTraining: { dp: extra.dp } } : {}),
  })
const entries = (dir: string) => readdirSync(join(dir, 'entries')).length
const measured = ({ referenceModels: _, ...rest }: Awaited<ReturnType<typeof audit>>) => rest

describe('a module recipe and the reference cache', () => {
  it('a second audit reads every model from the cache and measures exactly what the first did', async () => {
    const dir = freshDir()
    const first = await audit(fixture('centroid.ts'), dir)
    const second = await audit(fixture('centroid.ts'), dir)
    expect(first.referenceModels).toEqual({ trained: K, cached: 0 })
    expect(second.referenceModels).toEqual({ trained: 0, cached: K })
    expect(entries(dir)).toBe(K)
    expect(measured(second)).toEqual(measured(first))
    expect(measured(second)).toEqual(measured(await audit(fixture('centroid.ts'), false)))
  })

  it('a recipe function is never cached: it trains every model every time', async () => {
    const dir = freshDir()
    let calls = 0
    const recipe: ReferenceRecipe = (dataset, context) => { calls++; return centroid(dataset, context) }
    const first = await audit(recipe, dir)
    const second = await audit(recipe, dir)
    expect(calls).toBe(2 * K)
    expect([first.referenceModels, second.referenceModels]).toEqual([{ trained: K, cached: 0 }, { trained: K, cached: 0 }])
    expect(readdirSync(dir).includes('entries') ? entries(dir) : 0).toBe(0)
    // Same models as the module form, which the cache does hold.
    expect(measured(second)).toEqual(measured(await audit(fixture('centroid.ts'), false)))
  })

  it("checkDeterminism's repeat of model 0 trains even when model 0 is cached", async () => {
    const dir = freshDir()
    // An unseeded recipe fills the cache unchecked; with the check, the repeat trains and differs.
    await audit(fixture('bad/random.ts'), dir)
    const error = await audit(fixture('bad/random.ts'), dir, { checkDeterminism: true }).then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(RecipeError)
    expect((error as Error).message).toMatch(/not deterministic for one seed: reference model 0 .* trained twice answers differently/)
    // A deterministic recipe passes the check with every model from the cache; the repeat is the one model trained.
    await audit(fixture('centroid.ts'), dir)
    const checked = await audit(fixture('centroid.ts'), dir, { checkDeterminism: true })
    expect(checked.referenceModels).toEqual({ trained: 1, cached: K })
    expect(entries(dir)).toBe(2 * K)
  })
})

describe('referenceTraining.dp with a recipe', () => {
  const dp: DpOptions = { noiseMultiplier: 1.5, clipNorm: 1 }

  it('is handed to the recipe as context.dp, as given, for every model (absent without it)', async () => {
    const seen: (DpOptions | undefined)[] = []
    const recipe: ReferenceRecipe = (dataset, context: RecipeContext) => { seen.push(context.dp); return dpAware(dataset, context) }
    await audit(recipe, false, { dp })
    expect(seen).toEqual([dp, dp, dp])
    seen.length = 0
    await audit(recipe, false)
    expect(seen).toEqual([undefined, undefined, undefined])
  })

  it('is part of a module recipe\'s cache key: other DP settings train again, the same ones are read', async () => {
    const dir = freshDir()
    const plain = await audit(fixture('dp-aware.ts'), dir)
    const withDp = await audit(fixture('dp-aware.ts'), dir, { dp })
    const again = await audit(fixture('dp-aware.ts'), dir, { dp })
    const other = await audit(fixture('dp-aware.ts'), dir, { dp: { ...dp, noiseMultiplier: 3 } })
    expect([plain, withDp, again, other].map((r) => r.referenceModels)).toEqual([
      { trained: K, cached: 0 }, { trained: K, cached: 0 }, { trained: 0, cached: K }, { trained: K, cached: 0 },
    ])
    expect(measured(again)).toEqual(measured(withDp))
    // The recipe did train differently under DP: noisier references change the LiRA scores.
    expect(withDp.auc).not.toBe(plain.auc)
    expect(entries(dir)).toBe(3 * K)
  })

  it('the engine is still refused beside a recipe', async () => {
    await expect(auditMembership(target, { ...data, attack: 'lira', cache: false, settings: { k: K, workers: 1, recipe: centroid }, referenceTraining: { engine: 'js' } }))
      .rejects.toThrow('referenceTraining.engine: not used with settings.recipe')
  })
})
