/** Bin counts of member and non-member scores over shared, equal-width bins. */
export interface ScoreHistogram {
  /** Left edge of the first bin. */
  lo: number
  /** Right edge of the last bin. */
  hi: number
  /** Members per bin. */
  members: number[]
  /** Non-members per bin. */
  nonMembers: number[]
}

/**
 * Histograms of member and non-member scores on the same `bins` equal-width bins spanning the finite
 * scores (a score of ±Infinity, e.g. the log of a zero probability, counts in the end bin; NaN is not
 * counted). Only counts are kept: a report can show the two distributions without any record's
 * score. When every finite score is equal, one unit-wide range around it is used.
 */
export function scoreHistogram(members: Float64Array, nonMembers: Float64Array, bins = 30): ScoreHistogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins: expected an integer ≥ 1, found ${bins}`)
  let lo = Infinity, hi = -Infinity
  for (const s of [members, nonMembers]) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i]
      if (Number.isFinite(v)) {
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
    }
  }
  if (lo === Infinity) { lo = 0; hi = 1 } else if (lo === hi) { lo -= 0.5; hi += 0.5 }
  const count = (s: Float64Array) => {
    const out = new Array<number>(bins).fill(0)
    const width = (hi - lo) / bins
    for (let i = 0; i < s.length; i++) {
      const v = s[i]
      if (Number.isNaN(v)) continue
      const b = Math.floor((v - lo) / width)
      out[Math.min(bins - 1, Math.max(0, Number.isFinite(b) ? b : v > 0 ? bins - 1 : 0))]++
    }
    return out
  }
  return { lo, hi, members: count(members), nonMembers: count(nonMembers) }
}
