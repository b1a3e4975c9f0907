import { auc } from '../../metrics/auc.js'
import { ratiosFromMeans, referenceMeans, rmiaScores } from './rmia-scores.js'
import type { TunedParameters } from './types.js'

/** The values of `a` that `a: "tune"` tries, as ML Privacy Meter does: 0, 0.1, …, 1. */
export const RMIA_A_GRID: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10)

/** At most this many reference models play the target in turn (the cost grows with each). */
const RMIA_TUNE_MAX_ROUNDS = 8

/**
 * RMIA's `a` picked from the reference models alone, after ML Privacy Meter (which attacks one
 * reference model with the others and keeps the `a` of the best AUC): each of the first
 * {@link RMIA_TUNE_MAX_ROUNDS} reference models in turn plays the target; its members are the
 * population records it trained on, its non-members the others, which also form its population;
 * RMIA ({@link ratiosFromMeans}, {@link rmiaScores}, with `gamma`) scores them against the other
 * models, and each `a` of {@link RMIA_A_GRID} gets the mean AUC over the rounds. The `a` with the
 * highest mean wins (ties: the smallest). The target's own answers play no part.
 *
 * `refs[j][r]`: model j's probability of population record r's true label; `inside[j][r]` = 1 when
 * model j trained on r.
 *
 * @throws RangeError with fewer than 2 models, or when no model has both IN and OUT records.
 */
export function tuneA(refs: readonly Float64Array[], inside: readonly Uint8Array[], gamma: number): TunedParameters {
  const k = refs.length
  if (k < 2) throw new RangeError(tuneNeedsTwo(k))
  const sums = new Float64Array(RMIA_A_GRID.length)
  let rounds = 0
  for (let j = 0; j < k && rounds < RMIA_TUNE_MAX_ROUNDS; j++) {
    const mask = inside[j]
    const ins: number[] = [], outs: number[] = []
    mask.forEach((v, r) => (v === 1 ? ins : outs).push(r))
    if (ins.length === 0 || outs.length === 0) continue
    // The other models' means do not depend on a: summed once per round, not once per a.
    const means = referenceMeans(mask.length, refs.filter((_, i) => i !== j), inside.filter((_, i) => i !== j))
    RMIA_A_GRID.forEach((a, i) => {
      const ratios = ratiosFromMeans(refs[j], means, a)
      const scores = rmiaScores(ratios, pick(ratios, outs), gamma)
      sums[i] += auc(pick(scores, ins), pick(scores, outs))
    })
    rounds++
  }
  if (rounds === 0) throw new RangeError('settings.a: "tune" needs a reference model that trained on some population records and not on others; none did')
  let best = 0
  for (let i = 1; i < sums.length; i++) if (sums[i] > sums[best]) best = i
  return { a: RMIA_A_GRID[best], referenceAuc: sums[best] / rounds }
}

/** `values` at `indices`, in their order. */
function pick(values: Float64Array, indices: readonly number[]): Float64Array {
  const out = new Float64Array(indices.length)
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]]
  return out
}

/** The refusal of `a: "tune"` with fewer than two reference models. */
export function tuneNeedsTwo(k: number): string {
  return `settings.a: "tune" needs k ≥ 2 reference models (one plays the target, the others are its references), found k = ${k}`
}
