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
  }
  for (const [name, scores] of Object.entries(cases)) {
    it(`sorts as the typed-array sort does, bit for bit, and carries the labels (${name})`, () => {
      const labels = Int32Array.from(scores, (_, i) => i)
      const { scores: sorted, labels: carried } = sortWithLabels('scores', scores, labels)
      expect(sameBits(sorted, scores.slice().sort())).toBe(true)
      // Each label still sits beside its own score, and equal scores keep their input order (stable).
      for (let i = 0; i < sorted.length; i++) {
        expect(Object.is(scores[carried[i]], sorted[i])).toBe(true)
        if (i > 0 && Object.is(sorted[i], sorted[i - 1])) expect(carried[i]).toBeGreaterThan(carried[i - 1])
      }
    })
  }

  it('reads a subarray view at its offset and leaves the inputs as they were', () => {
    const whole = Float64Array.from({ length: 100 }, () => rng.next())
    const view = whole.subarray(37, 90)
    const before = view.slice()
    const labels = new Int32Array(view.length).fill(3)
    const { scores } = sortWithLabels('scores', view, labels)
    expect(sameBits(scores, before.slice().sort())).toBe(true)
    expect(sameBits(view, before)).toBe(true)
    expect([...labels].every((y) => y === 3)).toBe(true)
  })

  it('refuses NaN, whatever its sign bit, naming the argument and the index', () => {
    const scores = new Float64Array([0.1, 0.2, Number.NaN, 0.3])
    expect(() => sortWithLabels('memberScores', scores, new Int32Array(4))).toThrow(/memberScores: expected scores without NaN, found NaN at index 2/)
    // A NaN with the sign bit set maps below every number: caught at the other end.
    const negative = new Float64Array([0.1, 0.2, 0.3])
    new Uint32Array(negative.buffer)[3] = 0xfff80000
    expect(() => sortWithLabels('nonMemberScores', negative, new Int32Array(3))).toThrow(/nonMemberScores: expected scores without NaN, found NaN at index 1/)
  })
})
