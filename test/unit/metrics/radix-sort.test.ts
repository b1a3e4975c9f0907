import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { sortWithLabels } from '../../../src/metrics/radix-sort.js'

/** Whether two arrays hold the same doubles bit for bit (Object.is tells -0 from +0). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
}

describe('sortWithLabels', () => {
  const rng = createRng(9)
  const cases: Record<string, Float64Array> = {
    'doubles of both signs': Float64Array.from({ length: 3000 }, () => (rng.next() - 0.5) * 1e6),
    'float32-rounded probabilities (low bits all zero)': Float64Array.from({ length: 2000 }, () => Math.fround(rng.next())),
    'ties, ±0, ±Infinity, tiny and huge values': Float64Array.from({ length: 1500 }, () =>
      [0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1e308, -1e308, 0.5, -0.5][rng.int(10)]),
    'log-losses (negative, many exponents)': Float64Array.from({ length: 2500 }, () => Math.log(rng.next() + 1e-12)),
    'one score': new Float64Array([0.25]),
    'no score': new Float64Array(0),
  }
  for (const [name, scores] of Object.entries(cases)) {
    it(`sorts as the typed-array sort does, bit for bit, and carries the labels (${name})`, () => {
      const { scores: sorted, labels: carried } = sortWithLabels(scores.slice(), Int32Array.from(scores, (_, i) => i))
      expect(sameBits(sorted, scores.slice().sort())).toBe(true)
      // Each label still sits beside its own score, and equal scores keep their input order (stable).
      for (let i = 0; i < sorted.length; i++) {
        expect(Object.is(scores[carried[i]], sorted[i])).toBe(true)
        if (i > 0 && Object.is(sorted[i], sorted[i - 1])) expect(carried[i]).toBeGreaterThan(carried[i - 1])
      }
    })
  }

  it('sorts a subarray view at its offset', () => {
    const whole = Float64Array.from({ length: 100 }, () => rng.next())
    const view = whole.subarray(37, 90)
    const expected = view.slice().sort()
    const { scores } = sortWithLabels(view, new Int32Array(view.length).fill(3))
    expect(sameBits(scores, expected)).toBe(true)
  })

  it('puts NaN at an end, whatever its sign bit', () => {
    const positive = sortWithLabels(new Float64Array([0.1, Number.NaN, -2]), new Int32Array(3)).scores
    expect(Number.isNaN(positive[2])).toBe(true)
    // A NaN with the sign bit set maps below every number.
    const negative = new Float64Array([0.1, 0.2, 0.3])
    new Uint32Array(negative.buffer)[3] = 0xfff80000
    expect(Number.isNaN(sortWithLabels(negative, new Int32Array(3)).scores[0])).toBe(true)
  })
})
