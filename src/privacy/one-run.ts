/**
 * The one-run audit's ε lower bound of Steinke, Nasr & Jagielski (2023), "Privacy Auditing with
 * One (1) Training Run", NeurIPS, arXiv:2305.08846.
 *
 * Setting: m canaries, each included in training independently with probability ½; after training
 * the auditor makes r guesses ("in"/"out") about r of them and v are correct. Their Theorem 3.1:
 * if training is (ε, δ)-DP then for every v
 *
 *   P[W ≥ v] ≤ f_ε(v) := P[W' ≥ v] + 2mδ · max_{i ∈ {1,…,m}} P[v − i ≤ W' < v] / i,
 *   W' ~ Binomial(r, e^ε / (e^ε + 1)).
 *
 * So observing v correct guesses rejects the (ε, δ) claim at significance β = 1 − confidence when
 * f_ε(v) ≤ β; the lower bound is the largest such ε (f_ε(v) grows with ε), found by bisection.
 */
import { checkDelta, checkOpenProbability } from './checks.js'
import { binomialTailAtLeast } from './incomplete-beta.js'

/** Inputs of {@link oneRunEpsilon}: the audit's counts and the claim's δ. */
export interface OneRunOptions {
  /** m: the number of canaries (each included with probability ½). */
  canaries: number
  /** r: how many canaries the auditor guessed about (abstaining on the rest), 1 ≤ r ≤ m. */
  guesses: number
  /** v: how many of those guesses were right, 0 ≤ v ≤ r. */
  correct: number
  /** δ of the claim being tested. */
  delta: number
  /** 1 − β: the probability with which the bound holds (e.g. 0.95). */
  confidence: number
}

/**
 * f_ε(v) of Theorem 3.1 (see the file comment): the largest probability an (ε, δ)-DP run can give to
 * v or more correct guesses out of r, with m canaries. The max over i stops at i = v: beyond it the
 * numerator P[W' < v] no longer grows while i does.
 */
export function oneRunPValue(m: number, r: number, v: number, epsilon: number, delta: number): number {
  const p = 1 / (1 + Math.exp(-epsilon))
  const beta = binomialTailAtLeast(v, r, p)
  if (delta === 0) return beta
  let alpha = 0
  for (let i = 1; i <= v; i++) alpha = Math.max(alpha, (binomialTailAtLeast(v - i, r, p) - beta) / i)
  return Math.min(beta + alpha * delta * 2 * m, 1)
}

/**
 * The one-run ε lower bound: the largest ε whose (ε, δ) claim the observed v out of r guesses
 * rejects at significance 1 − confidence (Steinke et al. 2023, Theorem 3.1); 0 when not even ε = 0
 * is rejected. Bisection to 1e-9 in ε.
 *
 * @example
 * oneRunEpsilon({ canaries: 1000, guesses: 100, correct: 95, delta: 1e-5, confidence: 0.95 })  // ≈ 2.2
 */
export function oneRunEpsilon(options: OneRunOptions): number {
  const { canaries: m, guesses: r, correct: v, delta, confidence } = options
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`canaries: expected a positive integer, found ${String(m)}`)
  if (!Number.isInteger(r) || r < 1 || r > m) throw new RangeError(`guesses: expected an integer in [1, canaries = ${m}], found ${String(r)}`)
  if (!Number.isInteger(v) || v < 0 || v > r) throw new RangeError(`correct: expected an integer in [0, guesses = ${r}], found ${String(v)}`)
  checkDelta(delta)
  checkOpenProbability(confidence, 'confidence')
  const significance = 1 - confidence
  const rejects = (eps: number): boolean => oneRunPValue(m, r, v, eps, delta) <= significance
  if (!rejects(0)) return 0
  let lo = 0, hi = 1
  while (rejects(hi)) { lo = hi; hi *= 2 }
  while (hi - lo > 1e-9) {
    const mid = (lo + hi) / 2
    if (rejects(mid)) lo = mid
    else hi = mid
  }
  return lo
}
