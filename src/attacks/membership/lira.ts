import type { Matrix } from '../../data/matrix.js'
import { createRng } from '../../data/rng.js'
import type { AttackContext, AttackScores, MembershipAttack } from './attack.js'
import { referenceSettings, requirePool, trainReferenceModels } from './reference-models.js'

/** Default number of OUT reference models. */
export const LIRA_DEFAULT_K = 8

/** Below this many reference models, one variance shared by all records is the default. */
export const LIRA_PER_RECORD_MIN_K = 4

/**
 * |φ| is clamped to this. A softmax in float32 cannot resolve probabilities much below e^-80 ≈ 2e-35
 * (the normal range ends at 1.2e-38), so larger |φ| carries no information, and clamping keeps ±∞
 * (a probability of exactly 0 or 1) out of the means and variances.
 */
export const PHI_LIMIT = 80

/**
 * Smallest σ divided by. When every reference model gives the same φ (e.g. all clamped), σ is 0
 * and the score would be ±∞ or NaN; the floor keeps it finite and keeps the sign of φ − μ.
 */
export const SIGMA_FLOOR = 1e-6

/**
 * The logit-scaled confidence of LiRA, `φ = log(p_y / (1 − p_y))` for each row and its true label,
 * clamped to ±{@link PHI_LIMIT}. `1 − p_y` is computed as the sum of the other classes'
 * probabilities: for a confident model `p_y` rounds to 1 in float32, while the small probabilities
 * of the other classes are still exact, so φ stays finite and ordered where `log(1 − p_y)` would be −∞.
 */
export function logitConfidence(p: Matrix, labels: Int32Array): Float64Array {
  const { data, rows, cols } = p
  const out = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    const y = labels[r]
    let rest = 0
    for (let c = 0; c < cols; c++) if (c !== y) rest += data[o + c]
    // log 0 = −∞ on either side, and −∞ − (−∞) cannot happen (a row sums to ≈ 1).
    const phi = Math.log(data[o + y]) - Math.log(rest)
    out[r] = phi > PHI_LIMIT ? PHI_LIMIT : phi < -PHI_LIMIT ? -PHI_LIMIT : phi
  }
  return out
}

/**
 * Offline LiRA scores from φ values (see {@link liraAttack}): `(φ_target[r] − μ_r) / σ_r`, μ_r the
 * mean of `phiOut[j][r]` over the k reference models and σ_r their standard deviation (k − 1
 * denominator), or one σ for all records when `fixedVariance`: the pooled within-record standard
 * deviation √(Σ_r Σ_j (φ_jr − μ_r)² / (R(k − 1))) for k ≥ 2, and for k = 1 (no within-record
 * spread to measure) the standard deviation of all R reference φ's (Carlini et al.'s global
 * variance). σ is at least {@link SIGMA_FLOOR}.
 */
export function liraScores(phiTarget: Float64Array, phiOut: readonly Float64Array[], fixedVariance: boolean): Float64Array {
  const k = phiOut.length
  const n = phiTarget.length
  if (k === 0) throw new RangeError('liraScores: phiOut: expected at least one reference model, found 0')
  if (!fixedVariance && k < 2) {
    throw new RangeError(`settings.fixedVariance: false needs k ≥ 2 reference models to estimate one variance per record, found k = ${k}`)
  }
  const mu = new Float64Array(n)
  for (const phi of phiOut) for (let r = 0; r < n; r++) mu[r] += phi[r]
  for (let r = 0; r < n; r++) mu[r] /= k
  const ss = new Float64Array(n)
  for (const phi of phiOut) for (let r = 0; r < n; r++) ss[r] += (phi[r] - mu[r]) ** 2
  let shared = 0
  if (fixedVariance) {
    if (k >= 2) {
      let total = 0
      for (let r = 0; r < n; r++) total += ss[r]
      shared = Math.sqrt(total / (n * (k - 1)))
    } else {
      let mean = 0
      for (let r = 0; r < n; r++) mean += mu[r]
      mean /= n
      let total = 0
      for (let r = 0; r < n; r++) total += (mu[r] - mean) ** 2
      shared = n > 1 ? Math.sqrt(total / (n - 1)) : 0
    }
  }
  const out = new Float64Array(n)
  for (let r = 0; r < n; r++) {
    const sigma = fixedVariance ? shared : Math.sqrt(ss[r] / (k - 1))
    out[r] = (phiTarget[r] - mu[r]) / Math.max(sigma, SIGMA_FLOOR)
  }
  return out
}

/**
 * LiRA, the likelihood-ratio attack of Carlini et al. (2022, "Membership Inference Attacks From
 * First Principles"), in its **offline** form: only OUT reference models, none of which saw the
 * audited records.
 *
 * 1. Train k reference models (`settings.k`, default 8) on random halves of the attacker pool
 *    (complementary pairs of halves, seeded by `ctx.seed`), architecture `hidden` (default [64]),
 *    `epochs` 50, `batchSize` 32, Adam `learningRate` 1e-3, through `trainMany` with `workers`;
 *    with `referenceTraining` (e.g. DP-SGD) as the target was trained, as the paper trains them.
 * 2. For every member and non-member x with label y, φ = log(p_y / (1 − p_y)) of each reference
 *    model (clamped to ±80, see {@link logitConfidence}), and of the target's answer.
 * 3. Fit a Gaussian N(μ_x, σ_x²) to the k OUT φ's of x and score
 *
 *        score(x) = (φ_target(x) − μ_x) / σ_x
 *
 *    This is the statistic of the paper's one-sided offline test Λ = Pr[Z ≤ φ_target], Z ~ N(μ_x,
 *    σ_x²), i.e. Λ = Φ(score): the same ranking, hence the same AUC and TPR at every FPR. We return
 *    the standardised value rather than Φ of it because Φ rounds to 1 in double precision beyond
 *    about 8.3 σ, which would tie the most exposed members exactly where low-FPR TPR is measured.
 *
 * σ_x: one per record (the standard deviation of its k φ's, k − 1 denominator) by default; one σ
 * pooled over all records when `fixedVariance` is true, which is the default when k < 4 (the paper
 * recommends the global variance for few reference models: a per-record σ from 2–3 values is too
 * noisy and makes the score explode where the models happen to agree). μ is the mean (the paper's
 * code uses the median; with few models the two differ little).
 *
 * Cost: k model trainings on half the pool each; no query to the target beyond the members' and
 * non-members' answers already in `ctx`.
 */
export const liraAttack: MembershipAttack = {
  id: 'lira',
  needs: 'probabilities',
  formula: '(φ_target(x) − μ_out(x)) / σ_out(x), φ = log(p_y / (1 − p_y)), μ, σ over k OUT reference models',
  async score(ctx: AttackContext): Promise<AttackScores> {
    const settings = referenceSettings(ctx.settings, LIRA_DEFAULT_K)
    // referenceSettings checked every setting against the schema (fixedVariance a boolean).
    const fixed = ctx.settings?.fixedVariance ?? settings.k < LIRA_PER_RECORD_MIN_K
    if (!fixed && settings.k < 2) {
      throw new RangeError(`settings.fixedVariance: false needs k ≥ 2 reference models to estimate one variance per record, found k = ${settings.k}`)
    }
    const pool = requirePool(ctx, 'lira', settings.k, 'reference models')
    const { members, nonMembers } = ctx
    const { predictions } = await trainReferenceModels(pool, ctx.classes, settings, createRng(ctx.seed), [members.x, nonMembers.x], ctx.referenceTraining)
    const n = members.y.length
    const phiOut = predictions.map(([pm, pn]) => concat(logitConfidence(pm, members.y), logitConfidence(pn, nonMembers.y)))
    const phiTarget = concat(logitConfidence(ctx.memberAnswers, members.y), logitConfidence(ctx.nonMemberAnswers, nonMembers.y))
    const scores = liraScores(phiTarget, phiOut, fixed)
    return { members: scores.slice(0, n), nonMembers: scores.slice(n) }
  },
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
