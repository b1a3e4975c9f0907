import { createRng } from '../../data/rng.js'
import type { AttackContext, AttackScores, MembershipAttack } from './attack.js'
import { insideMasks, referenceSettings, requirePool, trainReferenceModels, trueClassProbabilities } from './reference-models.js'

/** Default number of reference models. */
export const RMIA_DEFAULT_K = 4
/** Default offline correction `a` of Pr(x) ≈ ½((1 + a)·mean_ref p_y(x) + (1 − a)). */
export const RMIA_DEFAULT_A = 0.3
/** Default likelihood-ratio threshold γ. */
export const RMIA_DEFAULT_GAMMA = 1

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
    const bound = ratioX[i] / gamma
    // Lower bound: the first index whose value is ≥ bound = the count of values < bound.
    let lo = 0, hi = m
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid] < bound) lo = mid + 1
      else hi = mid
    }
    out[i] = lo / m
  }
  return out
}

/**
 * RMIA, the relative membership inference attack of Zarifzadeh et al. (2024, "Low-Cost High-Power
 * Membership Inference Attacks"), offline (reference models that never saw the audited records).
 *
 * 1. Train k reference models (`settings.k`, default 4) on random halves of the attacker pool
 *    (complementary pairs of halves, seeded by `ctx.seed`), architecture `hidden` (default [64]),
 *    `epochs` 50, `batchSize` 32, Adam `learningRate` 1e-3, through `trainMany` with `workers`.
 * 2. Pr(x|θ) = p_y(x), the target's probability of the true label.
 *    Pr(x) = ½((1 + a)·mean_ref p_y(x) + (1 − a)), `a` default 0.3: the paper's offline
 *    approximation of the average over IN and OUT models, ½(p_IN + p_OUT), when only OUT models
 *    exist; it assumes p_IN(x) ≈ a·p_OUT(x) + (1 − a), a linear map fitted once per setting
 *    (a = 0: a member is predicted with certainty; a = 1: training changes nothing).
 * 3. The population Z is the whole pool. Its records are queried from the target (|pool| more
 *    queries, counted by `ctx.target.queryCount`), and each z's ratio uses the same formula, with
 *    the mean over the reference models that did not train on z (half of them: a pool record was
 *    IN for the others, and the offline formula expects OUT models; privacy-meter does the same).
 *    With k = 1, a z inside the one model's half has no OUT model: its OUT probability is inferred
 *    by inverting the same approximation, p_OUT = (p_IN + a − 1)/a clipped to [0, 1] (p_IN when a = 0).
 * 4. score(x) = share of z ∈ Z with (Pr(x|θ)/Pr(x)) / (Pr(z|θ)/Pr(z)) > γ, γ default 1
 *    (see {@link rmiaScores}; sort + binary search).
 *
 * For a fixed population, score(x) never decreases as x's own ratio grows: the ranking of the
 * audited records is that of their ratios p_y(x)/Pr(x), cut into |pool| + 1 steps. γ moves the
 * cuts, not the order, so AUC and TPR at low FPR barely depend on it. The score is a multiple of
 * 1/|pool|; records that beat the whole population tie at 1, so a pool of a few hundred records
 * limits how finely the highest-ranked members are told apart.
 *
 * Its signal is the probability itself, not its logit: two records a confident target answers with
 * 0.999 and 0.99999 are nearly tied, where LiRA's φ tells them apart. Against a heavily overfit
 * target (fixtures/models/digits-leaky) RMIA therefore ranks worse than LiRA overall.
 */
export const rmiaAttack: MembershipAttack = {
  id: 'rmia',
  needs: 'probabilities',
  formula: 'share of z in pool with [p_y(x)/Pr(x)] / [p_y(z)/Pr(z)] > γ, Pr(·) = ½((1 + a)·mean_ref p_y + (1 − a))',
  async score(ctx: AttackContext): Promise<AttackScores> {
    const settings = referenceSettings(ctx.settings, RMIA_DEFAULT_K)
    // referenceSettings checked every setting against the schema (a in [0, 1], gamma > 0).
    const a = ctx.settings?.a ?? RMIA_DEFAULT_A
    const gamma = ctx.settings?.gamma ?? RMIA_DEFAULT_GAMMA
    const pool = requirePool(ctx, 'rmia', settings.k, 'reference models')
    const { members, nonMembers } = ctx
    // Queried before training, so a failing interface is reported before minutes of training.
    const poolAnswers = await ctx.target.query(pool.x)
    const { halves, predictions } = await trainReferenceModels(
      pool, ctx.classes, settings, createRng(ctx.seed), [members.x, nonMembers.x, pool.x], ctx.referenceTraining,
    )
    const k = predictions.length
    const inside = insideMasks(pool.y.length, halves)

    const ratio = (pTarget: Float64Array, marginal: Float64Array): Float64Array =>
      pTarget.map((p, i) => Math.max(p, PROB_FLOOR) / Math.max(marginal[i], PROB_FLOOR))

    // Members and non-members: every reference model is OUT.
    const audited = (which: 0 | 1, labels: Int32Array, answers: typeof ctx.memberAnswers): Float64Array => {
      const mean = new Float64Array(labels.length)
      for (const p of predictions) {
        const py = trueClassProbabilities(p[which], labels)
        for (let r = 0; r < mean.length; r++) mean[r] += py[r]
      }
      const marginal = mean.map((s) => offlineMarginal(s / k, a))
      return ratio(trueClassProbabilities(answers, labels), marginal)
    }
    const ratioMembers = audited(0, members.y, ctx.memberAnswers)
    const ratioNonMembers = audited(1, nonMembers.y, ctx.nonMemberAnswers)

    // Population: the OUT models of each z.
    const n = pool.y.length
    const sumOut = new Float64Array(n)
    const countOut = new Int32Array(n)
    const refZ = predictions.map((p) => trueClassProbabilities(p[2], pool.y))
    for (let j = 0; j < k; j++) {
      for (let r = 0; r < n; r++) if (!inside[j][r]) { sumOut[r] += refZ[j][r]; countOut[r]++ }
    }
    const marginalZ = new Float64Array(n)
    for (let r = 0; r < n; r++) {
      let meanOut: number
      if (countOut[r] > 0) {
        meanOut = sumOut[r] / countOut[r]
      } else {
        // k = 1 and z was in the model's half: invert p_IN ≈ a·p_OUT + (1 − a).
        const pIn = refZ[0][r]
        meanOut = a > 0 ? Math.min(1, Math.max(0, (pIn + a - 1) / a)) : pIn
      }
      marginalZ[r] = offlineMarginal(meanOut, a)
    }
    const ratioZ = ratio(trueClassProbabilities(poolAnswers, pool.y), marginalZ)

    return { members: rmiaScores(ratioMembers, ratioZ, gamma), nonMembers: rmiaScores(ratioNonMembers, ratioZ, gamma) }
  },
}
