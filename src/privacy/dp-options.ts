/**
 * DP-SGD options (`TrainOptions.dp`) and their resolution into what the training loop and the
 * accountant need: the noise multiplier (given, or calibrated to a target ε), the Poisson sampling
 * rate, the step count and the ε the run spends.
 */
import { calibrateNoiseMultiplier } from './calibrate.js'
import { checkClipNorm, checkDelta, checkEpsilon, checkNoiseMultiplier, checkSampleRate, deltaWarning } from './checks.js'
import { dpsgdEpsilon } from './rdp.js'

/**
 * DP-SGD settings: give exactly one of `noiseMultiplier` and `targetEpsilon`. Batches are Poisson
 * samples (each record joins each step independently with probability `sampleRate`, default
 * `batchSize / records`) — the sampling the accountant assumes; no fixed-size shuffle is offered.
 */
export interface DpOptions {
  /** σ: Gaussian noise standard deviation over the clip norm, added to the summed clipped gradients. */
  noiseMultiplier?: number
  /** The ε to spend at `delta`: σ is calibrated to the smallest value that meets it. */
  targetEpsilon?: number
  /** C: every per-example gradient is scaled down to L2 norm at most C. */
  clipNorm: number
  /** q: per-step sampling probability of a record, in (0, 1]; default `batchSize / records`. */
  sampleRate?: number
  /** δ of the guarantee; default 1/(10·records). Should be below 1/records. */
  delta?: number
}

/** A DP-SGD run's settings after resolution, and its accountant ε. */
export interface DpPlan {
  noiseMultiplier: number
  clipNorm: number
  sampleRate: number
  delta: number
  /** Noisy steps per epoch: round(1/q), so an epoch touches each record once in expectation. */
  stepsPerEpoch: number
  steps: number
  /** ε at `delta` from the RDP accountant (Infinity when σ = 0). */
  epsilon: number
  /** Set when δ is not below 1/records. */
  warning?: string
}

/**
 * Checks `dp` (options named `options.dp.*`) and resolves it for `records` rows, `epochs` epochs and
 * the mini-batch size that gives the default sampling rate.
 */
export function resolveDp(dp: DpOptions, records: number, epochs: number, batchSize: number): DpPlan {
  if (dp === null || typeof dp !== 'object') throw new TypeError(`options.dp: expected { clipNorm, noiseMultiplier | targetEpsilon, sampleRate?, delta? }, found ${String(dp)}`)
  checkClipNorm(dp.clipNorm, 'options.dp.clipNorm')
  const sampleRate = dp.sampleRate ?? Math.min(1, batchSize / records)
  checkSampleRate(sampleRate, dp.sampleRate === undefined ? 'options.dp.sampleRate (batchSize / records)' : 'options.dp.sampleRate')
  const delta = dp.delta ?? 1 / (10 * records)
  checkDelta(delta, 'options.dp.delta')
  const stepsPerEpoch = Math.max(1, Math.round(1 / sampleRate))
  const steps = epochs * stepsPerEpoch
  const hasSigma = dp.noiseMultiplier !== undefined, hasTarget = dp.targetEpsilon !== undefined
  if (hasSigma === hasTarget) {
    throw new RangeError(`options.dp: give exactly one of noiseMultiplier and targetEpsilon, found ${hasSigma ? 'both' : 'neither'}; e.g. { clipNorm: 1, targetEpsilon: 2 }`)
  }
  let noiseMultiplier: number
  if (hasTarget) {
    checkEpsilon(dp.targetEpsilon, 'options.dp.targetEpsilon')
    if (delta === 0) throw new RangeError('options.dp.delta: a target ε needs δ > 0; use a value below 1/records')
    try {
      noiseMultiplier = calibrateNoiseMultiplier({ targetEpsilon: dp.targetEpsilon, sampleRate, steps: Math.max(1, steps), delta })
    } catch (e) {
      throw new RangeError(`options.dp.${(e as Error).message}`)
    }
  } else {
    checkNoiseMultiplier(dp.noiseMultiplier, 'options.dp.noiseMultiplier')
    noiseMultiplier = dp.noiseMultiplier
  }
  const { epsilon } = dpsgdEpsilon({ noiseMultiplier, sampleRate, steps, delta })
  const warning = deltaWarning(delta, records, 'options.dp.delta')
  return { noiseMultiplier, clipNorm: dp.clipNorm, sampleRate, delta, stepsPerEpoch, steps, epsilon, ...(warning ? { warning } : {}) }
}
