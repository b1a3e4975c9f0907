import { expectPairedLabels } from './validate.js'

/**
 * Share of records whose predicted class equals the true label, in [0, 1] (docs/architecture.md#metrics:
 * `surrogateAccuracy`, `targetAccuracy` are this on the argmax of each model's answers).
 *
 * Throws a `RangeError` naming both arguments when their lengths differ, naming one when it is empty
 * (a `TypeError` when it is not an `Int32Array`).
 *
 * @example
 * accuracy(new Int32Array([1, 0, 2, 2]), new Int32Array([1, 0, 1, 2]))   // 0.75
 */
export function accuracy(predicted: Int32Array, labels: Int32Array): number {
  expectPairedLabels(['predicted', 'labels'], predicted, labels)
  return agreement(predicted, labels)
}

/**
 * Fidelity of a surrogate (docs/architecture.md#metrics): share of evaluation records where the surrogate and the
 * target predict the same class (argmax of each), in [0, 1]. The true labels play no part.
 *
 * Throws a `RangeError` naming both arguments when their lengths differ, naming one when it is empty
 * (a `TypeError` when it is not an `Int32Array`).
 *
 * @example
 * fidelity(new Int32Array([3, 1, 1]), new Int32Array([3, 1, 0]))   // 2/3
 */
export function fidelity(surrogate: Int32Array, target: Int32Array): number {
  expectPairedLabels(['surrogate', 'target'], surrogate, target)
  return agreement(surrogate, target)
}

/**
 * Per record, `'1'` where the two label arrays agree and `'0'` where they do not, in record order:
 * the 0/1 outcomes behind `accuracy` (predicted against true labels) and `fidelity` (surrogate
 * against target), kept so that a later run can test its value against this one's on the same
 * records (`mcnemarExactTest`). One character per record, no label.
 *
 * @example
 * agreementOutcomes(new Int32Array([3, 1, 1]), new Int32Array([3, 1, 0]))   // '110'
 */
export function agreementOutcomes(a: Int32Array, b: Int32Array): string {
  expectPairedLabels(['a', 'b'], a, b)
  let out = ''
  for (let i = 0; i < a.length; i++) out += a[i] === b[i] ? '1' : '0'
  return out
}

function agreement(a: Int32Array, b: Int32Array): number {
  let same = 0
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++
  return same / a.length
}
