import { DataError } from '../data/data-error.js'
import type { DenseDataset } from '../data/dataset.js'
import type { Matrix } from '../data/matrix.js'
import { SCHEMA_DEFAULTS } from '../schema/defaults.js'
import type { Target } from '../targets/target.js'

/**
 * Refuses (with a {@link DataError}) data whose feature count differs from the target's input (when the target knows it) or
 * from the first data set, before a single query is spent.
 */
export function checkFeatures(target: Target, sets: ReadonlyArray<[string, Pick<Matrix, 'cols'>]>): number {
  const [firstName, first] = sets[0]
  const expected = target.features ?? first.cols
  const source = target.features !== undefined ? `the target (${target.name}) takes` : `${firstName} has`
  for (const [name, m] of sets) {
    if (m.cols !== expected) {
      throw new DataError(`${name}: rows have ${m.cols} features, but ${source} ${expected}`)
    }
  }
  return expected
}

/** Refuses (with a {@link DataError}) labels the target's answers cannot contain (class index ≥ number of outputs). */
export function checkLabels(ds: DenseDataset, classes: number, what: string): void {
  for (let i = 0; i < ds.y.length; i++) {
    if (ds.y[i] >= classes) {
      throw new DataError(
        `${what}.y[${i}]: label ${ds.y[i]} is outside the target's classes 0..${classes - 1} (it returns ${classes} outputs)`,
      )
    }
  }
}

/** Checks a random seed option: an integer (any sign), default the thresholds schema's `Seed`, 0. */
export function seedOption(seed: unknown, what = 'seed'): number {
  if (seed === undefined) return SCHEMA_DEFAULTS.Seed
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new TypeError(`${what}: expected an integer, found ${typeof seed === 'number' ? seed : typeof seed}`)
  }
  return seed
}
