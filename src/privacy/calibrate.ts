import { checkDelta, checkEpsilon, checkSampleRate, checkSteps } from './checks.js'
import { dpsgdEpsilon } from './rdp.js'

/** Options of {@link calibrateNoiseMultiplier}. */
export interface CalibrateOptions {
  /** The ε the run may spend (> 0). */
  targetEpsilon: number
  /** q: the Poisson sampling probability, in (0, 1]. */
  sampleRate: number
  /** Number of noisy steps (a positive integer). */
  steps: number
  /** δ, in (0, 1). */
  delta: number
  /** Absolute tolerance on σ; the result is within this of the smallest admissible σ (default 1e-6). */
  tolerance?: number
}

/** Larger σ is not searched: past it a target is treated as unreachable (σ = 1e4 is ε ≈ 0 for any sane run). */
export const MAX_NOISE_MULTIPLIER = 1e4

/**
 * The smallest noise multiplier σ (to `tolerance`) whose {@link dpsgdEpsilon} at (q, steps, δ) is at
 * most `targetEpsilon`: doubling to bracket, then regula falsi (Illinois) on the monotone ε(σ). The returned σ
 * always meets the target (it is the upper end of the final bracket).
 *
 * @example
 * calibrateNoiseMultiplier({ targetEpsilon: 2, sampleRate: 0.01, steps: 1000, delta: 1e-5 })  // ≈ 0.87
 */
export function calibrateNoiseMultiplier(options: CalibrateOptions): number {
  const { targetEpsilon, sampleRate, steps, delta } = options
  const tolerance = options.tolerance ?? 1e-6
  checkEpsilon(targetEpsilon, 'targetEpsilon')
  checkSampleRate(sampleRate)
  checkSteps(steps)
  checkDelta(delta)
  if (delta === 0) throw new RangeError('delta: the Gaussian mechanism needs δ > 0 for a finite ε; use a value below 1/records, e.g. 1e-5')
  if (!(tolerance > 0)) throw new RangeError(`tolerance: expected a number > 0, found ${String(tolerance)}; omit it for 1e-6`)
  const excess = (sigma: number): number => dpsgdEpsilon({ noiseMultiplier: sigma, sampleRate, steps, delta }).epsilon - targetEpsilon
  // Invariant: excess(lo) > 0 ≥ excess(hi). At lo = 0 there is no privacy: ε = ∞.
  let lo = 0, hi = 1
  let fLo = Infinity, fHi = excess(hi)
  while (fHi > 0) {
    lo = hi
    fLo = fHi
    hi *= 2
    if (hi > MAX_NOISE_MULTIPLIER) {
      throw new RangeError(
        `targetEpsilon: ${targetEpsilon} is not reached by any noise multiplier up to ${MAX_NOISE_MULTIPLIER} with sampleRate ${sampleRate}, ${steps} steps and delta ${delta}; ` +
        'raise targetEpsilon, train fewer steps or with a smaller sampleRate, or raise delta (still below 1/records)',
      )
    }
    fHi = excess(hi)
  }
  // Regula falsi, Illinois variant: each accountant run costs milliseconds (every Rényi order's
  // series), and ε(σ) is smooth enough between orders that this needs about a third of the runs
  // bisection did. Steps stay at least tolerance/2 inside the bracket, so it always shrinks.
  let kept = 0
  while (hi - lo > tolerance) {
    const guess = Number.isFinite(fLo) ? hi - (fHi * (hi - lo)) / (fHi - fLo) : (lo + hi) / 2
    const mid = Math.min(hi - tolerance / 2, Math.max(lo + tolerance / 2, guess))
    const f = excess(mid)
    if (f > 0) {
      lo = mid
      fLo = f
      // hi kept twice running: halve its weight, or the guesses creep toward the root from one side.
      if (kept === 1) fHi /= 2
      kept = 1
    } else {
      hi = mid
      fHi = f
      if (kept === -1) fLo /= 2
      kept = -1
    }
  }
  return hi
}
