import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { countAtMost, countBelow } from '../../../src/metrics/sorted-counts.js'

describe('countBelow / countAtMost', () => {
  it('count the elements of a sorted array below / at most x, as a scan does (ties, ends, empty)', () => {
    const rng = createRng(4)
    for (const n of [0, 1, 2, 17, 200]) {
      const sorted = Float64Array.from({ length: n }, () => rng.int(10) / 2).sort()
      for (const x of [-1, 0, 0.5, 2, 4.5, 5, 10]) {
        expect(countBelow(sorted, x)).toBe(sorted.filter((v) => v < x).length)
        expect(countAtMost(sorted, x)).toBe(sorted.filter((v) => v <= x).length)
      }
    }
  })
})
