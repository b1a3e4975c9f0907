/**
 * Rényi-DP accountant for DP-SGD: the Poisson-subsampled Gaussian mechanism (Mironov, Talwar &
 * Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530),
 * composed over steps and converted to (ε, δ). It reproduces the computation of Google's
 * `dp_accounting` RDP accountant (0.6.0), checked against its values in
 * test/unit/privacy/dp-accounting-values.json.
 *
 * Convention (the same as `dp_accounting`): for fractional orders the series terms are summed in
 * absolute value (log|C(α, i)|), which over-estimates A_α, so the RDP — and the ε derived from it —
 * is an upper bound on the exact value, never below it. Opacus keeps the signs (tighter, exact).
 */
import { logErfc } from '../metrics/normal.js'
import { logBinomial } from './log-gamma.js'
import { checkDelta, checkNoiseMultiplier, checkSampleRate, checkSteps } from './checks.js'

/**
 * `dp_accounting`'s default Rényi orders: 1.1–10.9 by 0.1, 11–63, 128, 256, 512, 1024.
 * Built as `1 + x / 10` like the reference so the doubles agree bit for bit.
 */
export const DEFAULT_RDP_ORDERS: readonly number[] = Object.freeze([
  ...Array.from({ length: 99 }, (_, i) => 1 + (i + 1) / 10),
  ...Array.from({ length: 53 }, (_, i) => 11 + i),
  128, 256, 512, 1024,
])

/** Options of {@link dpsgdEpsilon}. */
export interface DpsgdEpsilonOptions {
  /** σ: the noise standard deviation over the clip norm (≥ 0; 0 means no privacy). */
  noiseMultiplier: number
  /** q: the Poisson sampling probability of each record in a step, in (0, 1]. */
  sampleRate: number
  /** Number of noisy steps (a non-negative integer). */
  steps: number
  /** Target δ, in [0, 1). */
  delta: number
  /** Rényi orders to optimise over (each > 1); defaults to {@link DEFAULT_RDP_ORDERS}. */
  orders?: readonly number[]
}

/** The (ε, δ) guarantee of a DP-SGD run and the Rényi order that gave it. */
export interface DpsgdEpsilon {
  /** ε at the requested δ (Infinity when σ = 0). */
  epsilon: number
  /** The Rényi order at which the conversion was tightest. */
  order: number
}

/**
 * ε of DP-SGD with Poisson sampling rate q, noise multiplier σ, over `steps` steps, at δ: the RDP
 * of the subsampled Gaussian at each order, times `steps`, converted with the bound of Canonne,
 * Kamath & Steinke (2020, arXiv:2004.00010, Prop. 12) and minimised over the orders.
 *
 * @example
 * // Abadi et al. (2016), MNIST: q = 256/60000, σ = 1.1, 60 epochs, δ = 1e-5
 * dpsgdEpsilon({ noiseMultiplier: 1.1, sampleRate: 256 / 60000, steps: 14062, delta: 1e-5 }).epsilon  // ≈ 2.92
 */
export function dpsgdEpsilon(options: DpsgdEpsilonOptions): DpsgdEpsilon {
  const { noiseMultiplier, sampleRate, steps, delta } = options
  checkNoiseMultiplier(noiseMultiplier)
  checkSampleRate(sampleRate)
  checkSteps(steps)
  checkDelta(delta)
  const orders = options.orders ?? DEFAULT_RDP_ORDERS
  if (orders.length === 0 || orders.some((a) => !(a > 1) || !Number.isFinite(a))) {
    throw new RangeError(`orders: expected finite Rényi orders above 1, found [${orders.join(', ')}]; omit it for the default list`)
  }
  // 0 steps spend nothing, even at σ = 0 (0·∞ would be NaN).
  const rdp = orders.map((a) => (steps === 0 ? 0 : steps * subsampledGaussianRdp(sampleRate, noiseMultiplier, a)))
  return rdpToEpsilon(orders, rdp, delta)
}

/**
 * RDP at order α of one step of the Poisson-subsampled Gaussian mechanism (sampling rate q,
 * noise multiplier σ): log(A_α)/(α − 1), with A_α from the integer-order sum or the fractional-order
 * series of Mironov et al. §3.3. Infinity when σ = 0 or the series does not converge.
 */
export function subsampledGaussianRdp(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0
  if (sigma === 0) return Infinity
  if (q === 1) return alpha / (2 * sigma * sigma)
  const logA = Number.isInteger(alpha) ? logAInteger(q, sigma, alpha) : logAFractional(q, sigma, alpha)
  return logA / (alpha - 1)
}

/** log A_α for integer α: Σ_i C(α,i) q^i (1−q)^(α−i) exp((i²−i)/(2σ²)). */
function logAInteger(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity
  const logQ = Math.log(q), log1mQ = Math.log1p(-q)
  for (let i = 0; i <= alpha; i++) {
    const term = logBinomial(alpha, i) + i * logQ + (alpha - i) * log1mQ + (i * i - i) / (2 * sigma * sigma)
    logA = logAddExp(logA, term)
  }
  return logA
}

/** The fractional series gives up after this many terms (then the order is skipped: ε ignores it). */
const MAX_FRACTIONAL_TERMS = 1000

/**
 * log A_α for fractional α (Mironov et al. §3.3): the integrals over (−∞, z₀] and [z₀, ∞) as two
 * series, summed until both terms fall and are e^−30 below the total — the reference's stopping rule.
 */
function logAFractional(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity, logA1 = -Infinity
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5
  const logQ = Math.log(q), log1mQ = Math.log1p(-q)
  const sqrt2Sigma = Math.SQRT2 * sigma
  let lastS0 = -Infinity, lastS1 = -Infinity
  for (let i = 0; i < MAX_FRACTIONAL_TERMS; i++) {
    const logCoef = logBinomial(alpha, i)
    const j = alpha - i
    const logT0 = logCoef + i * logQ + j * log1mQ
    const logT1 = logCoef + j * logQ + i * log1mQ
    const logE0 = Math.log(0.5) + logErfc((i - z0) / sqrt2Sigma)
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / sqrt2Sigma)
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1
    logA0 = logAddExp(logA0, logS0)
    logA1 = logAddExp(logA1, logS1)
    const total = logAddExp(logA0, logA1)
    if (logS0 < lastS0 && logS1 < lastS1 && Math.max(logS0, logS1) < total - 30) return total
    lastS0 = logS0
    lastS1 = logS1
  }
  return Infinity
}

/**
 * The (ε, δ) conversion of RDP values (Canonne et al. 2020, Prop. 12; also Asoodeh et al. 2020,
 * eq. 20), with the KL shortcut ε = 0 when δ² > 1 − e^−rdp, minimised over orders.
 */
export function rdpToEpsilon(orders: readonly number[], rdp: readonly number[], delta: number): DpsgdEpsilon {
  if (delta === 0) return rdp.every((r) => r === 0) ? { epsilon: 0, order: 0 } : { epsilon: Infinity, order: 0 }
  let best = Infinity, bestOrder = orders[0]
  for (let k = 0; k < orders.length; k++) {
    const a = orders[k], r = rdp[k]
    let eps: number
    if (r < 0) eps = 0
    else if (delta * delta + Math.expm1(-r) > 0) eps = 0
    else if (a > 1.01) eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1)
    else eps = Infinity
    // Strictly below, so ties keep the first order, as numpy's argmin does.
    if (eps < best) { best = eps; bestOrder = a }
  }
  return { epsilon: Math.max(0, best), order: bestOrder }
}

/** log(eˣ + eʸ) without overflow. */
function logAddExp(x: number, y: number): number {
  const a = Math.min(x, y), b = Math.max(x, y)
  if (a === -Infinity) return b
  return Math.log1p(Math.exp(a - b)) + b
}
