import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { accuracy, agreementOutcomes, fidelity } from '../../../src/metrics/accuracy.js'

function randomLabels(seed: number, count: number, classes: number): Int32Array {
  const rng = createRng(seed)
  return Int32Array.from({ length: count }, () => rng.int(classes))
}

describe('accuracy and fidelity', () => {
  it('count equal entries', () => {
    expect(accuracy(new Int32Array([1, 0, 2, 2]), new Int32Array([1, 0, 1, 2]))).toBe(0.75)
    expect(fidelity(new Int32Array([3, 1, 1]), new Int32Array([3, 1, 0]))).toBe(2 / 3)
    expect(accuracy(new Int32Array([5]), new Int32Array([5]))).toBe(1)
    expect(fidelity(new Int32Array([0, 0]), new Int32Array([1, 1]))).toBe(0)
  })

  it('match a filter-and-count on seeded random labels', () => {
    const a = randomLabels(1, 1000, 4), b = randomLabels(2, 1000, 4)
    const expected = [...a].filter((v, i) => v === b[i]).length / 1000
    expect(accuracy(a, b)).toBe(expected)
    expect(fidelity(b, a)).toBe(expected)
  })

  it('refuse arrays of different lengths, naming both arguments', () => {
    expect(() => accuracy(new Int32Array(3), new Int32Array(4))).toThrow(
      new RangeError('predicted, labels: expected the same length, found 3 and 4'))
    expect(() => fidelity(new Int32Array(2), new Int32Array(1))).toThrow(
      new RangeError('surrogate, target: expected the same length, found 2 and 1'))
  })

  it('refuse empty input, naming the argument', () => {
    expect(() => accuracy(new Int32Array(0), new Int32Array(0))).toThrow(
      new RangeError('predicted: expected at least one entry, found an empty Int32Array'))
    expect(() => fidelity(new Int32Array(1), new Int32Array(0))).toThrow(
      new RangeError('target: expected at least one entry, found an empty Int32Array'))
  })

  it('refuse arrays that are not Int32Array', () => {
    expect(() => accuracy(new Int32Array(1), [0] as unknown as Int32Array)).toThrow(
      new TypeError('labels: expected an Int32Array of class indices, found an Array of length 1'))
  })
})

describe('agreementOutcomes', () => {
  it('is one 1 or 0 per record, in order, whose share is the accuracy', () => {
    expect(agreementOutcomes(new Int32Array([1, 0, 2, 2]), new Int32Array([1, 0, 1, 2]))).toBe('1101')
    const a = randomLabels(3, 500, 3), b = randomLabels(4, 500, 3)
    const o = agreementOutcomes(a, b)
    expect(o).toMatch(/^[01]{500}$/)
    expect([...o].filter((c) => c === '1').length / 500).toBe(accuracy(a, b))
  })

  it('refuses arrays of different lengths, naming both', () => {
    expect(() => agreementOutcomes(new Int32Array(2), new Int32Array(3))).toThrow(/\ba\b.*\bb\b/)
  })
})
