import type { Dataset } from '../../data/dataset.js'
import type { MembershipAttackId } from '../../attacks/membership/types.js'

/** Data and attack of the membership matchers. */
export interface MembershipMatcherOptions {
  /** Records that were in the training set. */
  members: Dataset
  /** Records that were not. */
  nonMembers: Dataset
  /** Default `max-confidence`. */
  attack?: MembershipAttackId
  /** Default 0. */
  seed?: number
}

/** Options of `toHaveMembershipAucBelow`. */
export interface AucMatcherOptions extends MembershipMatcherOptions {
  /** Compare the point estimate (default) or the upper end of its 95% DeLong interval. */
  bound?: 'point' | 'upper'
}

/** Options of `toHaveMembershipTprBelow`. */
export interface TprMatcherOptions extends MembershipMatcherOptions {
  /** FPR at which TPR is read, in (0, 1]. Default 0.01. */
  atFpr?: number
}

/** Data, budget and surrogate of the extraction matchers. */
export interface ExtractionMatcherOptions {
  /** Records the attacker may query (labels ignored). */
  pool: Dataset | number[][]
  /** Held-out labelled records for fidelity and accuracies. */
  evaluation: Dataset
  /** Queries the attacker may send; default the whole pool. */
  budget?: number
  strategy?: 'pool'
  /** Surrogate hidden layers, default `[64]`. */
  hidden?: number[]
  /** Default 100. */
  epochs?: number
  /** Default 32. */
  batchSize?: number
  /** Default 1e-3. */
  learningRate?: number
  /** Default 0. */
  seed?: number
}

/** Options of `toHaveCleanAccuracyAbove`. */
export interface AccuracyMatcherOptions {
  /** Held-out labelled records. */
  evaluation: Dataset
}

/** Every option any gate matcher takes (the union, as the shared runner sees it). */
export type AnyMatcherOptions = Partial<AucMatcherOptions & TprMatcherOptions & ExtractionMatcherOptions & AccuracyMatcherOptions>
