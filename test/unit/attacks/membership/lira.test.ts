import { describe, expect, it } from 'vitest'
import { liraAttack, liraScores, logitConfidence, PHI_LIMIT } from '../../../../src/attacks/membership/lira.js'
import { auc } from '../../../../src/metrics/auc.js'
import { normalCdf } from '../../../../src/metrics/normal.js'
import { blobProblem, blobs, blobTarget, context, SMALL } from './synthetic.js'

describe('logitConfidence', () => {
  it('is log(p_y / (1 − p_y)), with 1 − p_y summed from the other classes', () => {
    const p = { data: new Float32Array([0.7, 0.2, 0.1, 0.25, 0.25, 0.5]), rows: 2, cols: 3 }
    const phi = logitConfidence(p, new Int32Array([0, 1]))
    expect(phi[0]).toBeCloseTo(Math.log(0.7 / 0.3), 6)
    expect(phi[1]).toBeCloseTo(Math.log(0.25 / 0.75), 6)
  })

  it('stays finite and ordered where p_y rounds to 1 in float32, and clamps ±∞ to ±PHI_LIMIT', () => {
    // Both rows have p_0 = 1 in float32; the other probabilities still tell them apart.
    const p = { data: new Float32Array([1, 1e-9, 1e-9, 1, 1e-12, 0, 0, 1, 0]), rows: 3, cols: 3 }
    const phi = logitConfidence(p, new Int32Array([0, 0, 0]))
    expect(phi[0]).toBeCloseTo(-Math.log(2e-9), 4)
    expect(phi[1]).toBeCloseTo(-Math.log(1e-12), 4)
    expect(phi[1]).toBeGreaterThan(phi[0])
    expect(phi[2]).toBe(-PHI_LIMIT)
    expect(logitConfidence({ data: new Float32Array([1, 0]), rows: 1, cols: 2 }, new Int32Array([0]))[0]).toBe(PHI_LIMIT)
  })
})

describe('liraScores', () => {
  const target = new Float64Array([3, 0])
  const out = [new Float64Array([1, 0]), new Float64Array([2, 1]), new Float64Array([3, 2])]

  it('per record: (φ − mean) / sample standard deviation of the OUT φ\'s', () => {
    // Record 0: μ 2, σ 1 → 1. Record 1: μ 1, σ 1 → −1.
    expect(Array.from(liraScores(target, out, false))).toEqual([1, -1])
  })

  it('fixed variance: the pooled within-record σ; with one model, the σ of all reference φ\'s', () => {
    const spread = [new Float64Array([1, 0]), new Float64Array([3, 4])] // within: (1−2)² + (3−2)² + (0−2)² + (4−2)² = 10 over 2 · 1
    const s = liraScores(new Float64Array([2, 2]), spread, true)
    expect(s[0]).toBeCloseTo(0, 12)
    expect(s[1]).toBeCloseTo(0, 12)
    expect(liraScores(new Float64Array([5, 5]), spread, true)[0]).toBeCloseTo(3 / Math.sqrt(5), 12)
    // k = 1: σ of [1, 3] (n − 1 denominator) = √2.
    expect(liraScores(new Float64Array([3, 3]), [new Float64Array([1, 3])], true)[0]).toBeCloseTo(2 / Math.SQRT2, 12)
    expect(() => liraScores(target, [out[0]], false)).toThrow('settings.fixedVariance: false needs k ≥ 2 reference models to estimate one variance per record, found k = 1')
  })

  it('ranks as the one-sided test Φ((φ − μ)/σ) does, without its saturation at 1', () => {
    const s = liraScores(new Float64Array([9, 12, 40]), [new Float64Array([0, 0, 0]), new Float64Array([1, 1, 1])], true)
    expect(s[0]).toBeLessThan(s[1])
    expect(s[1]).toBeLessThan(s[2])
    expect(normalCdf(s[1])).toBe(normalCdf(s[2])) // both 1 in double precision: Φ would tie them
  })

  it('keeps the score finite when all reference models agree', () => {
    const s = liraScores(new Float64Array([1, -1]), [new Float64Array([0, 0]), new Float64Array([0, 0])], false)
    expect(s[0]).toBeGreaterThan(1e5)
    expect(s[1]).toBeLessThan(-1e5)
  })
})

describe('liraAttack', () => {
  const settings = { ...SMALL, k: 4 }

  it('separates members of a memorising target (AUC well above 0.5) and is ≈ 0.5 where the target does not distinguish', async () => {
    const leaky = await liraAttack.score(await context(blobTarget(blobProblem.members, 3), blobProblem, settings))
    expect(auc(leaky.members, leaky.nonMembers)).toBeGreaterThan(0.7)
    const fair = await liraAttack.score(await context(blobTarget(blobProblem.members, 1), blobProblem, settings))
    expect(Math.abs(auc(fair.members, fair.nonMembers) - 0.5)).toBeLessThan(0.06)
    expect(fair.members).toHaveLength(300)
    expect(fair.nonMembers).toHaveLength(300)
  })

  it('same seed ⇒ the same scores, bit for bit, with 1 or 2 workers; another seed ⇒ other scores', async () => {
    const target = blobTarget(blobProblem.members, 3)
    const a = await liraAttack.score(await context(target, blobProblem, settings, 4))
    const b = await liraAttack.score(await context(target, blobProblem, { ...settings, workers: 2 }, 4))
    expect(b.members).toEqual(a.members)
    expect(b.nonMembers).toEqual(a.nonMembers)
    const c = await liraAttack.score(await context(target, blobProblem, settings, 5))
    expect(c.members).not.toEqual(a.members)
  })

  it('uses one variance for all records by default when k < 4, one per record from k = 4', async () => {
    const target = blobTarget(blobProblem.members, 3)
    const run = async (s: object) => (await liraAttack.score(await context(target, blobProblem, { ...SMALL, ...s }))).members
    expect(await run({ k: 3 })).toEqual(await run({ k: 3, fixedVariance: true }))
    expect(await run({ k: 3 })).not.toEqual(await run({ k: 3, fixedVariance: false }))
    expect(await run({ k: 4 })).toEqual(await run({ k: 4, fixedVariance: false }))
  })

  it('refuses bad settings and a pool that is too small, naming the setting', async () => {
    const target = blobTarget(blobProblem.members, 3)
    const ctx = await context(target, blobProblem, settings)
    await expect(liraAttack.score({ ...ctx, settings: { k: 0 } })).rejects.toThrow('settings.k: expected an integer ≥ 1, found 0')
    await expect(liraAttack.score({ ...ctx, settings: { workers: -2 } })).rejects.toThrow('settings.workers: expected an integer ≥ 1, found -2')
    await expect(liraAttack.score({ ...ctx, settings: { k: 1, fixedVariance: false } })).rejects.toThrow(
      'settings.fixedVariance: false needs k ≥ 2 reference models to estimate one variance per record, found k = 1',
    )
    await expect(liraAttack.score({ ...ctx, settings: { fixedVariance: 'yes' as never } })).rejects.toThrow('settings.fixedVariance: expected true or false, found a string ("yes")')
    await expect(liraAttack.score({ ...ctx, pool: blobs(20, 1) })).rejects.toThrow(
      'pool: 20 records; lira with k = 4 needs at least 30 (each of the 4 reference models trains on a random half of the pool, which should hold at least 5 records of each of the 3 classes: 2 × 5 × 3)',
    )
    await expect(liraAttack.score({ ...ctx, pool: undefined })).rejects.toThrow('attack "lira" trains reference models on the attacker\'s labelled records: pass pool')
  })

  it('declares what it needs', () => {
    expect(liraAttack).toMatchObject({ id: 'lira', needs: 'probabilities' })
  })
})
