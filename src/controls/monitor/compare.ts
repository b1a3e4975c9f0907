import { ksTwoSample } from '../../metrics/ks.js'
import { populationStabilityIndex, type PsiOptions } from '../../metrics/psi.js'

/** How two confidence samples differ. */
export interface ConfidenceShift {
  /** Two-sample KS statistic D and its two-sided p-value. */
  ks: number
  pValue: number
  /** `exact` up to 10 000 values per sample, else `asymptotic` (see `ksTwoSample`). */
  ksMethod: 'exact' | 'asymptotic'
  /** Population stability index of `actual` against `reference` (decile bins of the reference, ε 1e-4). */
  psi: number
  referenceSize: number
  actualSize: number
}

/**
 * Compares two samples of confidences (top probabilities): KS statistic and p-value, and PSI with
 * the reference's quantile bins. Used for training vs validation vs production.
 *
 * @example
 * compareConfidences(validation, production)   // { ks: 0.08, pValue: 0.41, ksMethod: 'exact', psi: 0.03, … }
 */
export function compareConfidences(reference: ArrayLike<number>, actual: ArrayLike<number>, options: PsiOptions = {}): ConfidenceShift {
  const k = ksTwoSample(reference, actual)
  const p = populationStabilityIndex(reference, actual, options)
  return { ks: k.statistic, pValue: k.pValue, ksMethod: k.method, psi: p.psi, referenceSize: reference.length, actualSize: actual.length }
}
