import type { Target, TargetLike } from '../../targets/target.js'
import { found, innerTarget, mapRows, positiveNumber, type OutputControl } from './common.js'

/** Options of {@link reverseSigmoid}. */
export interface ReverseSigmoidOptions {
  /** Magnitude β of the perturbation, > 0. Default 1.0 (as ART's `ReverseSigmoid`). */
  beta?: number
  /** Dataset/shape parameter γ, > 0. Default 0.1 (as ART's `ReverseSigmoid`). */
  gamma?: number
}

/** Default β, as in ART's `ReverseSigmoid` postprocessor. */
export const REVERSE_SIGMOID_BETA = 1.0
/** Default γ, as in ART's `ReverseSigmoid` postprocessor. */
export const REVERSE_SIGMOID_GAMMA = 0.1
/** Clip of p before σ⁻¹ (ART's `clip_min`), so that σ⁻¹(0) and σ⁻¹(1) stay finite. */
const CLIP = 1e-9

/**
 * The reverse-sigmoid perturbation (Lee et al., 2019, "Defending against NN model stealing attacks
 * using deceptive perturbations"), as ART's `ReverseSigmoid` postprocessor applies it to each
 * probability of a multi-class answer:
 *
 *   p' = p − β·(σ(γ·σ⁻¹(p)) − ½),  σ⁻¹(p) = log(p / (1 − p)) on p clipped to [1e-9, 1 − 1e-9],
 *
 * then p' clipped to [0, 1] and the row renormalised to sum to 1. Defaults β = 1.0, γ = 0.1 (ART's).
 * The formula is applied per column whatever the number of classes (ART's special case for a
 * single-output binary model does not arise: targets here always answer one column per class).
 *
 * Accuracy cost: the map is not monotone near 0 and 1 — that is the point of the defence against
 * extraction with soft labels, and its price. With the defaults a class of probability ≈ 0 is lifted
 * to ≈ 0.388 before renormalising, while the map is increasing on [0.1, 0.9] and stays ≥ 0.5 on
 * [0.5, 1]: so the argmax is kept whenever the top probability is ≥ 0.5 (the common case for a
 * trained classifier), and may move to a near-zero class when the top probability is below ≈ 0.39.
 * A larger β or γ widens that region: `beta: 3` changes the top class of very confident answers.
 *
 * Does not stop: label-only attacks (`label-gap`, `label-noise`), nor extraction with hard labels
 * (the surrogate learns the argmax, which is kept). Against confidence attacks it only reshapes the
 * scores; measure it.
 *
 * @example
 * const t = reverseSigmoid()(model)                        // β 1.0, γ 0.1
 * const u = reverseSigmoid({ beta: 0.5, gamma: 0.2 })(model)
 */
export function reverseSigmoid(options: ReverseSigmoidOptions = {}): OutputControl {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`reverseSigmoid: options: expected an object { beta?, gamma? }, found ${found(options)}`)
  }
  const beta = options.beta === undefined ? REVERSE_SIGMOID_BETA : positiveNumber(options.beta, 'reverseSigmoid: beta')
  const gamma = options.gamma === undefined ? REVERSE_SIGMOID_GAMMA : positiveNumber(options.gamma, 'reverseSigmoid: gamma')
  const control = `reverseSigmoid(beta ${beta}, gamma ${gamma})`
  return (target: TargetLike): Target => {
    const inner = innerTarget(target, control)
    return mapRows(inner, control, (row) => reverseSigmoidRow(row, beta, gamma))
  }
}

/** Applies the perturbation to one row in place (before renormalisation). */
export function reverseSigmoidRow(row: Float64Array, beta: number, gamma: number): void {
  for (let c = 0; c < row.length; c++) {
    const p = row[c]
    const q = Math.min(Math.max(p, CLIP), 1 - CLIP)
    const r = beta * (1 / (1 + Math.exp(-gamma * Math.log(q / (1 - q)))) - 0.5)
    row[c] = Math.min(Math.max(p - r, 0), 1)
  }
}
