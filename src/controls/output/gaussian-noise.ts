import { createRng } from '../../data/rng.js'
import type { Target, TargetLike } from '../../targets/target.js'
import { found, innerTarget, mapRows, positiveNumber, type OutputControl } from './common.js'

/** Options of {@link gaussianNoise}. */
export interface GaussianNoiseOptions {
  /** Standard deviation of the noise added to each probability, > 0 (e.g. 0.01–0.1). */
  scale: number
  /** Seed of the wrapper's noise stream (an integer). Default 0. */
  seed?: number
}

/** Values below this floor after adding the noise are raised to it, so no class reads exactly 0. */
export const NOISE_FLOOR = 1e-6

/**
 * Noisy outputs: adds N(0, scale²) to each probability, raises every value to at least
 * {@link NOISE_FLOOR} (1e-6), and renormalises the row to sum to 1. Each wrapper owns one seeded
 * stream (`createRng(seed)`), drawn in row-major order of the answers it returns: the same seed and
 * the same sequence of (awaited) queries give the same answers, bit for bit. Concurrent queries on
 * one wrapper draw in the order their inner answers arrive.
 *
 * Accuracy cost: the argmax is NOT guaranteed — whenever the top two probabilities differ by less
 * than a few `scale`, the noise can swap them. Asking the same record twice gives two different
 * answers, so an attacker can average the noise away by repeating queries (each one counted).
 *
 * Does not stop: label-only attacks (`label-gap`, `label-noise`) wherever the top class survives the
 * noise, and confidence attacks once the noise is averaged out over repeated queries.
 *
 * @example
 * const t = gaussianNoise({ scale: 0.05, seed: 1 })(model)
 */
export function gaussianNoise(options: GaussianNoiseOptions): OutputControl {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`gaussianNoise: options: expected an object { scale, seed? }, found ${found(options)}`)
  }
  const scale = positiveNumber(options.scale, 'gaussianNoise: scale')
  const seed = options.seed ?? 0
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new RangeError(`gaussianNoise: seed: expected an integer, found ${found(options.seed)}`)
  }
  const control = `gaussianNoise(scale ${scale}, seed ${seed})`
  return (target: TargetLike): Target => {
    const inner = innerTarget(target, control)
    const rng = createRng(seed)
    return mapRows(inner, control, (row) => {
      for (let c = 0; c < row.length; c++) row[c] = Math.max(row[c] + scale * rng.normal(), NOISE_FLOOR)
    })
  }
}
