/**
 * Empirical ε lower bounds from a membership attack's confusion counts (Jagielski, Ullman & Oprea
 * 2020, "Auditing Differentially Private Machine Learning", arXiv:2006.07709): an (ε, δ)-DP
 * training run forces TPR ≤ e^ε·FPR + δ (and the same with the roles of members and non-members
 * swapped), so confidence limits on the error rates that break this inequality prove ε is larger.
 */
import { checkDelta, checkOpenProbability } from './checks.js'
import { clopperPearsonUpper } from './incomplete-beta.js'

/** Confusion counts at one threshold ("positive" = guessed member) and the audit's α and δ. */
export interface ClopperPearsonOptions {
  /** Members guessed members. */
  tp: number
  /** Members guessed non-members. */
  fn: number
  /** Non-members guessed members. */
  fp: number
  /** Non-members guessed non-members. */
  tn: number
  /** Significance: the bound holds with probability at least 1 − alpha (e.g. 0.05). */
  alpha: number
  /** The δ of the (ε, δ) claim being tested. */
  delta: number
}

/**
 * The ε lower bound from one threshold's counts: Clopper–Pearson upper limits FPR⁺ and FNR⁺, each at
 * level α/2 so that both hold jointly with probability ≥ 1 − α, then
 * ε = max(log((1 − δ − FPR⁺)/FNR⁺), log((1 − δ − FNR⁺)/FPR⁺), 0).
 *
 * @example
 * clopperPearsonEpsilon({ tp: 900, fn: 100, fp: 100, tn: 900, alpha: 0.05, delta: 1e-5 })  // ≈ 1.93
 */
export function clopperPearsonEpsilon(options: ClopperPearsonOptions): number {
  const { tp, fn, fp, tn, alpha, delta } = options
  for (const [name, v] of [['tp', tp], ['fn', fn], ['fp', fp], ['tn', tn]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name}: expected a non-negative integer count, found ${String(v)}`)
  }
  if (tp + fn === 0 || fp + tn === 0) {
    throw new RangeError(`tp + fn and fp + tn: expected members and non-members, found ${tp + fn} members and ${fp + tn} non-members; score both groups`)
  }
  checkOpenProbability(alpha, 'alpha')
  checkDelta(delta)
  return epsilonFromLimits(clopperPearsonUpper(fp, fp + tn, alpha / 2), clopperPearsonUpper(fn, fn + tp, alpha / 2), delta)
}

/**
 * ε = max(log((1 − δ − FPR⁺)/FNR⁺), log((1 − δ − FNR⁺)/FPR⁺), 0) from the two upper limits (each
 * computed at α/2 by {@link clopperPearsonUpper}); for callers that reuse a limit across thresholds.
 */
export function epsilonFromLimits(fprUpper: number, fnrUpper: number, delta: number): number {
  return Math.max(logRatio(1 - delta - fprUpper, fnrUpper), logRatio(1 - delta - fnrUpper, fprUpper), 0)
}

/** log(a/b) with a ≤ 0 → −∞ (the inequality cannot be broken that way). */
function logRatio(a: number, b: number): number {
  return a > 0 ? Math.log(a) - Math.log(b) : -Infinity
}
