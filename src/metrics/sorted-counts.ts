/**
 * Elements of ascending `sorted` strictly below `x` (a binary search: the first index whose value
 * is ≥ `x`).
 *
 * @example
 * countBelow(new Float64Array([1, 2, 2, 3]), 2)   // 1
 */
export function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0, hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Elements of ascending `sorted` at most `x`.
 *
 * @example
 * countAtMost(new Float64Array([1, 2, 2, 3]), 2)   // 3
 */
export function countAtMost(sorted: Float64Array, x: number): number {
  let lo = 0, hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
