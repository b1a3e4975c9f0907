import { DataError } from '../../data/data-error.js'
import type { Matrix } from '../../data/matrix.js'
import type { ReferenceOutputs } from '../../targets/predictions/types.js'
import type { AttackContext, AttackScores, MembershipAttack } from './attack.js'
import { referenceSettings } from './reference-models.js'
import { referenceOutputs } from './reference-outputs.js'

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

/** A Gaussian fitted to each record's φ values of one side (IN or OUT) of the reference models. */
interface Fit {
  mu: Float64Array
  /** One σ per record, or `shared` for all. */
  sigma: Float64Array | undefined
  shared: number
}

/**
 * Fits N(μ_r, σ_r²) to record r's φ values of the reference models on `side` (0: OUT, 1: IN) of
 * `inside` (every model is OUT when `inside` is absent): μ_r their mean, σ_r their standard
 * deviation (k_r − 1 denominator), or with `fixedVariance` one σ for all records — the pooled
 * within-record deviation √(Σ_r Σ_j (φ_jr − μ_r)² / Σ_r (k_r − 1)), or, when no record has two
 * values (k = 1), the standard deviation of the R values (Carlini et al.'s global variance).
 */
function fitGaussian(phiRefs: readonly Float64Array[], inside: readonly Uint8Array[] | undefined, side: 0 | 1, fixedVariance: boolean): Fit {
  const k = phiRefs.length
  const n = phiRefs[0].length
  const count = new Int32Array(n)
  const mu = new Float64Array(n)
  for (let j = 0; j < k; j++) {
    const phi = phiRefs[j], mask = inside?.[j]
    for (let r = 0; r < n; r++) if (mask === undefined ? side === 0 : mask[r] === side) { mu[r] += phi[r]; count[r]++ }
  }
  const what = side === 0 ? 'OUT' : 'IN'
  for (let r = 0; r < n; r++) {
    if (count[r] === 0) throw new RangeError(`liraScores: record ${r} has no ${what} reference model`)
    mu[r] /= count[r]
  }
  const ss = new Float64Array(n)
  for (let j = 0; j < k; j++) {
    const phi = phiRefs[j], mask = inside?.[j]
    for (let r = 0; r < n; r++) if (mask === undefined ? side === 0 : mask[r] === side) ss[r] += (phi[r] - mu[r]) ** 2
  }
  if (!fixedVariance) {
    if (inside === undefined && k < 2) {
      throw new RangeError(`settings.fixedVariance: false needs k ≥ 2 reference models to estimate one variance per record, found k = ${k}`)
    }
    const r = count.findIndex((c) => c < 2)
    if (r >= 0) {
      throw new RangeError(`settings.fixedVariance: false needs at least 2 ${what} reference models per record to estimate its variance; record ${r} has ${count[r]} (set fixedVariance true)`)
    }
    return { mu, sigma: ss.map((v, i) => Math.sqrt(v / (count[i] - 1))), shared: 0 }
  }
  let dof = 0, total = 0
  for (let r = 0; r < n; r++) { dof += count[r] - 1; total += ss[r] }
  if (dof > 0) return { mu, sigma: undefined, shared: Math.sqrt(total / dof) }
  // Every record has one value, its μ: the spread of the μ's across records.
  let mean = 0
  for (let r = 0; r < n; r++) mean += mu[r]
  mean /= n
  let spread = 0
  for (let r = 0; r < n; r++) spread += (mu[r] - mean) ** 2
  return { mu, sigma: undefined, shared: n > 1 ? Math.sqrt(spread / (n - 1)) : 0 }
}

const sigmaAt = (fit: Fit, r: number) => Math.max(fit.sigma === undefined ? fit.shared : fit.sigma[r], SIGMA_FLOOR)

/**
 * Offline LiRA scores from φ values (see {@link liraAttack}): `(φ_target[r] − μ_r) / σ_r`, μ_r the
 * mean of `phiRefs[j][r]` over the reference models OUT for record r (all of them without
 * `inside`; `inside[j][r]` = 1 when model j trained on r) and σ_r their standard deviation (k_r − 1
 * denominator), or one σ for all records when `fixedVariance`: the pooled within-record standard
 * deviation √(Σ_r Σ_j (φ_jr − μ_r)² / Σ_r (k_r − 1)), and when every record has one OUT value
 * (k = 1) the standard deviation of those values (Carlini et al.'s global variance). σ is at
 * least {@link SIGMA_FLOOR}.
 */
export function liraScores(phiTarget: Float64Array, phiRefs: readonly Float64Array[], fixedVariance: boolean, inside?: readonly Uint8Array[]): Float64Array {
  if (phiRefs.length === 0) throw new RangeError('liraScores: phiRefs: expected at least one reference model, found 0')
  const out = fitGaussian(phiRefs, inside, 0, fixedVariance)
  return phiTarget.map((phi, r) => (phi - out.mu[r]) / sigmaAt(out, r))
}

/**
 * Online LiRA scores (Carlini et al.'s two-sided test): the log-likelihood ratio
 * `log N(φ; μ_in, σ_in²) − log N(φ; μ_out, σ_out²)` of each record's target φ under the Gaussians
 * fitted to the φ's of the reference models that trained on it (IN) and of those that did not
 * (OUT), each fitted as in {@link liraScores}. Every record needs at least one IN and one OUT model.
 */
export function liraOnlineScores(phiTarget: Float64Array, phiRefs: readonly Float64Array[], inside: readonly Uint8Array[], fixedVariance: boolean): Float64Array {
  if (phiRefs.length === 0) throw new RangeError('liraOnlineScores: phiRefs: expected at least one reference model, found 0')
  const fin = fitGaussian(phiRefs, inside, 1, fixedVariance)
  const fout = fitGaussian(phiRefs, inside, 0, fixedVariance)
  return phiTarget.map((phi, r) => {
    const si = sigmaAt(fin, r), so = sigmaAt(fout, r)
    const zi = (phi - fin.mu[r]) / si, zo = (phi - fout.mu[r]) / so
    return 0.5 * (zo * zo - zi * zi) + Math.log(so / si)
  })
}

/**
 * LiRA, the likelihood-ratio attack of Carlini et al. (2022, "Membership Inference Attacks From
 * First Principles"), in its **offline** form (only OUT reference models) or, on given reference
 * outputs where models trained on the audited records, its **online** form.
 *
 * 1. Reference outputs ({@link referenceOutputs}): given by a predictions target, or k reference
 *    models (`settings.k`, default 8) trained on random halves of the attacker pool
 *    (complementary pairs of halves, seeded by `ctx.seed`), architecture `hidden` (default [64]),
 *    `epochs` 50, `batchSize` 32, Adam `learningRate` 1e-3, through `trainMany` with `workers`;
 *    with `referenceTraining` (e.g. DP-SGD) as the target was trained, as the paper trains them.
 *    Trained models never see an audited record: offline.
 * 2. For every member and non-member x with label y, φ = log(p_y / (1 − p_y)) of each reference
 *    model (clamped to ±80, see {@link logitConfidence}), and of the target's answer.
 * 3. Offline: fit a Gaussian N(μ_x, σ_x²) to the φ's of the models OUT for x and score
 *
 *        score(x) = (φ_target(x) − μ_x) / σ_x
 *
 *    This is the statistic of the paper's one-sided offline test Λ = Pr[Z ≤ φ_target], Z ~ N(μ_x,
 *    σ_x²), i.e. Λ = Φ(score): the same ranking, hence the same AUC and TPR at every FPR. We return
 *    the standardised value rather than Φ of it because Φ rounds to 1 in double precision beyond
 *    about 8.3 σ, which would tie the most exposed members exactly where low-FPR TPR is measured.
 *
 *    Online (`settings.online`, default: when some given model trained on an audited record):
 *    Gaussians fitted to the IN and to the OUT φ's of x, scored by their log-likelihood ratio
 *    ({@link liraOnlineScores}); every audited record then needs an IN and an OUT model.
 *
 * σ_x: one per record (the standard deviation of its φ's, k − 1 denominator) by default; one σ
 * pooled over all records when `fixedVariance` is true, which is the default when some record has
 * fewer than 4 models on a side (the paper recommends the global variance for few reference
 * models: a per-record σ from 2–3 values is too noisy and makes the score explode where the models
 * happen to agree). μ is the mean (the paper's code uses the median; with few models the two
 * differ little).
 *
 * Cost: k model trainings on half the pool each (none on given outputs); no query to the target
 * beyond the members' and non-members' answers already in `ctx`.
 */
export const liraAttack: MembershipAttack = {
  id: 'lira',
  needs: 'probabilities',
  formula: '(φ_target(x) − μ_out(x)) / σ_out(x), φ = log(p_y / (1 − p_y)), μ, σ over k OUT reference models',
  async score(ctx: AttackContext): Promise<AttackScores> {
    // referenceSettings checked every setting against the schema (fixedVariance a boolean).
    const settings = referenceSettings(ctx.settings, LIRA_DEFAULT_K)
    if (ctx.given === undefined) {
      // Refused before minutes of training.
      if (ctx.settings?.fixedVariance === false && settings.k < 2) {
        throw new RangeError(`settings.fixedVariance: false needs k ≥ 2 reference models to estimate one variance per record, found k = ${settings.k}`)
      }
      if (ctx.settings?.online === true) {
        throw new RangeError(
          'settings.online: true needs reference models trained on the audited records; those trained here on the pool never see them ' +
            '(give reference outputs with their IN/OUT mask through a predictions target, docs/predictions.md)',
        )
      }
    }
    const refs = await referenceOutputs(ctx, 'lira', LIRA_DEFAULT_K, false)
    const { members, nonMembers } = ctx
    const n = members.y.length
    const phiRefs = refs.members.map((pm, j) => concat(logitConfidence(pm, members.y), logitConfidence(refs.nonMembers[j], nonMembers.y)))
    const phiTarget = concat(logitConfidence(ctx.memberAnswers, members.y), logitConfidence(ctx.nonMemberAnswers, nonMembers.y))
    const inside = auditedInside(refs)
    const online = ctx.settings?.online ?? (inside !== undefined && inside.some((m) => m.includes(1)))
    const ins = insideCounts(inside, phiTarget.length)
    if (online) checkBothSides(ctx, ins)
    const least = leastOnASide(phiRefs.length, ins, online)
    const fixed = ctx.settings?.fixedVariance ?? least < LIRA_PER_RECORD_MIN_K
    const scores = online ? liraOnlineScores(phiTarget, phiRefs, inside!, fixed) : liraScores(phiTarget, phiRefs, fixed, inside)
    return { members: scores.slice(0, n), nonMembers: scores.slice(n) }
  },
}

/** Per model, its IN mask over the members then the non-members, or undefined when no model trained on any. */
function auditedInside(refs: ReferenceOutputs): Uint8Array[] | undefined {
  const { members, nonMembers } = refs.inside
  if (members === undefined && nonMembers === undefined) return undefined
  return refs.members.map((pm, j) => {
    const mask = new Uint8Array(pm.rows + refs.nonMembers[j].rows)
    if (members) mask.set(members[j])
    if (nonMembers) mask.set(nonMembers[j], pm.rows)
    return mask
  })
}

/** Per audited record, how many reference models trained on it (all 0 when no model trained on any). */
function insideCounts(inside: readonly Uint8Array[] | undefined, records: number): Int32Array {
  const ins = new Int32Array(records)
  for (const m of inside ?? []) for (let r = 0; r < records; r++) ins[r] += m[r]
  return ins
}

/** The fewest models a record is compared with on one side: OUT (and IN when online). A loop, not Math.min(...): a spread of 100k+ records overflows the stack. */
function leastOnASide(k: number, ins: Int32Array, online: boolean): number {
  let least = k
  for (let r = 0; r < ins.length; r++) {
    const c = ins[r]
    least = Math.min(least, online ? Math.min(c, k - c) : k - c)
  }
  return least
}

/** Online LiRA needs an IN and an OUT model for every audited record: a DataError naming the file and the record otherwise. */
function checkBothSides(ctx: AttackContext, ins: Int32Array): void {
  const given = ctx.given
  const m = ctx.members.y.length
  for (let r = 0; r < ins.length; r++) {
    if (ins[r] > 0) continue
    const role = r < m ? 'a member' : 'a non-member'
    const record = given ? (r < m ? given.members.records[r] : given.nonMembers.records[r - m]) : r
    const where = given?.references?.files?.inside ?? 'references.inside'
    throw new DataError(
      `${where}: record ${record} (${role}) is OUT for every reference model, so online LiRA (settings.online) has no IN model to compare it with: ` +
        'expected every audited record to be IN (True) for at least one reference model, or set online false for offline LiRA',
    )
  }
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
