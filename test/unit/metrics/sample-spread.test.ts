import { describe, expect, it } from 'vitest'
import { sampleSpread } from '../../../src/metrics/sample-spread.js'

describe('sampleSpread', () => {
  it('gives mean, sample sd (n − 1), min and max; sd 0 for one value', () => {
    const s = sampleSpread([0.91, 0.93, 0.95])
    expect(s.mean).toBeCloseTo(0.93, 15)
    expect(s.sd).toBeCloseTo(0.02, 15)
    expect([s.min, s.max]).toEqual([0.91, 0.95])
    expect(sampleSpread([4])).toEqual({ mean: 4, sd: 0, min: 4, max: 4 })
  })

  it('refuses no values', () => {
    expect(() => sampleSpread([])).toThrow('sampleSpread: values: expected at least one value, found none')
  })
})
