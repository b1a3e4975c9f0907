import type { Rng } from '../../data/rng.js'

/**
 * A Poisson sample of the records 0 … n−1: each joins independently with probability `q` (the
 * sampling DP-SGD's accountant assumes). Writes the chosen indices, ascending, to `out` (room for
 * n) and returns how many there are.
 *
 * Draws one uniform per chosen record plus one, not one per record: the gap before the next chosen
 * record is geometric, P(gap = g) = (1 − q)^g · q, which is ⌊log U / log(1 − q)⌋ for U uniform on
 * (0, 1] — the same distribution as a coin per record, for a fraction of the draws.
 *
 * @example
 * const out = new Int32Array(600)
 * const size = poissonSample(600, 32 / 600, createRng(0), out)   // about 32 indices
 */
export function poissonSample(n: number, q: number, rng: Rng, out: Int32Array): number {
  if (q >= 1) {
    for (let r = 0; r < n; r++) out[r] = r
    return n
  }
  const logKeep = Math.log1p(-q)
  let count = 0
  for (let r = -1; ;) {
    r += 1 + Math.floor(Math.log(1 - rng.next()) / logKeep)
    if (r >= n) return count
    out[count++] = r
  }
}
