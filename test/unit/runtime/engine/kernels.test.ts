import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/data/rng.js'
import { createJsKernel } from '../../../../src/runtime/engine/js-kernel.js'
import type { Kernel } from '../../../../src/runtime/engine/kernel.js'
import { createWasmKernel, wasmKernelAvailable } from '../../../../src/runtime/engine/wasm-kernel.js'

/**
 * Each kernel operation on the same seeded inputs in both kernels: the wasm one (SIMD tiles, masked
 * tails) must agree with the plain-JavaScript statement of the same arithmetic, for widths that hit
 * every tile path (32-wide, 16-wide, partial tails of 1–15 columns).
 */
const SIZE = 1 << 17

function fill(kernels: Kernel[], seed: number): void {
  const rng = createRng(seed)
  // Same values at the same offsets relative to each kernel's base; about a third exact zeros
  // (as ReLU outputs and binary features), which the kernels skip.
  const values = Float32Array.from({ length: SIZE - 64 }, () => (rng.next() < 0.35 ? 0 : rng.normal()))
  for (const k of kernels) k.heap.set(values, k.base)
}

function section(k: Kernel, at: number, n: number): Float32Array {
  return k.heap.slice(k.base + at, k.base + at + n)
}

function close(a: Float32Array, b: Float32Array, tol = 1e-4): void {
  expect(a.length).toBe(b.length)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])))
  expect(worst).toBeLessThan(tol)
}

describe.runIf(wasmKernelAvailable())('wasm kernel === js kernel (within float32 rounding)', () => {
  const make = () => [createWasmKernel(SIZE), createJsKernel(SIZE)]
  // Regions far enough apart for the largest case (32 × 256 outputs, a 64 × 256 kernel).
  const A = 0, W = 10000, B = 30000, O = 31000, DZ = 40000, T = 50000, R = 70000

  for (const [rows, k, n] of [[7, 13, 45], [32, 64, 256], [5, 256, 10], [3, 9, 2], [4, 3, 1]]) {
    it(`dense, gradients, backDelta for rows ${rows}, k ${k}, n ${n}`, () => {
      const [w, j] = make()
      fill([w, j], rows * 1000 + k * 10 + n)
      for (const kern of [w, j]) kern.dense(kern.base + A, kern.base + W, kern.base + B, kern.base + O, rows, k, n, true)
      close(section(w, O, rows * n), section(j, O, rows * n))
      // Values just past the output were left alone (the partial tile stores only its lanes).
      expect(section(w, O + rows * n, 8)).toEqual(section(j, O + rows * n, 8))
      for (const kern of [w, j]) kern.gradients(kern.base + A, kern.base + DZ, kern.base + W, kern.base + B, rows, k, n)
      close(section(w, W, k * n + 0), section(j, W, k * n))
      close(section(w, B, n), section(j, B, n))
      for (const kern of [w, j]) kern.backDelta(kern.base + DZ, kern.base + W, kern.base + A, kern.base + A, rows, k, n, kern.base + T, kern.base + R)
      close(section(w, A, rows * k), section(j, A, rows * k))
    })
  }

  it('softmaxError (hard and weighted soft targets), softmaxRows, adam, sgd', () => {
    const [w, j] = make()
    fill([w, j], 3)
    for (const kern of [w, j]) {
      // Targets must be probabilities: rewrite them as such in both.
      for (let i = 0; i < 50; i++) kern.heap[kern.base + DZ + i] = (i % 10) / 45
      for (let i = 0; i < 5; i++) kern.heap[kern.base + T + i] = 0.5 + i / 10
    }
    const lw = w.softmaxError(w.base + O, w.base + DZ, w.base + T, 5, 10, true)
    const lj = j.softmaxError(j.base + O, j.base + DZ, j.base + T, 5, 10, true)
    expect(lw).toBeCloseTo(lj, 4)
    close(section(w, O, 50), section(j, O, 50))
    for (const kern of [w, j]) kern.softmaxRows(kern.base + O + 100, 6, 7)
    close(section(w, O + 100, 42), section(j, O + 100, 42))
    for (const kern of [w, j]) {
      for (let i = 0; i < 37; i++) kern.heap[kern.base + R + i] = Math.abs(kern.heap[kern.base + R + i]) // v ≥ 0
      kern.adam(kern.base + W, kern.base + B, kern.base + A, kern.base + R, 37, 0.02, 0.9, 0.999, 0.01, 1.3, 1e-7)
      kern.sgd(kern.base + W + 100, kern.base + B, 21, 0.1, 0.05)
    }
    close(section(w, W, 130), section(j, W, 130))
    close(section(w, A, 37), section(j, A, 37))
    close(section(w, R, 37), section(j, R, 37))
  })
})

describe.runIf(wasmKernelAvailable())('DP-SGD operations: ghostNorms, scaleRows, addTo', () => {
  const A = 0, D = 20000, ACC = 40000, F = 41000, S = 42000
  for (const [rows, k, n] of [[7, 13, 45], [32, 64, 256], [5, 256, 10], [3, 1, 2]]) {
    it(`agree with each other and with the per-row sums for rows ${rows}, k ${k}, n ${n}`, () => {
      const kernels = [createWasmKernel(SIZE), createJsKernel(SIZE)]
      fill(kernels, rows * 7 + k + n)
      // The expected squared norms, (‖aᵢ‖² + 1)·‖dᵢ‖², added to what acc held (the seeded values there).
      const [j] = kernels.slice(1)
      const expected = Array.from({ length: rows }, (_, i) => {
        let a2 = 1, d2 = 0
        for (let p = 0; p < k; p++) a2 += j.heap[j.base + A + i * k + p] ** 2
        for (let p = 0; p < n; p++) d2 += j.heap[j.base + D + i * n + p] ** 2
        return j.heap[j.base + ACC + i] + a2 * d2
      })
      for (const kern of kernels) kern.ghostNorms(kern.base + A, kern.base + D, rows, k, n, kern.base + ACC)
      for (const kern of kernels) close(section(kern, ACC, rows), Float32Array.from(expected), 1e-5)
      const before = section(j, D, rows * n)
      for (const kern of kernels) kern.scaleRows(kern.base + D, rows, n, kern.base + F)
      const factors = section(j, F, rows)
      for (const kern of kernels) close(section(kern, D, rows * n), before.map((v, i) => v * factors[Math.floor(i / n)]))
      expect(section(kernels[0], D + rows * n, 8)).toEqual(section(j, D + rows * n, 8))
      const scaled = section(j, D, rows * n)
      const sum = section(j, S, rows * n).map((v, i) => v + scaled[i])
      for (const kern of kernels) kern.addTo(kern.base + S, kern.base + D, rows * n)
      for (const kern of kernels) close(section(kern, S, rows * n), sum)
    })
  }
})

describe.runIf(wasmKernelAvailable())('denseRows (four rows per weight load) === dense, bit for bit', () => {
  // Shapes that hit every path: whole 4-row blocks and a remainder, 8-wide tiles, a 4-wide tile, a
  // 1–3 column tail, layers under 32 units (row by row), and more inputs than one list chunk holds
  // (2048), where a block's sums are carried through the output between chunks.
  for (const [rows, k, n] of [[4, 3, 32], [11, 64, 256], [9, 13, 45], [6, 2100, 35], [5, 256, 10], [3, 7, 40]]) {
    it(`rows ${rows}, k ${k}, n ${n}, with and without ReLU`, () => {
      const size = rows * k + k * n + n + 2 * rows * n + 256
      const kern = createWasmKernel(size)
      const rng = createRng(rows * 7919 + k * 31 + n)
      const a = kern.base, w = a + rows * k + 16, b = w + k * n + 16, o1 = b + n + 16, o2 = o1 + rows * n + 16
      // About a third exact zeros, placed independently per row, so blocks list indices some rows lack.
      for (let i = a; i < o1; i++) kern.heap[i] = rng.next() < 0.35 ? 0 : rng.normal()
      for (const relu of [false, true]) {
        kern.heap.fill(7, o2, o2 + rows * n + 16)
        kern.dense(a, w, b, o1, rows, k, n, relu)
        kern.denseRows(a, w, b, o2, rows, k, n, relu)
        // `+ 0` folds −0 into +0: the one difference allowed (an exact zero's sign).
        expect(Array.from(kern.heap.subarray(o2, o2 + rows * n), (v) => v + 0)).toEqual(Array.from(kern.heap.subarray(o1, o1 + rows * n), (v) => v + 0))
        // Nothing written past the output.
        expect(Array.from(kern.heap.subarray(o2 + rows * n, o2 + rows * n + 16))).toEqual(new Array(16).fill(7))
      }
    })
  }

  it('is dense itself in the JavaScript kernel', () => {
    const js = createJsKernel(16)
    expect(js.denseRows).toBe(js.dense)
  })
})
