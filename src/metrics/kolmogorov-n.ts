/**
 * The exact distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n (scipy's
 * `kstwo`), chosen among exact and approximate methods region by region as Simard & L'Ecuyer
 * (2011, J. Stat. Softw. 39(11)) recommend and as scipy ≥ 1.5 does, so that p-values agree with
 * scipy's `ks_2samp` beyond its exact two-sample range.
 */

/**
 * P(D_n ≥ d), the survival function of the two-sided one-sample KS statistic for a sample of `n`.
 *
 * Regions (t = n·d): t ≤ 1 and t ≥ n − 1 have closed forms (Ruben & Gambino); d ≥ ½ is exactly
 * twice the one-sided Smirnov tail. Otherwise, for n ≤ 140, n·d² ≤ 4 is computed exactly by
 * Durbin's matrix (scipy switches to Pomeranz's recursion above 0.754693: both are exact, so they
 * agree to rounding) and larger n·d² by the doubled Smirnov tail; for n > 140, n·d² ≥ 370 gives 0,
 * n·d² ≥ 2.2 the doubled Smirnov tail, and below that 1 − CDF with the CDF from Durbin's matrix when
 * n ≤ 100 000 and n·d^1.5 ≤ 1.4, else from the Pelz–Good asymptotic series.
 *
 * @throws RangeError when n is not a positive integer or d is NaN.
 * @example
 * kolmogorovSf(5600, 0.018155)   // ≈ 0.04926 (scipy.stats.kstwo.sf(0.018155, 5600))
 */
export function kolmogorovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`kolmogorovSf: n: expected a positive integer, found ${n}`)
  if (Number.isNaN(d)) throw new RangeError('kolmogorovSf: d: expected a number, found NaN')
  if (d >= 1) return 0
  if (d <= 0) return 1
  const t = n * d
  if (t <= 1) {
    if (t <= 0.5) return 1
    return clip(1 - Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1)))
  }
  if (t >= n - 1) return clip(2 * Math.pow(1 - d, n))
  if (d >= 0.5) return clip(2 * smirnovSf(n, d))
  const nd2 = t * d
  if (n <= 140) {
    if (nd2 <= 4) return clip(1 - durbinCdf(n, d))
    return clip(2 * smirnovSf(n, d))
  }
  if (nd2 >= 370) return 0
  if (nd2 >= 2.2) return clip(2 * smirnovSf(n, d))
  const cdf = n <= 100_000 && n * Math.pow(d, 1.5) <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d)
  return clip(1 - cdf)
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p))
}

/** log(n! / nⁿ) = Σ log(i / n), summed directly (each term is small, so no cancellation). */
function logFactorialOverPower(n: number): number {
  let s = 0
  for (let i = 1; i <= n; i++) s += Math.log(i / n)
  return s
}

/**
 * P(D⁺_n ≥ e), the one-sided tail, by the Birnbaum–Tingey sum
 * e · Σ_{v=0}^{⌊n(1−e)⌋} C(n, v) (e + v/n)^(v−1) (1 − e − v/n)^(n−v). Every term is positive, so
 * summing them in log space (binomial coefficients by a running log) loses no precision.
 */
export function smirnovSf(n: number, e: number): number {
  if (e <= 0) return 1
  if (e >= 1) return 0
  const last = Math.floor(n * (1 - e))
  let logC = 0
  let sum = 0
  for (let v = 0; v <= last; v++) {
    if (v > 0) logC += Math.log((n - v + 1) / v)
    const ev = e + v / n
    const rest = 1 - ev
    // rest = 0 makes the term 0: v < n always, since e > 0.
    if (rest > 0) sum += Math.exp(logC + (v - 1) * Math.log(ev) + (n - v) * Math.log1p(-ev))
  }
  return sum * e
}

const SCALE_EXP = 128
const BIG = 2 ** SCALE_EXP
const SMALL = 2 ** -SCALE_EXP

/**
 * P(D_n < d) by Durbin's matrix formula in the form of Marsaglia, Tsang & Wang (2003): with
 * n·d = k − h (k a positive integer, 0 ≤ h < 1), the answer is n!/nⁿ times the (k, k) entry of Hⁿ
 * for an (2k − 1)-square matrix H. Hⁿ is formed by repeated squaring, rescaled by powers of two
 * (tracked in an exponent) so that nothing overflows or underflows.
 */
function durbinCdf(n: number, d: number): number {
  const nd = n * d
  if (nd <= 0.5) return 0
  const k = Math.ceil(nd)
  const h = k - nd
  const m = 2 * k - 1
  // H[i][j] = 1/(i − j + 1)! for i − j + 1 ≥ 0, with the first column and last row corrected.
  let hMat: Float64Array = new Float64Array(m * m)
  const invFact = new Float64Array(m + 1)
  invFact[0] = 1
  for (let i = 1; i <= m; i++) invFact[i] = invFact[i - 1] / i
  for (let i = 0; i < m; i++) {
    for (let j = 1; j < m; j++) if (i - j + 1 >= 0) hMat[i * m + j] = invFact[i - j + 1]
  }
  const first = new Float64Array(m)
  for (let i = 0; i < m; i++) first[i] = (1 - Math.pow(h, i + 1)) * invFact[i + 1]
  first[m - 1] = (1 - 2 * Math.pow(h, m) + Math.pow(Math.max(0, 2 * h - 1), m)) * invFact[m]
  for (let i = 0; i < m; i++) {
    hMat[i * m] = first[i]
    hMat[(m - 1) * m + i] = first[m - 1 - i]
  }
  let power: Float64Array | null = null
  let powerExp = 0
  let hExp = 0
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) {
      power = power === null ? hMat.slice() : multiply(power, hMat, m)
      powerExp += hExp
    }
    if (e > 1) {
      hMat = multiply(hMat, hMat, m)
      hExp *= 2
      if (Math.abs(hMat[(k - 1) * m + (k - 1)]) > BIG) {
        for (let i = 0; i < hMat.length; i++) hMat[i] *= SMALL
        hExp += SCALE_EXP
      }
    }
  }
  let p = (power as Float64Array)[(k - 1) * m + (k - 1)]
  let exp = powerExp
  for (let i = 1; i <= n; i++) {
    p = (p * i) / n
    if (Math.abs(p) < SMALL) {
      p *= BIG
      exp -= SCALE_EXP
    }
  }
  return p * Math.pow(2, exp)
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m)
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const v = a[i * m + l]
      if (v === 0) continue
      for (let j = 0; j < m; j++) out[i * m + j] += v * b[l * m + j]
    }
  }
  return out
}

const PI2 = Math.PI ** 2
const PI4 = Math.PI ** 4
const PI6 = Math.PI ** 6
const SQRT_2PI = Math.sqrt(2 * Math.PI)

/**
 * P(D_n ≤ d) by the Pelz–Good (1976) series: Kolmogorov's limit K₀(z) plus the Li-Chien/Korolyuk
 * corrections K₁/√n, K₂/n, K₃/n^1.5 at z = d√n, each written through Jacobi's theta identity as
 * sums over exp(−(2k − 1)²π²/(8z²)) (and exp(−k²π²/(2z²))), which converge fast for small z.
 */
function pelzGoodCdf(n: number, d: number): number {
  const z = Math.sqrt(n) * d
  const z2 = z * z, z4 = z2 * z2, z6 = z4 * z2
  const logQ = -PI2 / 8 / z2
  if (logQ < -708) return 0
  const terms = Math.ceil((16 * z) / Math.PI)
  // Σ_k c_j(k) q^((2k−1)²) for j = 0..3, each c a polynomial in (2k − 1)².
  let k0 = 0, k1 = 0, k2 = 0, k3 = 0
  for (let k = 1; k <= terms; k++) {
    const o = 2 * k - 1
    const o2 = o * o, o4 = o2 * o2, o6 = o4 * o2
    const w = Math.exp(logQ * o2)
    if (w === 0) break
    k0 += w
    k1 += w * (PI2 * o2 / 4 - z2)
    k2 += w * (6 * z6 + 2 * z4 + (PI2 * (2 * z4 - 5 * z2) * o2) / 4 + (PI4 * (1 - 2 * z2) * o4) / 16)
    k3 += w * (-30 * z6 - 90 * z6 * z2 + (PI2 * (135 * z4 - 96 * z6) * o2) / 4 + (PI4 * (212 * z4 - 60 * z2) * o4) / 16 + (PI6 * (5 - 30 * z2) * o6) / 64)
  }
  k0 *= SQRT_2PI / z
  k1 *= SQRT_2PI / (6 * z4)
  k2 *= SQRT_2PI / (72 * z6 * z)
  k3 *= SQRT_2PI / (6480 * z6 * z4)
  // The terms over all k ≥ 1 of exp(−k²π²/(2z²)).
  let e2 = 0, e3 = 0
  for (let k = 1; k <= terms; k++) {
    const w = Math.exp((-PI2 * k * k) / 2 / z2)
    if (w === 0) break
    const kk = k * k
    e2 += kk * w
    e3 += (3 * z2 - PI2 * kk) * kk * w
  }
  k2 += (e2 * PI2 * SQRT_2PI) / (-36 * z2 * z)
  k3 += (e3 * PI2 * SQRT_2PI) / (216 * z6)
  return k0 + k1 / Math.sqrt(n) + k2 / n + k3 / (n * Math.sqrt(n))
}
