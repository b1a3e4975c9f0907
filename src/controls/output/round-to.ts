import type { Target, TargetLike } from '../../targets/target.js'
import { found, innerTarget, mapRows, type OutputControl } from './common.js'

/**
 * Rounded outputs: each probability becomes a multiple of 10^−decimals, by the largest-remainder
 * (Hamilton) method, so that every row still sums to exactly 1 before the float32 conversion: each
 * p·10^d is floored, and the units still missing to reach 10^d go to the entries with the largest
 * remainders (ties: lower class index). Each value therefore differs from p by less than one unit
 * 10^−d. `roundTo(0)` returns one-hot rows.
 *
 * Accuracy cost: the argmax is kept except where the top two classes become equal at the rounded
 * precision; then the lower class index wins. With `decimals ≥ 2` that is rare; `roundTo(0)` keeps
 * the argmax always (the largest entry has the largest floor and remainder).
 *
 * Does not stop: label-only attacks (`label-gap`, `label-noise`); coarse rounding only flattens
 * confidence scores, it leaves the predicted label and whether it is right.
 *
 * @example
 * const t = roundTo(2)(model)  // [0.93, 0.05, 0.02, 0, …]
 */
export function roundTo(decimals: number): OutputControl {
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new RangeError(`roundTo: decimals: expected an integer in 0..10, found ${found(decimals)}`)
  }
  const units = 10 ** decimals
  return (target: TargetLike): Target => {
    const inner = innerTarget(target, `roundTo(${decimals})`)
    return mapRows(inner, `roundTo(${decimals})`, (row) => largestRemainder(row, units))
  }
}

/** Rounds a distribution to multiples of 1/units summing to 1 (largest-remainder method). */
export function largestRemainder(row: Float64Array, units: number): void {
  let sum = 0
  for (let c = 0; c < row.length; c++) sum += row[c]
  const floors = new Float64Array(row.length)
  const rem = new Float64Array(row.length)
  let given = 0
  for (let c = 0; c < row.length; c++) {
    const q = (row[c] / sum) * units
    floors[c] = Math.floor(q)
    rem[c] = q - floors[c]
    given += floors[c]
  }
  const missing = Math.max(0, Math.round(units - given))
  const order = Array.from(rem.keys()).sort((a, b) => rem[b] - rem[a] || a - b)
  for (let i = 0; i < missing && i < order.length; i++) floors[order[i]] += 1
  for (let c = 0; c < row.length; c++) row[c] = floors[c] / units
}
