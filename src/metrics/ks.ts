import { kolmogorovSf } from './kolmogorov-n.js'
import { finiteSample } from './validate.js'

/** Result of {@link ksTwoSample}. */
export interface KsResult {
  /** D = max |F₁(t) − F₂(t)| over all t, the largest gap between the two empirical CDFs. */
  statistic: number
  /** Two-sided p-value of "both samples come from the same continuous distribution". */
  pValue: number
  /** How `pValue` was computed: `exact` or `asymptotic` (see {@link ksTwoSample}). */
  method: 'exact' | 'asymptotic'
}

/** Largest sample size for which the p-value is exact, as in scipy's `ks_2samp(method='auto')`. */
export const KS_EXACT_MAX_N = 10_000

/**
 * The two-sample Kolmogorov–Smirnov test, two-sided.
 *
 * p-value: `exact` when both samples have at most {@link KS_EXACT_MAX_N} values — the probability
 * that a random interleaving of the two samples (a lattice path from (0, 0) to (n₁, n₂)) leaves the
 * band |x/n₁ − y/n₂| < D, computed as 1 − P(inside) by a dynamic programme over path probabilities
 * (scipy's `ks_2samp` with `method='auto'` does the same in this range, so p-values agree to about
 * 1e-12; like scipy, the smallest p it can return is about 1e-16). For larger samples `asymptotic`,
 * as scipy ≥ 1.5 does: the exact one-sample distribution at n = round(n₁n₂/(n₁+n₂)) (rounded half to
 * even, like numpy), P(D_n ≥ D) by {@link kolmogorovSf} (scipy's `kstwo.sf`); agrees with scipy to
 * about 1e-12.
 *
 * @throws RangeError when a sample is empty or holds a non-finite value.
 * @example
 * ksTwoSample([0.91, 0.95, 0.99, 0.97], [0.62, 0.71, 0.99, 0.88])   // { statistic: 0.75, pValue: 0.2285714…, method: 'exact' } (scipy: 0.2285714)
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const x = finiteSample(a, 'a').sort()
  const y = finiteSample(b, 'b').sort()
  const n1 = x.length
  const n2 = y.length
  // D over the pooled values, with ties handled as scipy does (CDFs evaluated right after each value).
  let i = 0
  let j = 0
  let d = 0
  while (i < n1 || j < n2) {
    const t = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j]
    while (i < n1 && x[i] <= t) i++
    while (j < n2 && y[j] <= t) j++
    d = Math.max(d, Math.abs(i / n1 - j / n2))
  }
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) return { statistic: d, pValue: exactP(n1, n2, d), method: 'exact' }
  const en = (n1 * n2) / (n1 + n2)
  return { statistic: d, pValue: kolmogorovSf(roundHalfEven(en), d), method: 'asymptotic' }
}


function gcd(p: number, q: number): number {
  while (q) [p, q] = [q, p % q]
  return p
}

/**
 * P(D ≥ d) for samples of n1 and n2 under the null. With g = gcd and lcm = n1·n2/g, D takes values
 * h/lcm; a path stays inside when |x·n2/g − y·n1/g| < h at every step. Path probabilities (every
 * interleaving equally likely) stay in [0, 1], so no rescaling is needed.
 */
function exactP(n1: number, n2: number, d: number): number {
  const g = gcd(n1, n2)
  const lcm = (n1 / g) * n2
  const h = Math.round(d * lcm)
  if (h === 0) return 1
  const ng1 = n1 / g
  const ng2 = n2 / g
  // p[y] = probability of being at (x, y) having stayed inside so far; x advances by rows.
  let p = new Float64Array(n2 + 1)
  let next = new Float64Array(n2 + 1)
  const inside = (x: number, y: number) => Math.abs(x * ng2 - y * ng1) < h
  p[0] = 1
  for (let y = 1; y <= n2; y++) p[y] = inside(0, y) ? p[y - 1] * ((n2 - y + 1) / (n1 + n2 - y + 1)) : 0
  for (let x = 1; x <= n1; x++) {
    next.fill(0)
    for (let y = 0; y <= n2; y++) {
      if (!inside(x, y)) continue
      // Arrive from (x−1, y) by an x step, or from (x, y−1) by a y step.
      const remFromLeft = n1 + n2 - (x - 1) - y
      let v = p[y] * ((n1 - x + 1) / remFromLeft)
      if (y > 0) v += next[y - 1] * ((n2 - y + 1) / (n1 + n2 - x - y + 1))
      next[y] = v
    }
    ;[p, next] = [next, p]
  }
  return Math.min(1, Math.max(0, 1 - p[n2]))
}

/** Rounds to the nearest integer, ties to even (numpy's `round`, which scipy applies to n₁n₂/(n₁+n₂)). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x)
  const r = x - f
  if (r > 0.5) return f + 1
  if (r < 0.5) return f
  return f % 2 === 0 ? f : f + 1
}
