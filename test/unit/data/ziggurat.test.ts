import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { fillNormal } from '../../../src/data/ziggurat.js'
import { normalCdf } from '../../../src/metrics/normal.js'

const N = 400_000
const draws = (() => {
  const out = new Float64Array(N)
  fillNormal(out, createRng(11))
  return out
})()

describe('fillNormal (ziggurat)', () => {
  it('is standard normal: Kolmogorov–Smirnov distance, moments', () => {
    const sorted = Float64Array.from(draws).sort()
    let d = 0
    for (let i = 0; i < N; i++) {
      const c = normalCdf(sorted[i])
      d = Math.max(d, c - i / N, (i + 1) / N - c)
    }
    // 1.95/√n is the KS critical value at level 0.001.
    expect(d).toBeLessThan(1.95 / Math.sqrt(N))
    let m = 0, v = 0, k = 0
    for (const z of draws) { m += z; v += z * z; k += z ** 4 }
    m /= N; v /= N; k /= N
    // Standard errors over 400,000 draws: mean 0.0016, variance 0.0022, fourth moment 0.015.
    expect(Math.abs(m)).toBeLessThan(0.008)
    expect(Math.abs(v - 1)).toBeLessThan(0.011)
    expect(Math.abs(k - 3)).toBeLessThan(0.08)
  })

  it('draws the tail beyond the base layer (|z| > 3.4426) and the wedges at their true rates', () => {
    // The tail and wedge branches are taken in about 1% of draws; a wrong branch shows here first.
    const rate = (lo: number, hi: number): number => draws.filter((z) => Math.abs(z) > lo && Math.abs(z) <= hi).length / N
    for (const [lo, hi] of [[3.4426, Infinity], [2.5, 3.4426], [1, 1.2], [0, 0.05]]) {
      const p = 2 * (normalCdf(hi) - normalCdf(lo))
      const se = Math.sqrt((p * (1 - p)) / N)
      expect(Math.abs(rate(lo, hi) - p)).toBeLessThan(4.5 * se)
    }
    // Deep in the tail the base-layer sample is too thin: a larger one, counted beyond 3.8 and 4.2.
    const deep = new Float32Array(2_000_000)
    fillNormal(deep, createRng(12))
    for (const lo of [3.8, 4.2]) {
      const p = 2 * normalCdf(-lo)
      const count = deep.reduce((s, z) => s + (Math.abs(z) > lo ? 1 : 0), 0)
      expect(Math.abs(count - p * deep.length)).toBeLessThan(4.5 * Math.sqrt(p * deep.length))
    }
    // Both signs, equally often.
    const negative = draws.filter((z) => z < 0).length / N
    expect(Math.abs(negative - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / N))
  })

  it('is deterministic, fills only [start, end), and continues the generator\'s stream', () => {
    const a = new Float32Array(10), b = new Float32Array(10)
    const ra = createRng(3), rb = createRng(3)
    fillNormal(a, ra, 2, 7)
    fillNormal(b, rb, 2, 7)
    expect([...a]).toEqual([...b])
    expect([...a.subarray(0, 2), ...a.subarray(7)]).toEqual([0, 0, 0, 0, 0])
    expect(a.subarray(2, 7).every((z) => z !== 0)).toBe(true)
    expect(ra.next()).toBe(rb.next())
    const c = new Float32Array(10)
    fillNormal(c, createRng(4), 2, 7)
    expect([...c]).not.toEqual([...a])
  })
})
