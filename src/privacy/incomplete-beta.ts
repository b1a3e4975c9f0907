/**
 * The regularised incomplete beta function and what the audits build on it: binomial tails and the
 * Clopper–Pearson upper limit (a beta quantile). Double precision, no stats library.
 */
import { logGamma } from './log-gamma.js'

/**
 * I_x(a, b), the regularised incomplete beta function (a, b > 0, x in [0, 1]), by the continued
 * fraction of Numerical Recipes §6.4 (modified Lentz), applied on the side where it converges fast.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  return incompleteBetaWith(x, a, b, logGamma(a + b) - logGamma(a) - logGamma(b))
}

/** {@link incompleteBeta} given log(1/B(a, b)) = logΓ(a+b) − logΓ(a) − logΓ(b), for callers that vary only x. */
function incompleteBetaWith(x: number, a: number, b: number, logInverseBeta: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const logFront = logInverseBeta + a * Math.log(x) + b * Math.log1p(-x)
  if (x < (a + 1) / (a + b + 2)) return Math.exp(logFront) * betaFraction(x, a, b) / a
  return 1 - Math.exp(logFront) * betaFraction(1 - x, b, a) / b
}

const TINY = 1e-300

function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b, qap = a + 1, qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) break
  }
  return h
}

/** P[X ≥ k] for X ~ Binomial(n, p) (scipy's `binom.sf(k − 1, n, p)`). */
export function binomialTailAtLeast(k: number, n: number, p: number): number {
  if (k <= 0) return 1
  if (k > n) return 0
  if (p <= 0) return 0
  if (p >= 1) return 1
  return incompleteBeta(p, k, n - k + 1)
}

/**
 * The one-sided Clopper–Pearson upper confidence limit for a proportion after k successes in n
 * trials: the p with P[Binomial(n, p) ≤ k] = significance, i.e. the (1 − significance) quantile of
 * Beta(k + 1, n − k); 1 when k = n. Found by bisection on {@link incompleteBeta} to ~1e-15 relative.
 */
export function clopperPearsonUpper(k: number, n: number, significance: number): number {
  if (k >= n) return 1
  const target = 1 - significance
  const a = k + 1, b = n - k
  // The Γ terms depend on k and n only: once per limit, not once per bisection step.
  const logInverseBeta = logGamma(a + b) - logGamma(a) - logGamma(b)
  let lo = 0, hi = 1
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2
    if (incompleteBetaWith(mid, a, b, logInverseBeta) < target) lo = mid
    else hi = mid
  }
  return hi
}
