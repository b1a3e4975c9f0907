/**
 * The exact McNemar test of two paired proportions: two models' 0/1 outcomes (correct, or agreeing
 * with the target) on the same records, in the same order.
 *
 * Why this and not a paired bootstrap: a per-record difference head − base is −1, 0 or +1, so every
 * paired test of the mean difference depends on the records only through n and the two discordant
 * counts. The concordant records say nothing about which model is better; under the null (equal
 * proportions) each discordant record is equally likely to favour either model, so the count
 * favouring the head is Binomial(b + c, ½) given b + c. That conditional test is exact and needs no
 * seed; a paired bootstrap asks the same question and approximates its answer by resampling.
 */
import { normalQuantile } from './normal.js'

/** Result of {@link mcnemarExactTest}: head compared with base on the same records. */
export interface PairedProportionTest {
  /** Records. */
  n: number
  base: number
  head: number
  /** `head − base` = (headOnly − baseOnly) / n. */
  difference: number
  /** Records where only the base's outcome is 1. */
  baseOnly: number
  /** Records where only the head's outcome is 1. */
  headOnly: number
  /** Standard error of the paired difference, √((b + c)/n − d²)/√n (for confidence bounds). */
  standardError: number
  /** The normal score of the exact p-value, signed as the difference (0 when p = 1). */
  z: number
  /** Exact two-sided p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½); 1 with no discordant record. */
  p: number
}

/**
 * Exact McNemar test of `head` against `base`, two 0/1 outcome sequences of the same records in the
 * same order (e.g. per evaluation record: the surrogate agrees with the target).
 *
 * Throws a `RangeError` when the lengths differ or are 0, naming the first value that is not 0 or 1.
 *
 * @example
 * mcnemarExactTest([1, 1, 0, 1, 0], [1, 1, 1, 1, 1])   // baseOnly 0, headOnly 2, p = 0.5
 */
export function mcnemarExactTest(base: ArrayLike<number>, head: ArrayLike<number>): PairedProportionTest {
  if (base.length !== head.length) throw new RangeError(`mcnemarExactTest: base has ${base.length} outcomes, head ${head.length}; expected the same records`)
  const n = base.length
  if (n === 0) throw new RangeError('mcnemarExactTest: no outcomes')
  let b = 0, c = 0, baseOnes = 0, headOnes = 0
  for (let i = 0; i < n; i++) {
    const x = base[i], y = head[i]
    if (x !== 0 && x !== 1) throw new RangeError(`mcnemarExactTest: base[${i}] is ${String(x)}, expected 0 or 1`)
    if (y !== 0 && y !== 1) throw new RangeError(`mcnemarExactTest: head[${i}] is ${String(y)}, expected 0 or 1`)
    baseOnes += x
    headOnes += y
    if (x > y) b++
    else if (y > x) c++
  }
  const difference = (c - b) / n
  const p = b + c === 0 ? 1 : Math.min(1, 2 * halfBinomialCdf(Math.min(b, c), b + c))
  const z = p >= 1 ? 0 : Math.sign(difference) * -normalQuantile(p / 2)
  const standardError = Math.sqrt(Math.max(0, (b + c) / n - difference * difference) / n)
  return { n, base: baseOnes / n, head: headOnes / n, difference, baseOnly: b, headOnly: c, standardError, z, p }
}

/** P(X ≤ k) for X ~ Binomial(trials, ½), summed in log space (2^−trials underflows past 1074 trials). */
function halfBinomialCdf(k: number, trials: number): number {
  let logTerm = -trials * Math.LN2
  let logSum = logTerm
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((trials - i) / (i + 1))
    const hi = Math.max(logSum, logTerm)
    logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logTerm - hi))
  }
  return Math.exp(logSum)
}
