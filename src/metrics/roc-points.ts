import type { RocCurve } from './roc.js'

/** A ROC curve thinned for a chart: parallel arrays of FPR and TPR, ≤ a few hundred points. */
export interface RocPoints {
  fpr: number[]
  tpr: number[]
}

/**
 * Thins a ROC curve to at most about `maxPoints` points for a chart, keeping its shape on both
 * linear and log-log axes: half the points are spread evenly along the curve, the other half evenly
 * in log(FPR) (so the low-FPR region a log-log plot magnifies keeps its detail). The first point
 * (0, 0) and the last (1, 1) are always kept. Rates are rounded to 6 decimals: a chart needs no
 * more, and a report stays small. Aggregates only: no threshold (score) is kept.
 */
export function downsampleRoc(curve: RocCurve, maxPoints = 200): RocPoints {
  const n = curve.fpr.length
  if (n === 0) return { fpr: [], tpr: [] }
  const keep = new Set<number>([0, n - 1])
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) keep.add(i)
  } else {
    const half = Math.max(2, Math.floor((maxPoints - 2) / 2))
    for (let k = 0; k < half; k++) keep.add(Math.round((k * (n - 1)) / (half - 1)))
    // Smallest positive FPR: the log axis starts there.
    let first = 1
    while (first < n && curve.fpr[first] === 0) first++
    if (first < n) {
      const lo = Math.log(curve.fpr[first])
      let i = first
      for (let k = 0; k < half; k++) {
        const target = Math.exp(lo + ((0 - lo) * k) / (half - 1))
        // the last point of the curve at or below this FPR (its highest TPR there)
        while (i + 1 < n && curve.fpr[i + 1] <= target) i++
        keep.add(i)
      }
      keep.add(first)
      if (first > 0) keep.add(first - 1)
    }
  }
  const idx = [...keep].sort((a, b) => a - b)
  return { fpr: idx.map((i) => round6(curve.fpr[i])), tpr: idx.map((i) => round6(curve.tpr[i])) }
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6
}
