/**
 * Per-record membership tests behind `recordsAtRisk` (docs/attacks.md#which-records-are-exposed):
 * for each audited record, the one-sided p-value of the test "this record was not in the target's
 * training set", from the reference models LiRA and RMIA already trained. Risk = 1 − p.
 */
import { incompleteBeta } from '../../privacy/incomplete-beta.js'

/**
 * One-sided p-values of the per-record test, in the order of the attack's scores, and the smallest
 * p-value the test can give (0 when it is continuous).
 */
export interface RecordPValues {
  members: Float64Array
  nonMembers: Float64Array
  minimum: number
}

/** Above this many degrees of freedom the Student t tail is the normal tail to ~1e-7 relative at 5σ; the beta fraction would only cost time. */
const NORMAL_DF = 1e7

/**
 * P[T > t] for T ~ Student t with `df` degrees of freedom (df > 0), through the regularised
 * incomplete beta: P[|T| > |t|] = I_{df/(df+t²)}(df/2, 1/2). Exact in the far tail (it does not
 * compute 1 − CDF), so p-values of 1e-30 keep their digits.
 *
 * @example
 * studentTSurvival(2.015, 5) // ≈ 0.05
 */
export function studentTSurvival(t: number, df: number): number {
  if (Number.isNaN(t)) throw new RangeError('studentTSurvival: t: expected a number, found NaN')
  if (!(df > 0)) throw new RangeError(`studentTSurvival: df: expected degrees of freedom > 0, found ${df}`)
  if (t === Infinity) return 0
  if (t === -Infinity) return 1
  const d = Math.min(df, NORMAL_DF)
  // In the tail incompleteBeta takes its direct branch (a small value, relative precision kept); near
  // t = 0, where it takes 1 − …, the p-value is near ½ and only absolute precision matters.
  const twoSided = incompleteBeta(d / (d + t * t), d / 2, 0.5)
  return t >= 0 ? twoSided / 2 : 1 - twoSided / 2
}

/**
 * LiRA's per-record p-values from its standardised scores `(φ_target − μ) / σ` (see `liraScores`).
 * μ and σ are estimated from the k OUT reference models, so under "x was OUT" the target's φ is a
 * new draw from the same Gaussian: `(φ − μ) / (σ·√(1 + 1/k))` follows Student's t with the
 * degrees of freedom of σ — k − 1 for a per-record σ, R(k − 1) for the pooled σ of R records
 * (R − 1 when k = 1, where σ is the spread across records). With 4–8 reference models this tail
 * is far heavier than the normal one, which is what keeps a noisy per-record σ from flagging
 * records by chance.
 *
 * `scores` is every audited record's score; the p-values come back in the same order.
 */
export function liraPValues(scores: Float64Array, k: number, fixedVariance: boolean): Float64Array {
  const records = scores.length
  const df = !fixedVariance ? k - 1 : k >= 2 ? records * (k - 1) : records - 1
  if (!(df >= 1)) throw new RangeError(`liraPValues: ${k} reference model(s) and ${records} record(s) leave no degree of freedom for σ`)
  const inflate = Math.sqrt(1 + 1 / k)
  return scores.map((s) => studentTSurvival(s / inflate, df))
}

/**
 * RMIA's per-record p-values from its scores (the share of the population a record beats; see
 * `rmiaScores`). The population records never trained the target, so the test is a rank test
 * against them: p = (1 + |{z not beaten}|) / (|Z| + 1), the usual permutation p-value, valid
 * without any distributional assumption and never below 1/(|Z| + 1).
 */
export function rmiaPValues(scores: Float64Array, population: number): Float64Array {
  if (!(Number.isInteger(population) && population >= 1)) throw new RangeError(`rmiaPValues: population: expected an integer ≥ 1, found ${population}`)
  return scores.map((s) => (population + 1 - Math.round(s * population)) / (population + 1))
}
