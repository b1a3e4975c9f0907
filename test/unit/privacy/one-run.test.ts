import { describe, expect, it } from 'vitest'
import { oneRunEpsilon, oneRunPValue } from '../../../src/privacy/one-run.js'
import { binomialTailAtLeast } from '../../../src/privacy/incomplete-beta.js'
import { reference } from './reference.js'

describe('oneRunEpsilon (Steinke, Nasr & Jagielski 2023, Theorem 3.1)', () => {
  for (const c of reference.oneRun) {
    it(`equals jax_privacy's _epsilon_one_run for m = ${c.canaries}, r = ${c.guesses}, v = ${c.correct}, δ = ${c.delta}`, () => {
      // The reference solves to xtol 1e-6 (Brent), this bisection to 1e-9.
      expect(Math.abs(oneRunEpsilon(c) - c.epsilon)).toBeLessThanOrEqual(2e-6)
    })
  }

  it('is the ε where the theorem\'s tail bound crosses the significance', () => {
    const c = { canaries: 1000, guesses: 100, correct: 90, delta: 1e-5, confidence: 0.95 }
    const eps = oneRunEpsilon(c)
    expect(oneRunPValue(1000, 100, 90, eps, 1e-5)).toBeLessThanOrEqual(0.05)
    expect(oneRunPValue(1000, 100, 90, eps + 1e-6, 1e-5)).toBeGreaterThan(0.05)
  })

  it('with δ = 0 is the plain binomial tail: P[Bin(r, e^ε/(1+e^ε)) ≥ v]', () => {
    const eps = 1.3
    const p = Math.exp(eps) / (1 + Math.exp(eps))
    let tail = 0
    for (let k = 40; k <= 50; k++) {
      let logC = 0
      for (let i = 1; i <= k; i++) logC += Math.log((50 - k + i) / i)
      tail += Math.exp(logC + k * Math.log(p) + (50 - k) * Math.log1p(-p))
    }
    expect(binomialTailAtLeast(40, 50, p)).toBeCloseTo(tail, 13)
    expect(oneRunPValue(200, 50, 40, eps, 0)).toBeCloseTo(tail, 13)
  })

  it('is 0 for guesses no better than chance, and grows with correct guesses', () => {
    const base = { canaries: 1000, guesses: 200, delta: 1e-5, confidence: 0.95 }
    expect(oneRunEpsilon({ ...base, correct: 100 })).toBe(0)
    expect(oneRunEpsilon({ ...base, correct: 160 })).toBeLessThan(oneRunEpsilon({ ...base, correct: 180 }))
  })

  it('names the option for bad counts', () => {
    const ok = { canaries: 100, guesses: 20, correct: 15, delta: 1e-5, confidence: 0.95 }
    expect(() => oneRunEpsilon({ ...ok, guesses: 101 })).toThrow(/guesses: expected an integer in \[1, canaries = 100\], found 101/)
    expect(() => oneRunEpsilon({ ...ok, correct: 21 })).toThrow(/correct: expected an integer in \[0, guesses = 20\]/)
    expect(() => oneRunEpsilon({ ...ok, confidence: 1 })).toThrow(/confidence: expected a number strictly between 0 and 1/)
  })
})
