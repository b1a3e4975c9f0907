import { describe, expect, it } from 'vitest'
import { expectPairedLabels, expectScores, throwNaN } from '../../../src/metrics/validate.js'

describe('validate', () => {
  it('expectScores accepts a non-empty Float64Array and names the argument otherwise', () => {
    expect(() => expectScores('s', new Float64Array([1]))).not.toThrow()
    expect(() => expectScores('s', new Float64Array(0))).toThrow(new RangeError('s: expected at least one score, found an empty Float64Array'))
    expect(() => expectScores('s', null)).toThrow(new TypeError('s: expected a Float64Array of scores, found null'))
    expect(() => expectScores('s', 3)).toThrow(new TypeError('s: expected a Float64Array of scores, found number 3'))
    expect(() => expectScores('s', {})).toThrow(new TypeError('s: expected a Float64Array of scores, found an Object'))
  })

  it('throwNaN reports the first NaN', () => {
    expect(() => throwNaN('s', new Float64Array([0, NaN, NaN]))).toThrow(new RangeError('s: expected scores without NaN, found NaN at index 1'))
  })

  it('expectPairedLabels checks type, emptiness and equal length in that order', () => {
    expect(() => expectPairedLabels(['a', 'b'], new Int32Array(2), new Int32Array(2))).not.toThrow()
    expect(() => expectPairedLabels(['a', 'b'], new Uint8Array(2), new Int32Array(2))).toThrow(new TypeError('a: expected an Int32Array of class indices, found a Uint8Array'))
    expect(() => expectPairedLabels(['a', 'b'], new Int32Array(0), new Int32Array(2))).toThrow(new RangeError('a: expected at least one entry, found an empty Int32Array'))
    expect(() => expectPairedLabels(['a', 'b'], new Int32Array(1), new Int32Array(2))).toThrow(new RangeError('a, b: expected the same length, found 1 and 2'))
  })
})
