import type { Dataset } from '../../data/dataset.js'

/** Kebab-case ids of the membership attacks this version implements. */
export type MembershipAttackId = 'max-confidence' | 'loss'

/** Options of {@link auditMembership}. */
export interface MembershipOptions {
  /** Records that were in the target's training set. */
  members: Dataset
  /** Records that were not. */
  nonMembers: Dataset
  /** Default `max-confidence`. */
  attack?: MembershipAttackId
  /** Seed for anything random (none of the score attacks is; kept for reports and later attacks). Default 0. */
  seed?: number
  /** FPR levels to report TPR at, besides the standard 0.01 and 0.001 (each in (0, 1]). */
  fprLevels?: number[]
}

/** TPR at one FPR level (DESIGN.md §5). */
export interface TprAtFpr {
  tpr: number
  /** The FPR actually reached (≤ the level asked for). */
  fpr: number
  /** `false` when there are fewer than ⌈1/f⌉ non-members: the level cannot be resolved. */
  estimable: boolean
}

/**
 * Aggregates of one membership audit. Never contains records or per-record scores of members
 * (a report of a privacy audit must not itself leak the members).
 */
export interface MembershipResult {
  attack: MembershipAttackId
  auc: number
  /** DeLong 95% interval of `auc`. */
  aucInterval: [number, number]
  advantage: number
  /** TPR at FPR levels, keyed by the level as a string: always `"0.01"` and `"0.001"`, plus any asked for. */
  tprAtFpr: { '0.01': TprAtFpr; '0.001': TprAtFpr; [level: string]: TprAtFpr }
  members: number
  nonMembers: number
  seed: number
}
