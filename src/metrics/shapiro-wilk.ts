import { normalCdf, normalQuantile } from './normal.js'

/** Result of {@link shapiroWilk}. */
export interface ShapiroWilkResult {
  /** The W statistic in (0, 1]; values near 1 look normal. */
  w: number
  /** Upper-tail p-value of the normality hypothesis (Royston's approximation). */
  pValue: number
  /** Sample size. */
  n: number
}

// Coefficients of Royston's (1992, 1995) approximations, as in algorithm AS R94 (swilk.f).
const C1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056]
const C2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633]
const C3 = [0.544, -0.39978, 0.025054, -6.714e-4]
const C4 = [1.3822, -0.77857, 0.062767, -0.0020322]
const C5 = [-1.5861, -0.31082, -0.083751, 0.0038915]
const C6 = [-0.4803, -0.082676, 0.0030302]
const G = [-2.273, 0.459]

/** c[0] + c[1]·x + c[2]·x² + … */
function poly(c: readonly number[], x: number): number {
  let r = 0
  for (let i = c.length - 1; i >= 0; i--) r = r * x + c[i]
  return r
}

/**
 * The Shapiro–Wilk test of normality, computed as algorithm AS R94 (Royston 1995) does — the
 * algorithm behind `scipy.stats.shapiro`: Royston's (1992) approximation of the coefficients
 * `a` from normal order-statistic scores, W as the squared correlation of `a` with the sorted
 * sample (computed as 1 − (1 − W) to keep precision near 1), the exact p-value for n = 3, and
 * Royston's normalising transformations of W for 4 ≤ n ≤ 11 and n ≥ 12.
 *
 * Computed in doubles; scipy (1.10) runs the same algorithm in single precision, so values agree to
 * about 1e-6. Valid for 3 ≤ n ≤ 5000 (the p-value approximation was fitted up to 5000; larger
 * samples are still accepted, as scipy does).
 *
 * @throws RangeError for fewer than 3 values, a non-finite value, or a sample whose values are all
 *   equal (W is undefined: the range is zero).
 * @example
 * shapiroWilk([2.1, 3.4, 1.9, 5.6, 4.2, 3.3, 2.8])   // { w: 0.93905…, pValue: 0.6302…, n: 7 } (scipy: 0.93905, 0.6302)
 */
export function shapiroWilk(sample: ArrayLike<number>): ShapiroWilkResult {
  const n = sample?.length
  if (typeof n !== 'number') throw new TypeError(`sample: expected an array of numbers, found ${typeof sample}`)
  if (n < 3) throw new RangeError(`sample: Shapiro–Wilk needs at least 3 values, found ${n}`)
  const x = Float64Array.from(sample as ArrayLike<number>)
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`sample[${i}]: expected a finite number, found ${x[i]}`)
  }
  x.sort()
  const range = x[n - 1] - x[0]
  if (!(range > 0)) throw new RangeError(`sample: all ${n} values are equal (${x[0]}); W is undefined for a sample with zero range`)
  const a = coefficients(n)

  // W as the squared correlation of the antisymmetric coefficient vector with the scaled sample.
  const half = Math.floor(n / 2)
  const coef = (i: number): number => (i < half ? -a[i] : n - 1 - i < half ? a[n - 1 - i] : 0)
  let sx = 0
  let sa = 0
  for (let i = 0; i < n; i++) {
    sx += x[i] / range
    sa += coef(i)
  }
  sx /= n
  sa /= n
  let ssa = 0
  let ssx = 0
  let sax = 0
  for (let i = 0; i < n; i++) {
    const asa = coef(i) - sa
    const xsx = x[i] / range - sx
    ssa += asa * asa
    ssx += xsx * xsx
    sax += asa * xsx
  }
  const ssassx = Math.sqrt(ssa * ssx)
  // 1 − W, computed so that W very close to 1 (large samples) keeps its precision.
  const w1 = ((ssassx - sax) * (ssassx + sax)) / (ssa * ssx)
  const w = 1 - w1
  return { w, pValue: pValue(w, w1, n), n }
}

/** The first ⌊n/2⌋ Shapiro–Wilk coefficients (the others are their mirror with opposite sign). */
function coefficients(n: number): Float64Array {
  const half = Math.floor(n / 2)
  const a = new Float64Array(half)
  if (n === 3) {
    a[0] = Math.SQRT1_2
    return a
  }
  const m = new Float64Array(half)
  let summ2 = 0
  for (let i = 0; i < half; i++) {
    m[i] = normalQuantile((i + 1 - 0.375) / (n + 0.25))
    summ2 += m[i] * m[i]
  }
  summ2 *= 2
  const ssumm2 = Math.sqrt(summ2)
  const rsn = 1 / Math.sqrt(n)
  const a1 = poly(C1, rsn) - m[0] / ssumm2
  let first: number
  let fac: number
  if (n > 5) {
    first = 2
    const a2 = -m[1] / ssumm2 + poly(C2, rsn)
    fac = Math.sqrt((summ2 - 2 * m[0] ** 2 - 2 * m[1] ** 2) / (1 - 2 * a1 ** 2 - 2 * a2 ** 2))
    a[1] = a2
  } else {
    first = 1
    fac = Math.sqrt((summ2 - 2 * m[0] ** 2) / (1 - 2 * a1 ** 2))
  }
  a[0] = a1
  for (let i = first; i < half; i++) a[i] = -m[i] / fac
  return a
}

/** Royston's p-value for W (exact for n = 3). */
function pValue(w: number, w1: number, n: number): number {
  if (n === 3) {
    // P(W ≤ w) = (6/π)(asin √w − π/3) for n = 3.
    return Math.max(0, (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.PI / 3))
  }
  let y = Math.log(w1)
  let mean: number
  let sd: number
  if (n <= 11) {
    const gamma = poly(G, n)
    // W this far below 1 is beyond the approximation's range: as AS R94, report a vanishing p.
    if (y >= gamma) return 1e-99
    y = -Math.log(gamma - y)
    mean = poly(C3, n)
    sd = Math.exp(poly(C4, n))
  } else {
    const ln = Math.log(n)
    mean = poly(C5, ln)
    sd = Math.exp(poly(C6, ln))
  }
  // Upper tail of N(mean, sd) at y: a large log(1 − W) means W is far from 1.
  return normalCdf(-(y - mean) / sd)
}
