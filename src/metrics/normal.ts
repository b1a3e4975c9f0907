/**
 * The standard normal distribution: CDF Φ and its inverse, in double precision. Used for the DeLong
 * interval here and for later tests that need Φ (e.g. p-values), without pulling in a stats library.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI)

/**
 * Φ(x), the standard normal CDF. Relative error about 1e-16 for |x| ≤ 5 and still about 1e-14 deep
 * in the lower tail (Φ(−30) ≈ 4.9e-198 is not rounded to 0); 0 below x ≈ −37.5, where Φ leaves the
 * range of normalised doubles. Throws a `RangeError` for NaN.
 *
 * @example
 * normalCdf(0)      // 0.5
 * normalCdf(1.96)   // 0.9750021048517795
 */
export function normalCdf(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) throw new RangeError(`x: expected a number, found ${String(x)}`)
  // Φ(x) = erfc(−x/√2)/2 rather than (1 + erf(x/√2))/2: erfc keeps relative precision in the lower
  // tail, where 1 + erf(…) cancels to 0.
  return 0.5 * erfc(-x * Math.SQRT1_2)
}

/**
 * Φ⁻¹(p), the standard normal quantile, accurate to about 2e-16 relative over (0, 1) (checked down
 * to p = 1e-300): Acklam's rational approximation (relative error < 1.2e-9) refined by one Halley
 * step on {@link normalCdf}.
 * Returns −Infinity for 0 and +Infinity for 1; throws a `RangeError` outside [0, 1] or for NaN.
 *
 * @example
 * normalQuantile(0.975)   // 1.959963984540054
 * normalQuantile(0.5)     // 0
 */
export function normalQuantile(p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`p: expected a probability in [0, 1], found ${String(p)}`)
  }
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  // Work in the lower half only: 1 − p is exact for p ≥ 0.5 (Sterbenz), and Φ is accurate in
  // relative terms below 0, which is what the Halley step needs for tiny tail probabilities.
  if (p > 0.5) return -lowerQuantile(1 - p)
  return lowerQuantile(p)
}

/** Φ⁻¹(p) for 0 < p ≤ 0.5. */
function lowerQuantile(p: number): number {
  let x = acklam(p)
  const e = normalCdf(x) - p
  // Halley's step for Φ(x) = p uses 1/φ(x) = √(2π)·exp(x²/2); for p near the smallest doubles it
  // overflows, and there Acklam's 1e-9 is all that can be had anyway.
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x)
  if (Number.isFinite(u)) x -= u / (1 + 0.5 * x * u)
  return x
}

// Acklam (2003), "An algorithm for computing the inverse normal cumulative distribution function".
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
const P_LOW = 0.02425

/** Acklam's approximation of Φ⁻¹(p) for 0 < p ≤ 0.5 (the lower region and the central region). */
function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  }
  const q = p - 0.5
  const r = q * q
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
}

// W. J. Cody (1969), "Rational Chebyshev approximations for the error function", Math. Comp. 23,
// 631–638, with the double-precision coefficients of his CALERF routine (netlib specfun).
const ERF_NUM = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153]
const ERF_DEN = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062]
const MID_NUM = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131,
  881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
]
const MID_DEN = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019,
  3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
]
const TAIL_NUM = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978]
const TAIL_DEN = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185]
const ONE_OVER_SQRT_PI = 0.56418958354775628695
/** Above this, erfc(x) underflows to 0 in double precision. */
const ERFC_ZERO = 26.543

/** erfc(x) for any non-NaN x, by Cody's three intervals. */
function erfc(x: number): number {
  const y = Math.abs(x)
  let r: number
  if (y <= 0.46875) {
    // Near 0 erf is the accurate quantity; 1 − erf loses nothing here since erf ≤ 0.5.
    const z = y * y
    let num = ERF_NUM[4] * z, den = z
    for (let i = 0; i < 3; i++) { num = (num + ERF_NUM[i]) * z; den = (den + ERF_DEN[i]) * z }
    return 1 - (x * (num + ERF_NUM[3])) / (den + ERF_DEN[3])
  } else if (y <= 4) {
    let num = MID_NUM[8] * y, den = y
    for (let i = 0; i < 7; i++) { num = (num + MID_NUM[i]) * y; den = (den + MID_DEN[i]) * y }
    r = expMinusSquare(y) * (num + MID_NUM[7]) / (den + MID_DEN[7])
  } else if (y >= ERFC_ZERO) {
    r = 0
  } else {
    const z = 1 / (y * y)
    let num = TAIL_NUM[5] * z, den = z
    for (let i = 0; i < 4; i++) { num = (num + TAIL_NUM[i]) * z; den = (den + TAIL_DEN[i]) * z }
    r = expMinusSquare(y) * (ONE_OVER_SQRT_PI - (z * (num + TAIL_NUM[4])) / (den + TAIL_DEN[4])) / y
  }
  return x < 0 ? 2 - r : r
}

/**
 * log(erfc(x)), accurate where erfc itself underflows (x > 26.5): past x = 4 the Cody tail form
 * erfc(y) = exp(−y²)·R(y)/y is taken in logs. Used by the RDP accountant's fractional orders.
 *
 * @example
 * logErfc(0)     // log(1) = 0
 * logErfc(40)    // ≈ −1604.4 (erfc(40) underflows)
 */
export function logErfc(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) throw new RangeError(`x: expected a number, found ${String(x)}`)
  if (x <= 4) return Math.log(erfc(x))
  const z = 1 / (x * x)
  let num = TAIL_NUM[5] * z, den = z
  for (let i = 0; i < 4; i++) { num = (num + TAIL_NUM[i]) * z; den = (den + TAIL_DEN[i]) * z }
  const head = Math.trunc(x * 16) / 16
  return -head * head - (x - head) * (x + head) + Math.log((ONE_OVER_SQRT_PI - (z * (num + TAIL_NUM[4])) / (den + TAIL_DEN[4])) / x)
}

/**
 * exp(−y²) without the rounding error of y²: y is split into a part with 4 fractional bits, whose
 * square is exact, and a remainder handled by a second, small exponent (Cody's device).
 */
function expMinusSquare(y: number): number {
  const head = Math.trunc(y * 16) / 16
  return Math.exp(-head * head) * Math.exp(-(y - head) * (y + head))
}
