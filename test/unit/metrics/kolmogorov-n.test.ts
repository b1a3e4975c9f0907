import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kolmogorovSf, smirnovSf } from '../../../src/metrics/kolmogorov-n.js'

// Made by make-scipy-kstwo-values.py (scipy.stats.kstwo.sf over a grid reaching every method region).
const values = JSON.parse(readFileSync(new URL('./scipy-kstwo-values.json', import.meta.url), 'utf8')) as {
  generator: { scipy: string }
  kstwo: Array<{ n: number; d: number; sf: number }>
}

describe('kolmogorovSf', () => {
  it(`matches scipy ${values.generator.scipy} kstwo.sf to 1e-9 at all ${values.kstwo.length} grid points`, () => {
    const misses = values.kstwo
      .map(({ n, d, sf }) => ({ n, d, sf, ours: kolmogorovSf(n, d) }))
      .filter(({ sf, ours }) => !(Math.abs(ours - sf) <= 1e-9))
    expect(misses).toEqual([])
  })

  it('gives the issue\'s p-value: D = 0.018155 at n = round(12000·10500/22500) = 5600 is 0.04926, not the limit\'s 0.04987', () => {
    const ref = values.kstwo.find((v) => v.n === 5600 && v.d === 0.018155)!
    expect(ref.sf).toBeCloseTo(0.04926, 5)
    expect(kolmogorovSf(5600, 0.018155)).toBeCloseTo(ref.sf, 12)
  })

  it('is 1 at d ≤ 0 and 0 at d ≥ 1; refuses a bad n or NaN', () => {
    expect(kolmogorovSf(10, 0)).toBe(1)
    expect(kolmogorovSf(10, 1)).toBe(0)
    expect(() => kolmogorovSf(2.5, 0.1)).toThrow('kolmogorovSf: n: expected a positive integer, found 2.5')
    expect(() => kolmogorovSf(10, NaN)).toThrow('kolmogorovSf: d: expected a number, found NaN')
  })
})

describe('smirnovSf', () => {
  it('is the one-sided tail: for n = 1, P(D⁺ ≥ e) = 1 − e', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15)
  })
})
