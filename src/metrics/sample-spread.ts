/**
 * Mean and sample standard deviation (n − 1 in the denominator; 0 for a single value) of `values`,
 * with their min and max: how much a measurement moves over repeated runs or seeds.
 *
 * @throws RangeError when `values` is empty.
 * @example
 * sampleSpread([0.91, 0.93, 0.95])   // { mean: 0.93, sd: 0.02, min: 0.91, max: 0.95 }
 */
export function sampleSpread(values: readonly number[]): { mean: number; sd: number; min: number; max: number } {
  const n = values.length
  if (n === 0) throw new RangeError('sampleSpread: values: expected at least one value, found none')
  const mean = values.reduce((a, b) => a + b, 0) / n
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) }
}
