import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/data/rng.js'
import { poissonSample } from '../../../../src/runtime/engine/poisson-sample.js'

describe('poissonSample', () => {
  it('includes each record independently with probability q', () => {
    const n = 200, q = 0.05, steps = 4000
    const rng = createRng(1)
    const out = new Int32Array(n)
    const hits = new Float64Array(n)
    let pairs = 0, sizes = 0, sizes2 = 0, ascending = true
    for (let s = 0; s < steps; s++) {
      const size = poissonSample(n, q, rng, out)
      sizes += size; sizes2 += size * size
      for (let i = 0; i < size; i++) {
        if (i > 0 && out[i] <= out[i - 1]) ascending = false
        hits[out[i]]++
        // Neighbours chosen together: q² of the time if the choices are independent.
        if (out[i] === 7) pairs += out.subarray(0, size).includes(8) ? 1 : 0
      }
    }
    expect(ascending).toBe(true)
    // Every record's rate within 4.5 standard errors of q.
    const se = Math.sqrt((q * (1 - q)) / steps)
    for (const h of hits) expect(Math.abs(h / steps - q)).toBeLessThan(4.5 * se)
    // Sizes are Binomial(n, q): mean nq, variance nq(1 − q).
    const mean = sizes / steps, variance = sizes2 / steps - mean * mean
    expect(Math.abs(mean - n * q)).toBeLessThan(4.5 * Math.sqrt((n * q * (1 - q)) / steps))
    expect(Math.abs(variance / (n * q * (1 - q)) - 1)).toBeLessThan(0.1)
    expect(Math.abs(pairs / steps - q * q)).toBeLessThan(4.5 * Math.sqrt((q * q) / steps))
  })

  it('takes every record at q = 1, and is deterministic for a seed', () => {
    const out = new Int32Array(5)
    expect(poissonSample(5, 1, createRng(0), out)).toBe(5)
    expect([...out]).toEqual([0, 1, 2, 3, 4])
    const a = new Int32Array(100), b = new Int32Array(100)
    const sa = poissonSample(100, 0.3, createRng(9), a), sb = poissonSample(100, 0.3, createRng(9), b)
    expect(sa).toBe(sb)
    expect([...a.subarray(0, sa)]).toEqual([...b.subarray(0, sb)])
  })
})
