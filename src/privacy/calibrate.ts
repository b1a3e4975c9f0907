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
 * most `targetEpsilon`: doubling to bracket, then bisection on the monotone ε(σ). The returned σ
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
  const eps = (sigma: number): number => dpsgdEpsilon({ noiseMultiplier: sigma, sampleRate, steps, delta }).epsilon
  let lo = 0, hi = 1
  while (eps(hi) > targetEpsilon) {
    lo = hi
    hi *= 2
    if (hi > MAX_NOISE_MULTIPLIER) {
      throw new RangeError(
        `targetEpsilon: ${targetEpsilon} is not reached by any noise multiplier up to ${MAX_NOISE_MULTIPLIER} with sampleRate ${sampleRate}, ${steps} steps and delta ${delta}; ` +
        'raise targetEpsilon, train fewer steps or with a smaller sampleRate, or raise delta (still below 1/records)',
      )
    }
  }
  while (hi - lo > tolerance) {
    const mid = (lo + hi) / 2
    if (eps(mid) > targetEpsilon) lo = mid
    else hi = mid
  }
  return hi
}
