import { answerAttack, type MembershipAttack } from './attack.js'
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

const maxConfidence = answerAttack('max-confidence', 'probabilities', 'max_k p_k(x)', (answers, _labels, out) => maxConfidenceScores(answers, out))
const loss = answerAttack('loss', 'probabilities', 'log p_y(x)', lossScores)

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
