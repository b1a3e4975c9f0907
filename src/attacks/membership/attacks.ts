import type { Matrix } from '../../data/matrix.js'
import { lossScores } from './loss.js'
import { maxConfidenceScores } from './max-confidence.js'
import type { MembershipAttackId } from './types.js'

/** A score attack: per-record membership scores from the target's answers (higher = member). */
export type ScoreAttack = (probabilities: Matrix, labels: Int32Array) => Float64Array

/** The score attacks by id. */
export const scoreAttacks: Readonly<Record<MembershipAttackId, ScoreAttack>> = {
  'max-confidence': (p) => maxConfidenceScores(p),
  loss: lossScores,
}

/** Ids accepted by `attack`, in the order they are documented. */
export const membershipAttackIds = Object.keys(scoreAttacks) as MembershipAttackId[]
