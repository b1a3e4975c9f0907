import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { mcnemarExactTest } from '../../../src/metrics/mcnemar.js'

/** Outcome sequences with `both` records 1 on both sides, `baseOnly`, `headOnly`, and `neither`, in a seeded order. */
function outcomes(both: number, baseOnly: number, headOnly: number, neither: number, seed = 1): { base: number[]; head: number[] } {
  const pairs: Array<[number, number]> = [
    ...Array<[number, number]>(both).fill([1, 1]), ...Array<[number, number]>(baseOnly).fill([1, 0]),
    ...Array<[number, number]>(headOnly).fill([0, 1]), ...Array<[number, number]>(neither).fill([0, 0]),
  ]
  const rng = createRng(seed)
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[pairs[i], pairs[j]] = [pairs[j], pairs[i]]
  }
  return { base: pairs.map((p) => p[0]), head: pairs.map((p) => p[1]) }
}

/**
 * The reference: the two-sided exact McNemar p-value in exact integer arithmetic,
 * 2·Σ_{k ≤ min(b, c)} C(b + c, k) / 2^(b + c), capped at 1 (McNemar 1947; the binomial form as in
 * scipy.stats.binomtest(min(b, c), b + c, 0.5)), converted to a float only at the end.
 */
function referenceP(b: number, c: number): number {
  const trials = b + c
  if (trials === 0) return 1
  let term = 1n, sum = 1n
  for (let k = 0; k < Math.min(b, c); k++) {
    term = (term * BigInt(trials - k)) / BigInt(k + 1)
    sum += term
  }
  const numerator = 2n * sum
  if (numerator >= 1n << BigInt(trials)) return 1
  // numerator / 2^trials without overflowing a double: keep its top 60 bits.
  const shift = Math.max(0, numerator.toString(2).length - 60)
  return Number(numerator >> BigInt(shift)) * 2 ** (shift - trials)
}

describe('mcnemarExactTest', () => {
  it('equals the exact binomial p-value computed with integers to 1e-9 (relative), from 0 to 1,500 discordant records', () => {
    const cases: Array<[number, number, number, number]> = [
      [50, 0, 0, 50], [10, 1, 0, 3], [40, 3, 9, 8], [100, 12, 12, 20], [300, 30, 45, 125], [0, 0, 7, 0],
      [450, 20, 41, 89], [2000, 700, 800, 500], [100, 0, 60, 40],
    ]
    for (const [both, b, c, neither] of cases) {
      const { base, head } = outcomes(both, b, c, neither)
      const t = mcnemarExactTest(base, head)
      const n = both + b + c + neither
      expect(t).toMatchObject({ n, baseOnly: b, headOnly: c, base: (both + b) / n, head: (both + c) / n })
      expect(t.difference).toBeCloseTo((c - b) / n, 15)
      const expected = referenceP(b, c)
      expect(Math.abs(t.p - expected), `b ${b}, c ${c}: ${t.p} vs ${expected}`).toBeLessThanOrEqual(1e-9 * expected)
      // the paired standard error: the sample deviation (divisor n) of the ±1/0 differences over √n
      const mean = (c - b) / n
      const d = base.map((x, i) => head[i] - x)
      expect(t.standardError).toBeCloseTo(Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / n / n), 12)
    }
  })

  it('gives p = 1 and z = 0 with no discordant record, and a z signed as the difference', () => {
    expect(mcnemarExactTest([1, 0, 1], [1, 0, 1])).toMatchObject({ p: 1, z: 0, difference: 0, standardError: 0 })
    const worse = outcomes(80, 20, 2, 10)
    expect(mcnemarExactTest(worse.base, worse.head).z).toBeLessThan(-3)
    expect(mcnemarExactTest(worse.head, worse.base).z).toBeGreaterThan(3)
  })

  it('depends only on the discordant counts: the order of records and the concordant ones do not matter', () => {
    const a = outcomes(60, 9, 17, 14, 1), b = outcomes(60, 9, 17, 14, 2), c = outcomes(5, 9, 17, 300, 3)
    const p = mcnemarExactTest(a.base, a.head).p
    expect(mcnemarExactTest(b.base, b.head).p).toBe(p)
    expect(mcnemarExactTest(c.base, c.head).p).toBe(p)
  })

  it('answers what a seeded paired bootstrap over the same records answers (p within 0.04)', () => {
    // The bootstrap resamples records with replacement and asks how often the mean difference falls
    // on the other side of 0 (two-sided): the same question, answered approximately.
    for (const [both, b, c, neither] of [[150, 20, 34, 46], [200, 10, 10, 30], [120, 25, 45, 10], [300, 5, 16, 79]] as const) {
      const { base, head } = outcomes(both, b, c, neither, 4)
      const n = base.length
      const rng = createRng(11)
      const resamples = 4000
      let below = 0, above = 0
      for (let r = 0; r < resamples; r++) {
        let sum = 0
        for (let i = 0; i < n; i++) {
          const k = rng.int(n)
          sum += head[k] - base[k]
        }
        if (sum <= 0) below++
        if (sum >= 0) above++
      }
      const bootstrapP = Math.min(1, (2 * Math.min(below, above)) / resamples)
      const exact = mcnemarExactTest(base, head).p
      expect(Math.abs(bootstrapP - exact), `b ${b}, c ${c}: bootstrap ${bootstrapP}, exact ${exact}`).toBeLessThanOrEqual(0.04)
    }
  })

  it('rejects at most about 5% of the time at α = 0.05 under the null (1,000 seeded pairs of equally accurate models)', () => {
    const rng = createRng(2026)
    const pairs = 1000, n = 200
    let rejected = 0
    for (let k = 0; k < pairs; k++) {
      // Correlated through each record's difficulty, equally accurate on average.
      const base: number[] = [], head: number[] = []
      for (let i = 0; i < n; i++) {
        const easy = 0.4 + 0.6 * rng.next()
        base.push(rng.next() < easy ? 1 : 0)
        head.push(rng.next() < easy ? 1 : 0)
      }
      if (mcnemarExactTest(base, head).p < 0.05) rejected++
    }
    // Observed: 31. The exact test is conservative (a discrete statistic: its size is at most α, about
    // 3.5% with the ~70 discordant records here); Binomial(1000, 0.05) has a deviation of 6.9.
    expect(rejected).toBeGreaterThanOrEqual(20)
    expect(rejected).toBeLessThanOrEqual(65)
  })

  it('rejects bad outcomes, naming where', () => {
    expect(() => mcnemarExactTest([1, 0], [1])).toThrow(/base has 2 outcomes, head 1/)
    expect(() => mcnemarExactTest([], [])).toThrow(/no outcomes/)
    expect(() => mcnemarExactTest([1, 2], [1, 0])).toThrow(/base\[1\] is 2, expected 0 or 1/)
    expect(() => mcnemarExactTest([1, 0], [1, 0.5])).toThrow(/head\[1\] is 0.5/)
  })
})
