import { describe, expect, it } from 'vitest'
import type { ReferenceRecipe } from '../../../src/attacks/membership/recipe.js'
import type { DenseDataset } from '../../../src/data/dataset.js'
import { GATES } from '../../../src/gates/gates.js'
import type { AuditSource } from '../../../src/gates/source.js'
import { train as centroid } from '../../fixtures/recipes/centroid.js'
import { blobProblem, blobTarget } from '../attacks/membership/synthetic.js'

const api = (d: DenseDataset) => ({ x: d.x.data, y: d.y, features: d.x.cols })

describe('membership gates of one source with recipe functions', () => {
  it('share an audit only when the recipe is the same function (JSON would drop it from the key)', async () => {
    const p = blobProblem
    const source: AuditSource = {
      target: blobTarget(p.members, 4), members: api(p.members), nonMembers: api(p.nonMembers), pool: api(p.pool!), seed: 0, cache: new Map(),
    }
    const calls = { a: 0, b: 0 }
    const a: ReferenceRecipe = (d, c) => { calls.a++; return centroid(d, c) }
    const b: ReferenceRecipe = (d, c) => { calls.b++; return centroid(d, c) }
    const measure = (recipe?: ReferenceRecipe) => GATES.membershipAuc.measure(source, { attack: 'lira', settings: { k: 2, ...(recipe ? { recipe } : {}) } })
    await measure(a)
    await measure(b)
    await measure(a)
    expect(calls).toEqual({ a: 2, b: 2 })
    expect(source.cache!.size).toBe(2)
    await measure()
    expect(source.cache!.size).toBe(3)
  })
})
