import { describe, expect, it } from 'vitest'
import { normalCdf, normalQuantile } from '../../../src/metrics/normal.js'
import { referenceValues } from './fixtures.js'

const { normal } = referenceValues()

describe('normalCdf', () => {
  for (const { x, p } of normal.cdf) {
    it(`matches scipy.stats.norm.cdf(${x}) to 1e-13 relative`, () => {
      expect(Math.abs(normalCdf(x) - p)).toBeLessThanOrEqual(1e-13 * p)
    })
  }

  it('is 0.5 at 0, symmetric, and saturates at ±Infinity', () => {
    expect(normalCdf(0)).toBe(0.5)
    for (const x of [0.1, 0.7, 1.5, 3.2, 6]) expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThanOrEqual(2e-16)
    expect([normalCdf(-Infinity), normalCdf(Infinity)]).toEqual([0, 1])
  })

  it('refuses NaN', () => {
    expect(() => normalCdf(NaN)).toThrow(new RangeError('x: expected a number, found NaN'))
  })
})

describe('normalQuantile', () => {
  for (const { p, x } of normal.quantile) {
    it(`matches scipy.stats.norm.ppf(${p}) to 1e-12 relative`, () => {
      expect(Math.abs(normalQuantile(p) - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)))
    })
  }

  it('inverts normalCdf across the range', () => {
    for (let k = 1; k < 200; k++) {
      const p = k / 200
      expect(Math.abs(normalCdf(normalQuantile(p)) - p), `p = ${p}`).toBeLessThanOrEqual(1e-15)
    }
  })

  it('is 0 at one half and infinite at 0 and 1', () => {
    expect(normalQuantile(0.5)).toBe(0)
    expect([normalQuantile(0), normalQuantile(1)]).toEqual([-Infinity, Infinity])
  })

  it('refuses values that are not probabilities', () => {
    for (const p of [-0.1, 1.0000001, NaN]) {
      expect(() => normalQuantile(p)).toThrow(new RangeError(`p: expected a probability in [0, 1], found ${p}`))
    }
  })
})
