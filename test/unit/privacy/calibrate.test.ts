import { describe, expect, it } from 'vitest'
import { calibrateNoiseMultiplier } from '../../../src/privacy/calibrate.js'
import { dpsgdEpsilon } from '../../../src/privacy/rdp.js'
import { reference } from './reference.js'

describe('calibrateNoiseMultiplier', () => {
  for (const c of reference.calibration) {
    it(`finds dp_accounting's σ for ε = ${c.targetEpsilon}, q = ${c.sampleRate.toPrecision(3)}, ${c.steps} steps (1e-5 relative), and meets the target`, () => {
      const sigma = calibrateNoiseMultiplier({ ...c, tolerance: 1e-8 })
      expect(Math.abs(sigma - c.noiseMultiplier) / c.noiseMultiplier).toBeLessThanOrEqual(1e-5)
      const spent = (s: number): number => dpsgdEpsilon({ noiseMultiplier: s, sampleRate: c.sampleRate, steps: c.steps, delta: c.delta }).epsilon
      expect(spent(sigma)).toBeLessThanOrEqual(c.targetEpsilon)
      // Smallest: a little less noise overspends.
      expect(spent(sigma - 1e-6)).toBeGreaterThan(c.targetEpsilon)
    })
  }

  it('names the option and the fix for an unreachable or bad target', () => {
    const ok = { targetEpsilon: 1, sampleRate: 0.01, steps: 100, delta: 1e-5 }
    expect(() => calibrateNoiseMultiplier({ ...ok, targetEpsilon: 0 })).toThrow(/targetEpsilon: expected a finite ε > 0, found 0/)
    expect(() => calibrateNoiseMultiplier({ ...ok, targetEpsilon: 1e-9 })).toThrow(/targetEpsilon: 1e-9 is not reached by any noise multiplier up to 10000.*raise targetEpsilon, train fewer steps/)
    expect(() => calibrateNoiseMultiplier({ ...ok, delta: 0 })).toThrow(/delta: the Gaussian mechanism needs δ > 0/)
  })
})
