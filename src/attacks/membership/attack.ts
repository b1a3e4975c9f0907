import type { DenseDataset } from '../../data/dataset.js'
import type { Matrix } from '../../data/matrix.js'
import type { PredictionsTarget } from '../../targets/predictions/types.js'
import type { Target } from '../../targets/target.js'
import type { ReferenceCache } from '../../runtime/cache/location.js'
import type { ReferenceTally } from '../../runtime/cache/train-through-cache.js'
import type { AttackSettings, MembershipAttackId, ReferenceTraining, TunedParameters } from './types.js'

/**
 * Everything a membership attack may use. The target has already been queried once for the members
 * and the non-members (`memberAnswers`, `nonMemberAnswers`: probability rows; one-hot rows behind a
 * label-only interface); attacks that need more queries (label-noise) send them through `target`,
 * so they are counted.
 */
export interface AttackContext {
  target: Target
  members: DenseDataset
  nonMembers: DenseDataset
  memberAnswers: Matrix
  nonMemberAnswers: Matrix
  /** Number of classes (columns of the answers). */
  classes: number
  /** The attacker's labelled pool; present when the attack needs it (checked before `score`). */
  pool?: DenseDataset
  seed: number
  settings: AttackSettings
  /**
   * Training options of shadow and reference models besides `settings` (DP-SGD, engine; default
   * none), with the reference cache to read and fill and the tally of models trained and cached.
   */
  referenceTraining?: ReferenceTraining & ReferenceCaching
  /**
   * The predictions target, when the outputs were computed elsewhere: its population and reference
   * outputs replace querying the pool and training reference models.
   */
  given?: PredictionsTarget
}

/** Where an attack's shadow or reference models are cached, and the count of those trained and read. */
export interface ReferenceCaching {
  /** `null` or absent: no cache. */
  cache?: ReferenceCache | null
  tally?: ReferenceTally
}

/** Per-record membership scores, higher = more likely a member. Never leave the attack's caller. */
export interface AttackScores {
  members: Float64Array
  nonMembers: Float64Array
  /** Values the attack chose itself from its reference models (RMIA's `a` with `a: "tune"`). */
  tuned?: TunedParameters
}

/** One membership attack. */
export interface MembershipAttack {
  id: MembershipAttackId
  /** `probabilities`: needs probability answers; `labels`: works behind a label-only interface. */
  needs: 'probabilities' | 'labels'
  /** The score in one formula (higher = more likely a member), for docs and messages. */
  formula: string
  score(ctx: AttackContext): Promise<AttackScores>
  /**
   * Present on attacks that score each record from its answer and label alone ({@link answerAttack}):
   * the audit then scores the records chunk by chunk as the answers come, without holding them all.
   */
  scoreAnswers?: AnswerScorer
}

/**
 * Scores of each answer row (with its label), written into `out` when given (one entry per row,
 * e.g. a view of the whole set's scores), else into a new array; returns the array written.
 */
export type AnswerScorer = (answers: Matrix, labels: Int32Array, out?: Float64Array) => Float64Array

/**
 * An attack that scores the answers the audit already has (no further queries, no attacker pool):
 * `scores(answers, labels)` for members and non-members alike.
 */
export function answerAttack(
  id: MembershipAttackId,
  needs: MembershipAttack['needs'],
  formula: string,
  scores: AnswerScorer,
): MembershipAttack {
  return {
    id,
    needs,
    formula,
    score: async (ctx) => ({ members: scores(ctx.memberAnswers, ctx.members.y), nonMembers: scores(ctx.nonMemberAnswers, ctx.nonMembers.y) }),
    scoreAnswers: scores,
  }
}
