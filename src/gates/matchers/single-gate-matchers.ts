import type { MatcherState } from 'vitest'
import type { GateId } from '../catalogue.js'
import type { AnyMatcherOptions } from './options.js'
import { runGateMatcher } from './run-gate-matcher.js'

/** A matcher function for one gate; all of them share {@link runGateMatcher}. */
export type GateMatcher = (this: MatcherState, received: unknown, limit?: number, options?: AnyMatcherOptions) => ReturnType<typeof runGateMatcher>

function gateMatcher(name: string, gate: GateId): GateMatcher {
  return function (this: MatcherState, received: unknown, limit?: number, options?: AnyMatcherOptions) {
    return runGateMatcher(this, name, gate, received, limit, options)
  }
}

/**
 * `await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers })` passes when the
 * membership attack's AUC is below the limit (with `bound: 'upper'`, when the upper end of its 95%
 * DeLong interval is).
 */
export const toHaveMembershipAucBelow = gateMatcher('toHaveMembershipAucBelow', 'membershipAuc')

/**
 * `await expect(model).toHaveMembershipAdvantageBelow(0.2, { members, nonMembers })` passes when the
 * attack's advantage, max over thresholds of |TPR − FPR|, is below the limit.
 */
export const toHaveMembershipAdvantageBelow = gateMatcher('toHaveMembershipAdvantageBelow', 'membershipAdvantage')

/**
 * `await expect(model).toHaveMembershipTprBelow(0.05, { members, nonMembers, atFpr: 0.01 })` passes
 * when the share of members caught at FPR ≤ atFpr (default 0.01) is below the limit.
 */
export const toHaveMembershipTprBelow = gateMatcher('toHaveMembershipTprBelow', 'membershipTpr')

/**
 * `await expect(model).toHaveSurrogateFidelityBelow(0.85, { pool, evaluation })` passes when a
 * surrogate trained on the subject's answers agrees with it on less than the limit of the
 * evaluation set.
 */
export const toHaveSurrogateFidelityBelow = gateMatcher('toHaveSurrogateFidelityBelow', 'surrogateFidelity')

/**
 * `await expect(model).toHaveSurrogateAccuracyBelow(0.8, { pool, evaluation })` passes when the
 * attacker's surrogate is less accurate than the limit on the evaluation set.
 */
export const toHaveSurrogateAccuracyBelow = gateMatcher('toHaveSurrogateAccuracyBelow', 'surrogateAccuracy')

/**
 * `await expect(model).toHaveCleanAccuracyAbove(0.9, { evaluation })` passes when the subject's own
 * accuracy on the evaluation set is above the limit (a defence must not break the model).
 */
export const toHaveCleanAccuracyAbove = gateMatcher('toHaveCleanAccuracyAbove', 'cleanAccuracy')

/**
 * `await expect(model).toHaveEmpiricalEpsilonBelow(2, { members, nonMembers, delta: 1e-5 })` passes
 * when the membership attack's empirical ε lower bound (Clopper–Pearson at 95% over every threshold,
 * union-bounded) for (ε, delta) claims is below the limit: a model trained with a claimed ε fails
 * when the attack proves more leakage than that ε allows.
 */
export const toHaveEmpiricalEpsilonBelow = gateMatcher('toHaveEmpiricalEpsilonBelow', 'empiricalEpsilon')

/**
 * `await expect(model).toHaveRecordsAtRiskBelow(10, { members, nonMembers, pool, risk: 0.99 })`
 * passes when fewer members than the limit are at risk: their LiRA (default) or RMIA score beats all
 * but a share 1 − risk of the non-members (p ≤ 1 − risk). The reports list the members at risk by id.
 */
export const toHaveRecordsAtRiskBelow = gateMatcher('toHaveRecordsAtRiskBelow', 'recordsAtRisk')
