/**
 * The "get reference outputs" half of LiRA and RMIA: reference models' outputs on the audited
 * records (and RMIA's population) with who trained on what — read from a predictions target when
 * it brings them, else trained on the attacker pool. The scoring half (lira.ts, rmia.ts) is the
 * same for both, so outputs computed elsewhere are scored by exactly the code that scores trained
 * ones.
 */
import { InputError } from '../../errors.js'
import { createRng } from '../../data/rng.js'
import type { ReferenceOutputs } from '../../targets/predictions/types.js'
import type { AttackContext } from './attack.js'
import { insideMasks, referenceSettings, requirePool, trainReferenceModels } from './reference-models.js'
import type { MembershipAttackId } from './types.js'

/**
 * The reference outputs `attack` scores from: `ctx.given.references` for a predictions target
 * (refused when absent, or without population outputs when `withPopulation`), otherwise
 * `settings.k` (default `defaultK`) models trained by {@link trainReferenceModels} on halves of the
 * pool, seeded by `ctx.seed`, answering the members, the non-members and, with `withPopulation`,
 * the pool (whose IN/OUT masks come with them; no trained model sees an audited record).
 */
export async function referenceOutputs(ctx: AttackContext, attack: MembershipAttackId, defaultK: number, withPopulation: boolean): Promise<ReferenceOutputs> {
  if (ctx.given !== undefined) {
    const refs = ctx.given.references
    if (refs === undefined) {
      throw new InputError(`attack "${attack}" scores against reference models, and trains none on outputs read from files: give the predictions target references { outputs, inside } (docs/predictions.md)`)
    }
    if (withPopulation && (refs.population === undefined || refs.inside.population === undefined)) {
      throw new InputError(`attack "${attack}" compares each record with population records: mark some records 2 (population) in ${ctx.given.files.membership}, with the reference models' outputs on them`)
    }
    return refs
  }
  const settings = referenceSettings(ctx.settings, defaultK)
  const pool = requirePool(ctx, attack, settings.k, 'reference models')
  const { members, nonMembers } = ctx
  const predict = withPopulation ? [members.x, nonMembers.x, pool.x] : [members.x, nonMembers.x]
  const { halves, predictions } = await trainReferenceModels(pool, ctx.classes, settings, createRng(ctx.seed), predict, ctx.referenceTraining)
  return {
    members: predictions.map((p) => p[0]),
    nonMembers: predictions.map((p) => p[1]),
    ...(withPopulation ? { population: predictions.map((p) => p[2]) } : {}),
    inside: withPopulation ? { population: insideMasks(pool.y.length, halves) } : {},
  }
}
