import { addNormalNoise } from '../../data/ziggurat.js'
import type { Kernel } from './kernel.js'

/**
 * The {@link Kernel} in plain JavaScript over a `Float32Array` of `floats` values: the fallback when
 * WebAssembly SIMD is not available (and a readable statement of what the wasm kernel computes).
 * Intermediate sums are float64 (JavaScript numbers), rounded to float32 when stored, so its
 * results differ from the wasm kernel's in the last bits.
 */
export function createJsKernel(floats: number): Kernel {
  const h = new Float32Array(floats)
  // The heap's words as int32, for the noise generator's state (a view made once, not per step).
  const words = new Int32Array(h.buffer, h.byteOffset, h.length)
  let stateAt = -1
  let state = words.subarray(0, 4)
  function dense(a: number, w: number, b: number, out: number, rows: number, k: number, n: number, relu: boolean): void {
    for (let i = 0; i < rows; i++) {
      const o = out + i * n
      for (let j = 0; j < n; j++) h[o + j] = h[b + j]
      const ar = a + i * k
      for (let p = 0; p < k; p++) {
        const x = h[ar + p]
        // ReLU outputs and binary features are mostly zero; skipping them adds exactly nothing.
        if (x === 0) continue
        const wr = w + p * n
        for (let j = 0; j < n; j++) h[o + j] += x * h[wr + j]
      }
      if (relu) for (let j = 0; j < n; j++) if (h[o + j] < 0) h[o + j] = 0
    }
  }
  return {
    name: 'js',
    heap: h,
    base: 0,
    dense,
    // Blocking rows buys little in JavaScript, where each product is a scalar operation anyway.
    denseRows: dense,
    gradients(a, dz, gw, gb, rows, k, n) {
      h.fill(0, gw, gw + k * n)
      h.fill(0, gb, gb + n)
      for (let i = 0; i < rows; i++) {
        const ar = a + i * k
        const dr = dz + i * n
        for (let j = 0; j < n; j++) h[gb + j] += h[dr + j]
        for (let p = 0; p < k; p++) {
          const x = h[ar + p]
          if (x === 0) continue
          const gr = gw + p * n
          for (let j = 0; j < n; j++) h[gr + j] += x * h[dr + j]
        }
      }
    },
    // Dot products in place (dh may be h: each entry reads only its own h first); no scratch needed.
    backDelta(dz, w, hh, dh, rows, k, n) {
      for (let i = 0; i < rows; i++) {
        const dr = dz + i * n
        for (let p = 0; p < k; p++) {
          if (h[hh + i * k + p] <= 0) { h[dh + i * k + p] = 0; continue }
          const wr = w + p * n
          let s = 0
          for (let j = 0; j < n; j++) s += h[dr + j] * h[wr + j]
          h[dh + i * k + p] = s
        }
      }
    },
    softmaxError(z, y, sums, rows, n, wantLoss) {
      let loss = 0
      for (let i = 0; i < rows; i++) {
        const zr = z + i * n, yr = y + i * n
        let max = h[zr]
        for (let j = 1; j < n; j++) if (h[zr + j] > max) max = h[zr + j]
        let sum = 0
        for (let j = 0; j < n; j++) sum += Math.exp(h[zr + j] - max)
        const logSum = Math.log(sum)
        const s = sums >= 0 ? h[sums + i] : 1
        for (let j = 0; j < n; j++) {
          const lp = h[zr + j] - max - logSum
          const yv = h[yr + j]
          if (wantLoss && yv !== 0) loss -= yv * lp
          h[zr + j] = (s * Math.exp(lp) - yv) / rows
        }
      }
      return loss
    },
    softmaxRows(z, rows, n) {
      for (let i = 0; i < rows; i++) {
        const zr = z + i * n
        let max = h[zr]
        for (let j = 1; j < n; j++) if (h[zr + j] > max) max = h[zr + j]
        let sum = 0
        for (let j = 0; j < n; j++) { const e = Math.exp(h[zr + j] - max); h[zr + j] = e; sum += h[zr + j] }
        for (let j = 0; j < n; j++) h[zr + j] /= sum
      }
    },
    adam(w, g, m, v, count, l2x2, b1, b2, mScale, vScale, eps) {
      for (let i = 0; i < count; i++) {
        const gi = h[g + i] + h[w + i] * l2x2
        h[m + i] = h[m + i] * b1 + gi * (1 - b1)
        h[v + i] = h[v + i] * b2 + gi * gi * (1 - b2)
        h[w + i] -= (h[m + i] / (Math.sqrt(h[v + i]) * vScale + eps)) * mScale
      }
    },
    sgd(w, g, count, l2x2, lr) {
      for (let i = 0; i < count; i++) h[w + i] -= (h[g + i] + h[w + i] * l2x2) * lr
    },
    addTo(dst, src, count) {
      for (let i = 0; i < count; i++) h[dst + i] += h[src + i]
    },
    ghostNorms(a, d, rows, k, n, acc) {
      for (let i = 0; i < rows; i++) {
        let a2 = 1, d2 = 0
        for (let j = a + i * k, e = j + k; j < e; j++) a2 += h[j] * h[j]
        for (let j = d + i * n, e = j + n; j < e; j++) d2 += h[j] * h[j]
        h[acc + i] += a2 * d2
      }
    },
    scaleRows(d, rows, n, f) {
      for (let i = 0; i < rows; i++) {
        const s = h[f + i]
        for (let j = d + i * n, e = j + n; j < e; j++) h[j] *= s
      }
    },
    noisyMean(g, count, scale, divisor, at) {
      if (at !== stateAt) { state = words.subarray(at, at + 4); stateAt = at }
      addNormalNoise(h, state, scale, divisor, g, g + count)
    },
  }
}
