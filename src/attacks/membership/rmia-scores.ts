/**
 * RMIA's scoring (see rmia.ts for the attack): the offline marginal, each record's likelihood
 * ratio against its OUT reference models, and the pairwise test against the population. One home
 * for outputs trained here and outputs read from files.
 */
import type { AttackScores } from './attack.js'
import { countBelow } from '../../metrics/sorted-counts.js'

/**
 * Smallest probability divided by or into (the float32 denormal floor, as in the loss score): a
 * target probability of exactly 0 gives ratio ~0 instead of 0/0, and Pr(x) with a = 1 and a mean
 * of 0 gives a finite ratio instead of ∞.
 */
const PROB_FLOOR = 1e-45

/**
 * RMIA's offline estimate of Pr(x) = ½(p_IN(x) + p_OUT(x)) from the OUT mean only:
 * `½((1 + a)·meanOut + (1 − a))`, i.e. p_IN(x) is approximated by a·meanOut + (1 − a).
 */
export function offlineMarginal(meanOut: number, a: number): number {
  return 0.5 * ((1 + a) * meanOut + (1 - a))
}

/**
 * RMIA's pairwise test, for every x: the share of the population whose likelihood ratio x beats
 * by more than γ,
 *
 *     score(x) = |{ z : ratioX(x) / ratioZ(z) > γ }| / |Z|,
 *
 * computed as |{ z : ratioZ(z) < ratioX(x) / γ }| on a sorted copy of `ratioZ` with a binary search
 * per x: O((n + |Z|) log |Z|) rather than O(n·|Z|). Ratios must be positive (the two forms of the
 * test agree for positive ratioZ, up to rounding at exact equality).
 */
export function rmiaScores(ratioX: Float64Array, ratioZ: Float64Array, gamma: number): Float64Array {
  if (ratioZ.length === 0) throw new RangeError('rmiaScores: ratioZ: expected at least one population record, found 0')
  const sorted = ratioZ.slice().sort()
  const m = sorted.length
  const out = new Float64Array(ratioX.length)
  for (let i = 0; i < ratioX.length; i++) {
    out[i] = countBelow(sorted, ratioX[i] / gamma) / m
  }
  return out
}

/**
 * What RMIA's ratios take from the reference models, which does not depend on `a`: per record,
 * the mean of the models OUT for it (`hasOut[r]` = 1) or, for a record no model is OUT for, the
 * mean of those IN for it. Computed once and reused for every `a` that `a: "tune"` tries.
 */
export interface ReferenceMeans {
  /** Per record: the OUT mean when `hasOut[r]` is 1, else the IN mean. */
  mean: Float64Array
  /** Per record: 1 when at least one model is OUT for it. */
  hasOut: Uint8Array
}

/**
 * The {@link ReferenceMeans} of `n` records: `refs[j][r]` reference model j's probability of record
 * r's true label, `inside[j][r]` = 1 when model j trained on r (all OUT without `inside`).
 */
export function referenceMeans(n: number, refs: readonly Float64Array[], inside: readonly Uint8Array[] | undefined): ReferenceMeans {
  const sumOut = new Float64Array(n), countOut = new Int32Array(n)
  const sumIn = new Float64Array(n), countIn = new Int32Array(n)
  refs.forEach((p, j) => {
    const mask = inside?.[j]
    for (let r = 0; r < n; r++) {
      if (mask === undefined || mask[r] === 0) { sumOut[r] += p[r]; countOut[r]++ } else { sumIn[r] += p[r]; countIn[r]++ }
    }
  })
  const mean = new Float64Array(n), hasOut = new Uint8Array(n)
  for (let r = 0; r < n; r++) {
    if (countOut[r] > 0) { mean[r] = sumOut[r] / countOut[r]; hasOut[r] = 1 } else mean[r] = sumIn[r] / countIn[r]
  }
  return { mean, hasOut }
}

/**
 * Each record's likelihood ratio `p_y(x|θ) / Pr(x)` from its {@link ReferenceMeans}: `pTarget` the
 * target's probability of the true label, Pr(x) = {@link offlineMarginal} of the OUT mean. A
 * record no model is OUT for (k = 1 and the record was in the model's half) gets the OUT mean
 * inferred from its IN mean by inverting p_IN ≈ a·p_OUT + (1 − a), clipped to [0, 1] (p_IN when
 * a = 0). Both probabilities are floored at 1e-45 before dividing.
 */
export function ratiosFromMeans(pTarget: Float64Array, means: ReferenceMeans, a: number): Float64Array {
  const { mean, hasOut } = means
  const out = new Float64Array(pTarget.length)
  for (let r = 0; r < pTarget.length; r++) {
    const meanOut = hasOut[r] === 1 ? mean[r] : a > 0 ? Math.min(1, Math.max(0, (mean[r] + a - 1) / a)) : mean[r]
    out[r] = Math.max(pTarget[r], PROB_FLOOR) / Math.max(offlineMarginal(meanOut, a), PROB_FLOOR)
  }
  return out
}

/**
 * Each record's likelihood ratio `p_y(x|θ) / Pr(x)` ({@link ratiosFromMeans}): `pTarget` the
 * target's probability of the true label, `refs[j]` reference model j's, `inside[j][r]` = 1 when
 * model j trained on r (all OUT without `inside`).
 */
export function rmiaRatios(pTarget: Float64Array, refs: readonly Float64Array[], inside: readonly Uint8Array[] | undefined, a: number): Float64Array {
  return ratiosFromMeans(pTarget, referenceMeans(pTarget.length, refs, inside), a)
}

/** The true-label probabilities RMIA reads, of the target and of each reference model, per kind of record. */
export interface RmiaSignals {
  target: { members: Float64Array; nonMembers: Float64Array; population: Float64Array }
  refs: { members: Float64Array[]; nonMembers: Float64Array[]; population: Float64Array[] }
  inside: { members?: Uint8Array[]; nonMembers?: Uint8Array[]; population?: Uint8Array[] }
}

/** RMIA's scores of the members and non-members against the population (see {@link rmiaAttack}). */
export function rmiaFromSignals(s: RmiaSignals, a: number, gamma: number): AttackScores {
  const ratioZ = rmiaRatios(s.target.population, s.refs.population, s.inside.population, a)
  return {
    members: rmiaScores(rmiaRatios(s.target.members, s.refs.members, s.inside.members, a), ratioZ, gamma),
    nonMembers: rmiaScores(rmiaRatios(s.target.nonMembers, s.refs.nonMembers, s.inside.nonMembers, a), ratioZ, gamma),
  }
}

