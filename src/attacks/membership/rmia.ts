import type { Matrix } from '../../data/matrix.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import type { AttackContext, AttackScores, MembershipAttack } from './attack.js'
import { referenceSettings, requirePool, trueClassProbabilities } from './reference-models.js'
import { referenceOutputs } from './reference-outputs.js'
import { rmiaFromSignals, type RmiaSignals } from './rmia-scores.js'
import { tuneA, tuneNeedsTwo } from './rmia-tune.js'

/** Default number of reference models. */
export const RMIA_DEFAULT_K = 4

/**
 * RMIA, the relative membership inference attack of Zarifzadeh et al. (2024, "Low-Cost High-Power
 * Membership Inference Attacks"), offline (each record is compared with the reference models that
 * did not train on it).
 *
 * 1. Reference outputs ({@link referenceOutputs}): given by a predictions target (with its
 *    population records), or k reference models (`settings.k`, default 4) trained on random
 *    halves of the attacker pool (complementary pairs of halves, seeded by `ctx.seed`),
 *    architecture `hidden` (default [64]), `epochs`, `batchSize` and Adam `learningRate` as
 *    `referenceSettings` fills them, through `trainMany` with `workers`.
 * 2. Pr(x|θ) = p_y(x), the target's probability of the true label.
 *    Pr(x) = ½((1 + a)·mean_ref p_y(x) + (1 − a)), `a` by default the schema's: the paper's offline
 *    approximation of the average over IN and OUT models, ½(p_IN + p_OUT), when only OUT models
 *    exist; it assumes p_IN(x) ≈ a·p_OUT(x) + (1 − a), a linear map fitted once per setting
 *    (a = 0: a member is predicted with certainty; a = 1: training changes nothing). `a: "tune"`
 *    picks it from the reference models ({@link tuneA}) and reports it as `tuned.a`.
 * 3. The population Z is the whole pool (or the given population records). Pool records are
 *    queried from the target (|pool| more queries, counted by `ctx.target.queryCount`), and each
 *    z's ratio uses the same formula, with the mean over the reference models that did not train
 *    on z (half of them: a pool record was IN for the others, and the offline formula expects OUT
 *    models; privacy-meter does the same). See rmiaRatios (rmia-scores.ts) for a z no model is OUT for.
 * 4. score(x) = share of z ∈ Z with (Pr(x|θ)/Pr(x)) / (Pr(z|θ)/Pr(z)) > γ, γ by default the schema's
 *    (see {@link rmiaScores} in rmia-scores.ts; sort + binary search).
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
    // referenceSettings checked every setting against the schema (a in [0, 1] or "tune", gamma > 0).
    const settings = referenceSettings(ctx.settings, RMIA_DEFAULT_K)
    const aSetting = ctx.settings?.a ?? SCHEMA_DEFAULTS.AttackSettings.a
    const gamma = ctx.settings?.gamma ?? SCHEMA_DEFAULTS.AttackSettings.gamma
    const { members, nonMembers } = ctx
    let population: { answers: Matrix; labels: Int32Array }
    if (ctx.given !== undefined) {
      population = ctx.given.population ?? { answers: { data: new Float32Array(0), rows: 0, cols: ctx.classes }, labels: new Int32Array(0) }
    } else {
      if (aSetting === 'tune' && settings.k < 2) throw new RangeError(tuneNeedsTwo(settings.k))
      const pool = requirePool(ctx, 'rmia', settings.k, 'reference models')
      // Queried before training, so a failing interface is reported before minutes of training.
      population = { answers: await ctx.target.query(pool.x), labels: pool.y }
    }
    const refs = await referenceOutputs(ctx, 'rmia', RMIA_DEFAULT_K, true)
    const signals: RmiaSignals = {
      target: {
        members: trueClassProbabilities(ctx.memberAnswers, members.y),
        nonMembers: trueClassProbabilities(ctx.nonMemberAnswers, nonMembers.y),
        population: trueClassProbabilities(population.answers, population.labels),
      },
      refs: {
        members: refs.members.map((p) => trueClassProbabilities(p, members.y)),
        nonMembers: refs.nonMembers.map((p) => trueClassProbabilities(p, nonMembers.y)),
        population: refs.population!.map((p) => trueClassProbabilities(p, population.labels)),
      },
      inside: refs.inside,
    }
    if (aSetting !== 'tune') return rmiaFromSignals(signals, aSetting, gamma)
    const tuned = tuneA(signals.refs.population, refs.inside.population!, gamma)
    return { ...rmiaFromSignals(signals, tuned.a, gamma), tuned }
  },
}
