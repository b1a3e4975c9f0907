import type { Matrix } from '../../data/matrix.js'
import { createTarget } from '../../targets/create-target.js'
import type { Target, TargetLike } from '../../targets/target.js'
import { toTarget } from '../../targets/to-target.js'

/**
 * An interface control: takes the model under test (any {@link TargetLike}) and returns the
 * {@link Target} a caller reaches through the control. Controls compose by plain application,
 * innermost first: `roundTo(2)(topK(3)(model))`.
 *
 * Counting: the returned target's `queryCount` counts the rows the caller sent through the control.
 * The control does not hide or reset the inner target: when the caller holds the inner `Target`, its
 * own `queryCount` rises by the same rows (a control never queries the inner target more than once
 * per row, and never on its own). A control creates no resources, so its target has no `dispose`;
 * dispose the model itself as usual.
 */
export type OutputControl = (target: TargetLike) => Target

/** Turns `target` into a Target and refuses a label-only one (nothing left to minimise). */
export function innerTarget(target: TargetLike, control: string): Target {
  const inner = toTarget(target)
  if (inner.outputMode === 'label') {
    throw new TypeError(
      `${control}: target "${inner.name}" answers with labels only; apply ${control} before labelOnly(), not after ` +
        `(a label-only interface has no probabilities to minimise)`,
    )
  }
  return inner
}

/**
 * Builds a probabilities target whose answers are the inner target's answers with `transform` applied
 * to each row (in doubles, `row` is a copy the transform may overwrite; it must leave a
 * distribution: non-negative values with a positive sum, renormalised here). All batching, counting
 * and answer validation stay in {@link createTarget}.
 */
export function mapRows(inner: Target, control: string, transform: (row: Float64Array) => void): Target {
  return createTarget(
    async (rows: Matrix): Promise<Matrix> => {
      const answer = await inner.query(rows)
      const k = answer.cols
      const out = new Float32Array(answer.rows * k)
      const row = new Float64Array(k)
      for (let r = 0; r < answer.rows; r++) {
        for (let c = 0; c < k; c++) row[c] = answer.data[r * k + c]
        transform(row)
        normaliseInPlace(row)
        for (let c = 0; c < k; c++) out[r * k + c] = row[c]
      }
      return { data: out, rows: answer.rows, cols: k }
    },
    // The inner target batches its own calls: hand it calls as large as an in-process model takes.
    { name: `${inner.name} | ${control}`, features: inner.features, outputMode: 'probabilities', batchSize: 'auto' },
  )
}

/** Divides a row by its sum; a row whose sum is not positive becomes uniform (never NaN). */
export function normaliseInPlace(row: Float64Array): void {
  let sum = 0
  for (let c = 0; c < row.length; c++) sum += row[c]
  if (!(sum > 0) || !Number.isFinite(sum)) {
    row.fill(1 / row.length)
    return
  }
  for (let c = 0; c < row.length; c++) row[c] /= sum
}

/** Formats a found value for an argument error. */
export function found(v: unknown): string {
  if (typeof v === 'number') return String(v)
  if (v === undefined) return 'undefined'
  try {
    return JSON.stringify(v) ?? typeof v
  } catch {
    return typeof v
  }
}

/** A finite number > 0, else a RangeError naming `what`. */
export function positiveNumber(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`${what}: expected a finite number > 0, found ${found(v)}`)
  }
  return v
}
