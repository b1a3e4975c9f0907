import { describe, expect, it } from 'vitest'
import { DEFAULT_RDP_ORDERS, dpsgdEpsilon, subsampledGaussianRdp } from '../../../src/privacy/rdp.js'
import { reference } from './reference.js'

const relErr = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.abs(b))

describe('dpsgdEpsilon', () => {
  it('has the default orders of dp_accounting (1.1–10.9 by 0.1, 11–63, 128, 256, 512, 1024)', () => {
    expect(DEFAULT_RDP_ORDERS).toHaveLength(99 + 53 + 4)
    expect(DEFAULT_RDP_ORDERS.slice(0, 3)).toEqual([1.1, 1.2, 1.3])
    expect(DEFAULT_RDP_ORDERS.slice(97, 101)).toEqual([10.8, 10.9, 11, 12])
    expect(DEFAULT_RDP_ORDERS.slice(-5)).toEqual([63, 128, 256, 512, 1024])
  })

  it(`equals dp_accounting's RdpAccountant to 1e-6 relative on ${reference.rdpGrid.length} (σ, q, steps, δ)`, () => {
    const worst = { err: 0, at: '' }
    for (const c of reference.rdpGrid) {
      const got = dpsgdEpsilon(c)
      const err = relErr(got.epsilon, c.epsilon)
      if (err > worst.err) Object.assign(worst, { err, at: JSON.stringify(c) })
      expect(got.order, JSON.stringify(c)).toBe(c.order)
    }
    expect(worst.err, worst.at).toBeLessThanOrEqual(1e-6)
  })

  it('reproduces the MNIST setting of Abadi et al. (q = 256/60000, σ = 1.1, 60 epochs, δ = 1e-5)', () => {
    const m = reference.mnist
    const got = dpsgdEpsilon({ noiseMultiplier: 1.1, sampleRate: 256 / 60000, steps: Math.ceil((60 * 60000) / 256), delta: 1e-5 })
    expect(relErr(got.epsilon, m.epsilon)).toBeLessThanOrEqual(1e-6)
    // The published figure with the moments accountant was ≈ 2.9 (tighter conversions give less).
    expect(got.epsilon).toBeGreaterThan(2)
    expect(got.epsilon).toBeLessThan(3)
  })

  it('grows with steps and sampling rate, shrinks with noise; σ = 0 is ε = ∞', () => {
    const base = { noiseMultiplier: 1, sampleRate: 0.01, steps: 1000, delta: 1e-5 }
    const e = dpsgdEpsilon(base).epsilon
    expect(dpsgdEpsilon({ ...base, steps: 2000 }).epsilon).toBeGreaterThan(e)
    expect(dpsgdEpsilon({ ...base, sampleRate: 0.02 }).epsilon).toBeGreaterThan(e)
    expect(dpsgdEpsilon({ ...base, noiseMultiplier: 2 }).epsilon).toBeLessThan(e)
    expect(dpsgdEpsilon({ ...base, noiseMultiplier: 0 }).epsilon).toBe(Infinity)
    expect(dpsgdEpsilon({ ...base, steps: 0 }).epsilon).toBe(0)
  })

  it('never reports less than the exact full-batch Gaussian conversion at q = 1', () => {
    // q = 1: RDP is exactly α/(2σ²); the absolute-value convention only matters for q < 1.
    const sigma = 3, steps = 10
    for (const a of [2, 5.5, 32]) expect(subsampledGaussianRdp(1, sigma, a)).toBe(a / (2 * sigma * sigma))
    const got = dpsgdEpsilon({ noiseMultiplier: sigma, sampleRate: 1, steps, delta: 1e-5 })
    const exact = Math.min(...DEFAULT_RDP_ORDERS.map((a) => (steps * a) / (2 * sigma * sigma) + Math.log1p(-1 / a) - Math.log(1e-5 * a) / (a - 1)))
    expect(got.epsilon).toBeCloseTo(exact, 12)
  })

  it('names the option and the fix for bad input', () => {
    const ok = { noiseMultiplier: 1, sampleRate: 0.01, steps: 100, delta: 1e-5 }
    expect(() => dpsgdEpsilon({ ...ok, noiseMultiplier: -1 })).toThrow(/noiseMultiplier: expected a finite number ≥ 0.*found -1/)
    expect(() => dpsgdEpsilon({ ...ok, sampleRate: 0 })).toThrow(/sampleRate: expected a sampling probability in \(0, 1\], found 0; use batchSize \/ records/)
    expect(() => dpsgdEpsilon({ ...ok, sampleRate: 1.5 })).toThrow(/sampleRate/)
    expect(() => dpsgdEpsilon({ ...ok, steps: 1.5 })).toThrow(/steps: expected a non-negative integer/)
    expect(() => dpsgdEpsilon({ ...ok, delta: 1 })).toThrow(/delta: expected a probability in \[0, 1\)/)
    expect(() => dpsgdEpsilon({ ...ok, orders: [0.5] })).toThrow(/orders: expected finite Rényi orders above 1/)
  })
})
