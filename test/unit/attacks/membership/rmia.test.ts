import { describe, expect, it } from 'vitest'
import { rmiaAttack } from '../../../../src/attacks/membership/rmia.js'
import { offlineMarginal, rmiaScores } from '../../../../src/attacks/membership/rmia-scores.js'
import { createRng } from '../../../../src/data/rng.js'
import { auc } from '../../../../src/metrics/auc.js'
import { blobProblem, blobTarget, context, SMALL } from './synthetic.js'

/** The pairwise test as the paper writes it, O(n·|Z|). */
function bruteForce(x: Float64Array, z: Float64Array, gamma: number): Float64Array {
  return x.map((rx) => z.filter((rz) => rx / rz > gamma).length / z.length)
}

describe('rmiaScores', () => {
  it('equals the O(n·|Z|) pairwise count, with ties and γ ≠ 1', () => {
    const rng = createRng(3)
    // Values on a coarse grid, so that many ratios tie exactly (and x/γ lands on z values).
    const draw = (n: number) => Float64Array.from({ length: n }, () => 0.25 * (1 + rng.int(12)))
    const x = draw(200), z = draw(150)
    for (const gamma of [1, 2, 0.5, 1.3]) expect(Array.from(rmiaScores(x, z, gamma))).toEqual(Array.from(bruteForce(x, z, gamma)))
  })

  it('scores are shares of the population in [0, 1]', () => {
    const s = rmiaScores(new Float64Array([0.1, 1, 10]), new Float64Array([0.5, 1, 2, 4]), 1)
    expect(Array.from(s)).toEqual([0, 0.25, 1])
  })
})

describe('offlineMarginal', () => {
  it('is ½((1 + a)·mean + (1 − a))', () => {
    expect(offlineMarginal(0.6, 0.3)).toBeCloseTo(0.5 * (1.3 * 0.6 + 0.7), 15)
    expect(offlineMarginal(0.6, 1)).toBeCloseTo(0.6, 15)
    expect(offlineMarginal(0.6, 0)).toBeCloseTo(0.8, 15)
  })
})

describe('rmiaAttack', () => {
  const settings = { ...SMALL, k: 2 }

  it('separates members of a memorising target and is ≈ 0.5 where the target does not distinguish', async () => {
    const leaky = await rmiaAttack.score(await context(blobTarget(blobProblem.members, 3), blobProblem, settings))
    expect(auc(leaky.members, leaky.nonMembers)).toBeGreaterThan(0.62)
    const fair = await rmiaAttack.score(await context(blobTarget(blobProblem.members, 1), blobProblem, settings))
    expect(Math.abs(auc(fair.members, fair.nonMembers) - 0.5)).toBeLessThan(0.06)
    for (const s of [...fair.members, ...fair.nonMembers]) {
      expect(s).toBeGreaterThanOrEqual(0)
      expect(s).toBeLessThanOrEqual(1)
    }
  })

  it('queries the target for the population (the whole pool), through the counted interface', async () => {
    const target = blobTarget(blobProblem.members, 3)
    const ctx = await context(target, blobProblem, settings)
    const before = target.queryCount
    await rmiaAttack.score(ctx)
    expect(target.queryCount - before).toBe(600)
  })

  it('same seed ⇒ the same scores, with 1 or 2 workers; another seed ⇒ other scores; k = 1 works', async () => {
    const target = blobTarget(blobProblem.members, 3)
    const a = await rmiaAttack.score(await context(target, blobProblem, settings, 2))
    const b = await rmiaAttack.score(await context(target, blobProblem, { ...settings, workers: 2 }, 2))
    expect(b.members).toEqual(a.members)
    expect(b.nonMembers).toEqual(a.nonMembers)
    const c = await rmiaAttack.score(await context(target, blobProblem, settings, 3))
    expect(c.members).not.toEqual(a.members)
    const one = await rmiaAttack.score(await context(target, blobProblem, { ...settings, k: 1 }))
    expect(auc(one.members, one.nonMembers)).toBeGreaterThan(0.6)
  })

  it('γ changes only how finely scores are cut, a changes Pr(x)', async () => {
    const ctx = await context(blobTarget(blobProblem.members, 3), blobProblem, settings)
    const base = await rmiaAttack.score(ctx)
    const strict = await rmiaAttack.score({ ...ctx, settings: { ...settings, gamma: 2 } })
    // A stricter γ: each record beats fewer of the population.
    for (let i = 0; i < 300; i++) expect(strict.members[i]).toBeLessThanOrEqual(base.members[i])
    const other = await rmiaAttack.score({ ...ctx, settings: { ...settings, a: 1 } })
    expect(other.members).not.toEqual(base.members)
  })

  it('refuses bad settings, naming them', async () => {
    const ctx = await context(blobTarget(blobProblem.members, 3), blobProblem, settings)
    await expect(rmiaAttack.score({ ...ctx, settings: { a: 1.5 } })).rejects.toThrow('settings.a: expected a number in [0, 1] or "tune", found 1.5')
    await expect(rmiaAttack.score({ ...ctx, settings: { gamma: 0 } })).rejects.toThrow('settings.gamma: expected a number > 0, found 0')
    await expect(rmiaAttack.score({ ...ctx, settings: { k: -1 } })).rejects.toThrow('settings.k: expected an integer ≥ 1, found -1')
    await expect(rmiaAttack.score({ ...ctx, settings: { workers: 0 } })).rejects.toThrow('settings.workers: expected an integer ≥ 1, found 0')
    await expect(rmiaAttack.score({ ...ctx, pool: { x: { data: new Float32Array(6 * 12), rows: 12, cols: 6 }, y: new Int32Array(12) } }))
      .rejects.toThrow(/^pool: 12 records; rmia with k = 2 needs at least 30 /)
  })

  it('declares what it needs', () => {
    expect(rmiaAttack).toMatchObject({ id: 'rmia', needs: 'probabilities' })
  })
})
