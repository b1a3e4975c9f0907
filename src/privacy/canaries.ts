import type { Matrix } from '../data/matrix.js'
import type { Rng } from '../data/rng.js'

/** How canaries are made: records of the data given a wrong label, or random inputs with random labels. */
export type CanaryKind = 'mislabelled' | 'synthetic'

/** The canaries of a one-run audit and the training rows that are always in. */
export interface CanarySet {
  /** The m canaries' inputs (rows) and labels. */
  x: Matrix
  y: Int32Array
  /** The rows of the data that are not canaries (always trained on). */
  baseRows: Int32Array
}

/**
 * Makes `m` canaries from `data`. `mislabelled`: m records drawn without replacement, each relabelled
 * to a uniformly drawn other class (a label the rest of the data does not support, so only
 * memorising the record explains fitting it); they leave the always-trained rows. `synthetic`: m
 * inputs uniform within each feature's observed range, with uniform labels; every record stays.
 */
export function makeCanaries(data: { x: Matrix; y: Int32Array }, classes: number, m: number, kind: CanaryKind, rng: Rng): CanarySet {
  const n = data.x.rows, f = data.x.cols
  const x = new Float32Array(m * f)
  const y = new Int32Array(m)
  if (kind === 'synthetic') {
    const lo = new Float32Array(f).fill(Infinity), hi = new Float32Array(f).fill(-Infinity)
    for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) { const v = data.x.data[i * f + j]; if (v < lo[j]) lo[j] = v; if (v > hi[j]) hi[j] = v }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < f; j++) x[i * f + j] = lo[j] + rng.next() * (hi[j] - lo[j])
      y[i] = rng.int(classes)
    }
    return { x: { data: x, rows: m, cols: f }, y, baseRows: Int32Array.from({ length: n }, (_, i) => i) }
  }
  // A partial Fisher–Yates: the first m entries are a uniform sample without replacement.
  const order = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i)
    const t = order[i]; order[i] = order[j]; order[j] = t
  }
  for (let i = 0; i < m; i++) {
    const r = order[i]
    x.set(data.x.data.subarray(r * f, (r + 1) * f), i * f)
    y[i] = (data.y[r] + 1 + rng.int(classes - 1)) % classes
  }
  const baseRows = order.slice(m).sort()
  return { x: { data: x, rows: m, cols: f }, y, baseRows }
}
