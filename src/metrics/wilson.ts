import { normalQuantile } from './normal.js'
import { sampleSpread } from './sample-spread.js'

const Z95 = normalQuantile(0.975)

/**
 * The Wilson score interval of a proportion `p` observed over `n` trials (95% by default): the
 * interval of every true proportion whose normal test would not reject `p`. Unlike p ± z·se it stays
 * inside [0, 1] and does not collapse to a point at p = 0 or 1. `n` may be an effective (non-integer)
 * count, see {@link wilsonIntervalOfRepeats}.
 *
 * @throws RangeError when p is outside [0, 1] or n is not a positive finite number.
 * @example
 * wilsonInterval(0.93, 600)   // ≈ [0.9071, 0.9476]
 */
export function wilsonInterval(p: number, n: number, z: number = Z95): [number, number] {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`wilsonInterval: p: expected a proportion in [0, 1], found ${p}`)
  if (!(n > 0 && Number.isFinite(n))) throw new RangeError(`wilsonInterval: n: expected a positive count, found ${n}`)
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  // At p = 0 or 1 one end is exactly p; rounding would otherwise leave it a hair inside.
  return [p === 0 ? 0 : Math.max(0, centre - half), p === 1 ? 1 : Math.min(1, centre + half)]
}

/**
 * A 95% interval for the mean of proportions measured on the same `n` records by `values.length`
 * reseeded runs (e.g. surrogates trained with different seeds). Two sources of error add up: the
 * records (binomial, p̄(1 − p̄)/n) and the runs (their sample variance s² over R runs, s²/R). The
 * Wilson interval is taken at the effective count n_eff = p̄(1 − p̄) / (p̄(1 − p̄)/n + s²/R) (Kish's
 * design effect), so one run, or runs that agree, give the plain Wilson interval over n records.
 *
 * @throws RangeError when `values` is empty or holds a value outside [0, 1].
 * @example
 * wilsonIntervalOfRepeats([0.91, 0.93, 0.95], 600)   // wider than wilsonInterval(0.93, 600)
 */
export function wilsonIntervalOfRepeats(values: readonly number[], n: number): [number, number] {
  if (values.length === 0) throw new RangeError('wilsonIntervalOfRepeats: values: expected at least one run, found none')
  values.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`wilsonIntervalOfRepeats: values[${i}]: expected a proportion in [0, 1], found ${v}`)
  })
  const { mean, sd } = sampleSpread(values)
  const binomial = mean * (1 - mean)
  const variance = binomial / n + (sd * sd) / values.length
  return wilsonInterval(mean, variance > 0 && binomial > 0 ? binomial / variance : n)
}
