/**
 * A deterministic synthetic data set in the spirit of Purchase-100 (Shokri et al., 2017): binary
 * features (items bought or not) and 100 classes obtained by clustering the records.
 *
 * Records are drawn around `classes` random binary prototypes (each item on with probability 0.2
 * in a prototype; a record copies its prototype and flips each bit with probability 0.1), then
 * labelled by clustering: the nearest prototype in Hamming distance (one assignment step of
 * k-modes from the generating prototypes), computed on bit-packed rows. All randomness comes from
 * the package's seeded rng, so the same seed gives the same bytes.
 */
import type { Matrix } from '../src/data/matrix.js'
import { createRng } from '../src/data/rng.js'

/** A generated data set: rows of 0/1 features and their cluster labels. */
export interface SyntheticPurchase {
  x: Matrix
  y: Int32Array
}

export function syntheticPurchase(rows: number, features = 600, classes = 100, seed = 0): SyntheticPurchase {
  const rng = createRng(seed)
  const words = Math.ceil(features / 32)
  const protos = new Uint32Array(classes * words)
  for (let c = 0; c < classes; c++) {
    for (let j = 0; j < features; j++) if (rng.next() < 0.2) protos[c * words + (j >>> 5)] |= 1 << (j & 31)
  }
  const data = new Float32Array(rows * features)
  const y = new Int32Array(rows)
  const packed = new Uint32Array(words)
  for (let r = 0; r < rows; r++) {
    const c0 = rng.int(classes)
    packed.fill(0)
    for (let j = 0; j < features; j++) {
      let bit = (protos[c0 * words + (j >>> 5)] >>> (j & 31)) & 1
      if (rng.next() < 0.1) bit ^= 1
      if (bit) {
        data[r * features + j] = 1
        packed[j >>> 5] |= 1 << (j & 31)
      }
    }
    // Cluster label: nearest prototype (ties: the lowest index).
    let best = 0, bestD = Infinity
    for (let c = 0; c < classes; c++) {
      let d = 0
      for (let w = 0; w < words; w++) d += popcount(packed[w] ^ protos[c * words + w])
      if (d < bestD) { bestD = d; best = c }
    }
    y[r] = best
  }
  return { x: { data, rows, cols: features }, y }
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}
