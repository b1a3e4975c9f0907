import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { addNormalNoise, normalState } from '../../../src/data/ziggurat.js'
import { normalCdf } from '../../../src/metrics/normal.js'
import { createJsKernel } from '../../../src/runtime/engine/js-kernel.js'
import type { Kernel } from '../../../src/runtime/engine/kernel.js'
import { createWasmKernel, wasmKernelAvailable } from '../../../src/runtime/engine/wasm-kernel.js'

/** `count` draws through a kernel's noisyMean (zeros in, scale 1, divisor 1), the state seeded from `seed`. */
function kernelDraws(make: (floats: number) => Kernel, count: number, seed: number): Float32Array {
  const k = make(count + 8)
  const state = k.base, out = k.base + 4
  new Int32Array(k.heap.buffer, k.heap.byteOffset + state * 4, 4).set(normalState(createRng(seed)))
  k.noisyMean(out, count, 1, 1, state)
  return k.heap.slice(out, out + count)
}

// The sampler in JavaScript (data/ziggurat.ts, which the js kernel calls) and its port in the wasm kernel.
const sources: [string, (count: number, seed: number) => Float32Array | Float64Array][] = [
  ['addNormalNoise (JavaScript)', (count, seed) => {
    const out = new Float64Array(count)
    addNormalNoise(out, normalState(createRng(seed)), 1, 1)
    return out
  }],
]
if (wasmKernelAvailable()) sources.push(['wasm kernel noisyMean', (count, seed) => kernelDraws(createWasmKernel, count, seed)])

const N = 400_000

describe.each(sources)('the ziggurat: %s', (_, draw) => {
  const draws = draw(N, 11)

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
    const deep = draw(2_000_000, 12)
    for (const lo of [3.8, 4.2]) {
      const p = 2 * normalCdf(-lo)
      let count = 0
      for (const z of deep) if (Math.abs(z) > lo) count++
      expect(Math.abs(count - p * deep.length)).toBeLessThan(4.5 * Math.sqrt(p * deep.length))
    }
    // Both signs, equally often.
    const negative = draws.filter((z) => z < 0).length / N
    expect(Math.abs(negative - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / N))
  })
})

describe('addNormalNoise', () => {
  it('is deterministic, writes only [start, end), and advances the state (two calls continue one stream)', () => {
    const a = new Float32Array(10), b = new Float32Array(10)
    const sa = normalState(createRng(3)), sb = normalState(createRng(3))
    addNormalNoise(a, sa, 1, 1, 2, 7)
    addNormalNoise(b, sb, 1, 1, 2, 4)
    addNormalNoise(b, sb, 1, 1, 4, 7)
    expect([...a]).toEqual([...b])
    expect([...sa]).toEqual([...sb])
    expect([...a.subarray(0, 2), ...a.subarray(7)]).toEqual([0, 0, 0, 0, 0])
    expect(a.subarray(2, 7).every((z) => z !== 0)).toBe(true)
    const c = new Float32Array(10)
    addNormalNoise(c, normalState(createRng(4)), 1, 1, 2, 7)
    expect([...c]).not.toEqual([...a])
  })

  it('adds scale·z to what is there, then divides: (g + scale·z) / divisor', () => {
    const z = new Float64Array(50)
    addNormalNoise(z, normalState(createRng(8)), 1, 1)
    const g = Float64Array.from({ length: 50 }, (_, i) => i - 20)
    addNormalNoise(g, normalState(createRng(8)), 0.7, 32)
    for (let i = 0; i < 50; i++) expect(g[i]).toBe((i - 20 + 0.7 * z[i]) / 32)
  })
})

describe.runIf(wasmKernelAvailable())('noisyMean: the wasm and js kernels draw the same noise', () => {
  it('gives the same bits for the same state, gradient, scale and divisor, and leaves the same state', () => {
    const count = 200_003
    const rng = createRng(21)
    const g = Float32Array.from({ length: count }, () => rng.normal())
    const seed = normalState(createRng(22))
    const run = (make: (floats: number) => Kernel): [Float32Array, Int32Array] => {
      const k = make(count + 8)
      const state = k.base, at = k.base + 4
      const words = new Int32Array(k.heap.buffer, k.heap.byteOffset + state * 4, 4)
      words.set(seed)
      k.heap.set(g, at)
      k.noisyMean(at, count, 1.3, 25.6, state)
      return [k.heap.slice(at, at + count), words.slice()]
    }
    const [w, ws] = run(createWasmKernel)
    const [j, js] = run(createJsKernel)
    expect(Buffer.from(w.buffer).equals(Buffer.from(j.buffer))).toBe(true)
    expect([...ws]).toEqual([...js])
    expect([...ws]).not.toEqual([...seed])
  })
})
