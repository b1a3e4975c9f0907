import type { Dataset } from '../../data/dataset.js'
import type { ExtractionOptions } from '../../attacks/extraction/types.js'
import type { MembershipOptions } from '../../attacks/membership/types.js'

/**
 * Data and attack of the membership matchers (`auditMembership`'s options; the gate picks the FPR
 * levels, and always computes intervals and what the reports keep). Held data sets only: streamed
 * sets go to `auditMembership` itself.
 */
export type MembershipMatcherOptions = Omit<MembershipOptions, 'fprLevels' | 'riskLevels' | 'members' | 'nonMembers' | 'intervals' | 'charts'> & {
  members: Dataset
  nonMembers: Dataset
  /** Compare the point estimate (default) or the upper end of its 95% interval (DeLong for AUC, DKW–Massart for the advantage, bootstrap for TPR). */
  bound?: 'point' | 'upper'
}

/** Options of `toHaveMembershipAucBelow`. */
export type AucMatcherOptions = MembershipMatcherOptions & {
  /** Gate the AUC over all records (default) or the AUC of the worst class. */
  slice?: 'all' | 'worst-class'
}

/** Options of `toHaveMembershipTprBelow`. */
export type TprMatcherOptions = MembershipMatcherOptions & {
  /** FPR at which TPR is read, in (0, 1]. Default 0.01. */
  atFpr?: number
}

/** Options of `toHaveEmpiricalEpsilonBelow`: the membership data and attack, and the claim's δ. */
export type EmpiricalEpsilonMatcherOptions = MembershipMatcherOptions & {
  /** δ of the (ε, δ) claim under test. */
  delta: number
}

/** Options of `toHaveRecordsAtRiskBelow`: the membership data (ids as `members.ids`), the attack (default `lira`) and the risk level. */
export type RecordsAtRiskMatcherOptions = Omit<MembershipMatcherOptions, 'bound'> & {
  /** The per-record risk level members are counted at, in (0, 1). Default 0.99 (needs ≥ 99 non-members). */
  risk?: number
}

/** Data, budget and surrogate of the extraction matchers: the options of `auditExtraction`. */
export type ExtractionMatcherOptions = ExtractionOptions & {
  /** Compare the point estimate (default) or the upper end of its 95% Wilson interval (widened by the runs' spread with `repeats`). */
  bound?: 'point' | 'upper'
}

/** Options of `toHaveCleanAccuracyAbove`. */
export interface AccuracyMatcherOptions {
  /** Held-out labelled records. */
  evaluation: Dataset
  /** Compare the point estimate (default) or the lower end of its 95% Wilson interval over the records. */
  bound?: 'point' | 'lower'
}

/** Every option any gate matcher takes (the union, as the shared runner sees it). */
export type AnyMatcherOptions = Partial<Omit<AucMatcherOptions & TprMatcherOptions & ExtractionMatcherOptions & AccuracyMatcherOptions & EmpiricalEpsilonMatcherOptions & RecordsAtRiskMatcherOptions, 'bound'>> & {
  bound?: 'point' | 'upper' | 'lower'
}
