import type { Target, TargetLike } from '../../targets/target.js'
import { found, innerTarget, mapRows, type OutputControl } from './common.js'

/**
 * Top-k output minimisation: keeps the `k` largest probabilities of each answer, sets the others to
 * 0 and renormalises the kept ones to sum to 1. Ties at the k-th place go to the lower class index,
 * so exactly `min(k, classes)` entries stay non-zero; `k ≥ classes` changes nothing.
 *
 * Accuracy cost: none — the argmax is always kept (the top class is among the kept ones; on ties
 * the lowest index, as `argmax` picks). `topK(1)` returns one-hot rows.
 *
 * Does not stop: label-only attacks (`label-gap`, `label-noise`), which need only the predicted
 * class; nor the `loss` attack entirely — a misclassified record still reads p_y = 0. Extraction
 * with hard labels also still works.
 *
 * @example
 * const t = topK(3)(model)     // probability rows with at most 3 non-zero entries
 */
export function topK(k: number): OutputControl {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new RangeError(`topK: k: expected an integer ≥ 1, found ${found(k)}`)
  }
  return (target: TargetLike): Target => {
    const inner = innerTarget(target, `topK(${k})`)
    return mapRows(inner, `topK(${k})`, (row) => keepTopK(row, k))
  }
}

/** Zeroes all but the k largest entries of `row` (ties: lower index kept). */
export function keepTopK(row: Float64Array, k: number): void {
  if (k >= row.length) return
  const order = Array.from(row.keys()).sort((a, b) => row[b] - row[a] || a - b)
  for (let i = k; i < order.length; i++) row[order[i]] = 0
}
