import type { Target, TargetLike } from '../../targets/target.js'
import { found, innerTarget, mapRows, type OutputControl } from './common.js'

/**
 * Bucketed outputs: `edges` (strictly increasing, each in (0, 1)) cut [0, 1] into buckets
 * [0, e₁), [e₁, e₂), …, [eₙ, 1]; each probability is replaced by the midpoint of its bucket, then
 * the row is renormalised to sum to 1. (Midpoints, not lower edges, so that no row becomes all
 * zeros.) The answer then says only which bucket each class fell into, up to the renormalisation.
 *
 * Accuracy cost: the map is monotone, so the top class stays in the highest bucket, but when two
 * classes share that bucket they tie and the lower class index wins: the argmax is kept unless the
 * top two classes fall into the same bucket.
 *
 * Does not stop: label-only attacks (`label-gap`, `label-noise`), nor a confidence attack when
 * members and non-members fall into different buckets.
 *
 * @example
 * const t = bucket([0.1, 0.5, 0.9])(model)   // each p → 0.05, 0.3, 0.7 or 0.95, renormalised
 */
export function bucket(edges: readonly number[]): OutputControl {
  if (!Array.isArray(edges) || edges.length === 0) {
    throw new RangeError(`bucket: edges: expected a non-empty array of increasing numbers in (0, 1), found ${found(edges)}`)
  }
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]
    if (typeof e !== 'number' || !Number.isFinite(e) || e <= 0 || e >= 1) {
      throw new RangeError(`bucket: edges[${i}]: expected a number in (0, 1), found ${found(e)}`)
    }
    if (i > 0 && e <= edges[i - 1]) {
      throw new RangeError(`bucket: edges[${i}]: expected edges sorted strictly increasing, found ${e} after ${edges[i - 1]}`)
    }
  }
  const bounds = [0, ...edges, 1]
  const mids = bounds.slice(0, -1).map((lo, i) => (lo + bounds[i + 1]) / 2)
  const control = `bucket([${edges.join(', ')}])`
  return (target: TargetLike): Target => {
    const inner = innerTarget(target, control)
    return mapRows(inner, control, (row) => {
      for (let c = 0; c < row.length; c++) {
        // Number of edges ≤ p is the bucket index (p = eᵢ goes to the bucket that starts at eᵢ).
        let b = 0
        while (b < edges.length && row[c] >= edges[b]) b++
        row[c] = mids[b]
      }
    })
  }
}
