import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { shapiroWilk } from '../../../src/metrics/shapiro-wilk.js'

// Made by make-scipy-tests-values.py (scipy.stats.shapiro; scipy runs AS R94 in single precision).
const values = JSON.parse(readFileSync(new URL('./scipy-tests-values.json', import.meta.url), 'utf8')) as {
  shapiro: Array<{ kind: string; x: number[]; w: number; p: number }>
}

describe('shapiroWilk', () => {
  for (const { kind, x, w, p } of values.shapiro) {
    it(`matches scipy.stats.shapiro on ${x.length} ${kind} values (W to 1e-5, p to 1e-3 relative)`, () => {
      const r = shapiroWilk(x)
      expect(r.n).toBe(x.length)
      expect(Math.abs(r.w - w)).toBeLessThan(1e-5)
      expect(Math.abs(r.pValue - p)).toBeLessThanOrEqual(1e-3 * p + 1e-6)
    })
  }

  it('does not depend on the order or a shift of the sample', () => {
    const x = values.shapiro[7].x
    const a = shapiroWilk(x)
    const b = shapiroWilk([...x].reverse().map((v) => v + 100))
    expect(b.w).toBeCloseTo(a.w, 10)
  })

  it('refuses fewer than 3 values, non-finite values and a zero range', () => {
    expect(() => shapiroWilk([1, 2])).toThrow('sample: Shapiro–Wilk needs at least 3 values, found 2')
    expect(() => shapiroWilk([1, NaN, 2])).toThrow('sample[1]: expected a finite number, found NaN')
    expect(() => shapiroWilk([4, 4, 4, 4])).toThrow(/all 4 values are equal \(4\)/)
  })
})
