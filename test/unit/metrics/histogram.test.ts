import { describe, expect, it } from 'vitest'
import { scoreHistogram } from '../../../src/metrics/index.js'

describe('scoreHistogram', () => {
  it('counts both groups on shared equal-width bins over the finite range', () => {
    const h = scoreHistogram(new Float64Array([0, 0.1, 0.9, 1]), new Float64Array([0.2, 0.6]), 2)
    expect(h).toEqual({ lo: 0, hi: 1, members: [2, 2], nonMembers: [1, 1] })
  })

  it('puts ±Infinity in the end bins, skips NaN, and widens a single value', () => {
    const h = scoreHistogram(new Float64Array([-Infinity, -1, 1, Infinity, NaN]), new Float64Array([0]), 4)
    expect(h.members).toEqual([2, 0, 0, 2])
    expect(scoreHistogram(new Float64Array([2, 2]), new Float64Array([2]), 1)).toEqual({ lo: 1.5, hi: 2.5, members: [2], nonMembers: [1] })
  })

  it('refuses a bad bin count', () => {
    expect(() => scoreHistogram(new Float64Array([1]), new Float64Array([1]), 0)).toThrow(/bins: expected an integer ≥ 1, found 0/)
  })
})
