import { finiteSample } from './validate.js'

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /** Number of bins (quantile bins of the reference sample). Default {@link PSI_BINS}. */
  bins?: number
  /** Share put in a bin that one sample leaves empty, so that ln(a/e) stays finite. Default {@link PSI_EPSILON}. */
  epsilon?: number
}

/** Result of {@link populationStabilityIndex}. */
export interface PsiResult {
  psi: number
  /** Bins actually used (fewer than asked when the reference has tied quantiles). */
  bins: number
  /** Inner bin edges (bin i is (edges[i−1], edges[i]]; the first and last bins are open). */
  edges: number[]
}

/** Default number of PSI bins: deciles, the usual choice in credit-risk monitoring. */
export const PSI_BINS = 10
/** Default share substituted for an empty bin (1e-4, i.e. 0.01%). */
export const PSI_EPSILON = 1e-4

/**
 * The population stability index of `actual` against `reference`:
 * PSI = Σ_bins (aᵢ − eᵢ) · ln(aᵢ / eᵢ), with eᵢ and aᵢ the shares of each sample in bin i.
 *
 * Binning: the edges are the reference's quantiles at k/bins (k = 1 … bins − 1, the value at rank
 * ⌈k·n/bins⌉ of the sorted reference), duplicates removed — confidences often pile up at 1.0, and a
 * zero-width bin would say nothing. Values equal to an edge go to the lower bin. A share of 0 is
 * replaced by `epsilon` (default 1e-4) so an empty bin adds a large but finite term.
 * Usual reading: < 0.1 stable, 0.1–0.25 a moderate shift, > 0.25 a major shift.
 *
 * @throws RangeError when a sample is empty or holds a non-finite value, or on bad options.
 * @example
 * populationStabilityIndex(validationConfidences, productionConfidences).psi   // e.g. 0.03
 */
export function populationStabilityIndex(reference: ArrayLike<number>, actual: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const bins = options.bins ?? PSI_BINS
  const epsilon = options.epsilon ?? PSI_EPSILON
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`bins: expected an integer ≥ 2, found ${String(bins)}`)
  if (!(typeof epsilon === 'number' && epsilon > 0 && epsilon < 1)) throw new RangeError(`epsilon: expected a number in (0, 1), found ${String(epsilon)}`)
  const ref = finiteSample(reference, 'reference').sort()
  const act = finiteSample(actual, 'actual')
  const edges: number[] = []
  for (let k = 1; k < bins; k++) {
    const v = ref[Math.max(0, Math.ceil((k * ref.length) / bins) - 1)]
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v)
  }
  // The top edge equal to the reference maximum would leave the last bin empty for the reference.
  if (edges.length > 0 && edges[edges.length - 1] >= ref[ref.length - 1]) edges.pop()
  const shares = (v: Float64Array): Float64Array => {
    const counts = new Float64Array(edges.length + 1)
    for (const x of v) counts[binOf(edges, x)]++
    return counts.map((c) => (c === 0 ? epsilon : c / v.length))
  }
  const e = shares(ref)
  const a = shares(act)
  let psi = 0
  for (let i = 0; i < e.length; i++) psi += (a[i] - e[i]) * Math.log(a[i] / e[i])
  return { psi, bins: e.length, edges }
}

/** Index of the bin holding x: the number of edges strictly below x. */
function binOf(edges: number[], x: number): number {
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (edges[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

