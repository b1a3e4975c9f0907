import { describe, expect, it } from 'vitest'
import { clopperPearsonEpsilon } from '../../../src/privacy/clopper-pearson.js'
import { clopperPearsonUpper } from '../../../src/privacy/incomplete-beta.js'
import { reference } from './reference.js'

describe('clopperPearsonUpper', () => {
  for (const c of reference.clopperPearsonUpper) {
    it(`equals jax_privacy's _clopper_pearson_upper(${c.k}, ${c.n}, ${c.significance}) to 1e-9 relative`, () => {
      expect(Math.abs(clopperPearsonUpper(c.k, c.n, c.significance) - c.upper) / c.upper).toBeLessThanOrEqual(1e-9)
    })
  }

  it('is 1 − s^(1/n) after no successes (closed form)', () => {
    expect(clopperPearsonUpper(0, 50, 0.025)).toBeCloseTo(1 - 0.025 ** (1 / 50), 13)
  })
})

describe('clopperPearsonEpsilon', () => {
  it('is max(log((1−δ−FPR⁺)/FNR⁺), log((1−δ−FNR⁺)/FPR⁺), 0) with both limits at α/2', () => {
    const c = { tp: 900, fn: 100, fp: 100, tn: 900, alpha: 0.05, delta: 1e-5 }
    const fpr = clopperPearsonUpper(100, 1000, 0.025), fnr = clopperPearsonUpper(100, 1000, 0.025)
    expect(clopperPearsonEpsilon(c)).toBeCloseTo(Math.log((1 - 1e-5 - fpr) / fnr), 12)
    // Asymmetric counts: the larger of the two directions.
    const d = { tp: 500, fn: 500, fp: 10, tn: 990, alpha: 0.05, delta: 0 }
    const fpr2 = clopperPearsonUpper(10, 1000, 0.025), fnr2 = clopperPearsonUpper(500, 1000, 0.025)
    expect(clopperPearsonEpsilon(d)).toBeCloseTo(Math.max(Math.log((1 - fpr2) / fnr2), Math.log((1 - fnr2) / fpr2)), 12)
  })

  it('is 0 for an attack at chance, and below the point estimate log(TPR/FPR)', () => {
    expect(clopperPearsonEpsilon({ tp: 50, fn: 50, fp: 50, tn: 50, alpha: 0.05, delta: 0 })).toBe(0)
    expect(clopperPearsonEpsilon({ tp: 900, fn: 100, fp: 100, tn: 900, alpha: 0.05, delta: 0 })).toBeLessThan(Math.log(9))
  })

  it('names the option for bad counts', () => {
    expect(() => clopperPearsonEpsilon({ tp: -1, fn: 0, fp: 1, tn: 1, alpha: 0.05, delta: 0 })).toThrow(/tp: expected a non-negative integer count, found -1/)
    expect(() => clopperPearsonEpsilon({ tp: 0, fn: 0, fp: 1, tn: 1, alpha: 0.05, delta: 0 })).toThrow(/found 0 members and 2 non-members/)
    expect(() => clopperPearsonEpsilon({ tp: 1, fn: 1, fp: 1, tn: 1, alpha: 0, delta: 0 })).toThrow(/alpha: expected a number strictly between 0 and 1/)
  })
})
