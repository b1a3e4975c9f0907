import type { MembershipAttack } from './attack.js'
import { entropyAttack } from './entropy.js'
import { labelGapAttack } from './label-gap.js'
import { labelNoiseAttack } from './label-noise.js'
import { liraAttack } from './lira.js'
import { modifiedEntropyAttack } from './modified-entropy.js'
import { rmiaAttack } from './rmia.js'
import { shadowAttack } from './shadow.js'
import { lossScores } from './loss.js'
import { maxConfidenceScores } from './max-confidence.js'
import type { MembershipAttackId } from './types.js'

const maxConfidence: MembershipAttack = {
  id: 'max-confidence',
  needs: 'probabilities',
  needsPool: false,
  formula: 'max_k p_k(x)',
  score: async (ctx) => ({ members: maxConfidenceScores(ctx.memberAnswers), nonMembers: maxConfidenceScores(ctx.nonMemberAnswers) }),
}

const loss: MembershipAttack = {
  id: 'loss',
  needs: 'probabilities',
  needsPool: false,
  formula: 'log p_y(x)',
  score: async (ctx) => ({
    members: lossScores(ctx.memberAnswers, ctx.members.y),
    nonMembers: lossScores(ctx.nonMemberAnswers, ctx.nonMembers.y),
  }),
}

/** Every membership attack, by id, in the order they are documented. */
export const membershipAttacks: Readonly<Partial<Record<MembershipAttackId, MembershipAttack>>> = {
  'max-confidence': maxConfidence,
  loss,
  entropy: entropyAttack,
  'modified-entropy': modifiedEntropyAttack,
  shadow: shadowAttack,
  lira: liraAttack,
  rmia: rmiaAttack,
  'label-gap': labelGapAttack,
  'label-noise': labelNoiseAttack,
}

/** Ids accepted by `attack` (besides `strongest`), in the order they are documented. */
export const membershipAttackIds = Object.keys(membershipAttacks) as MembershipAttackId[]
