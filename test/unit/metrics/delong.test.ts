import { describe, expect, it } from 'vitest'
import { auc } from '../../../src/metrics/auc.js'
import { delongInterval } from '../../../src/metrics/delong.js'
import { normalQuantile } from '../../../src/metrics/normal.js'
import { normalScores, randomCases, referenceValues } from './fixtures.js'

/** Textbook DeLong: the full kernel ψ(x, y) per pair, placement values as its row and column means. */
function naiveDelong(members: Float64Array, nonMembers: Float64Array, level: number) {
  const n = members.length, m = nonMembers.length
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0)
  const v10 = [...members].map((x) => [...nonMembers].reduce((s, y) => s + psi(x, y), 0) / m)
  const v01 = [...nonMembers].map((y) => [...members].reduce((s, x) => s + psi(x, y), 0) / n)
  const theta = v10.reduce((s, v) => s + v, 0) / n
  const sampleVar = (v: number[]) => v.reduce((s, x) => s + (x - theta) ** 2, 0) / (v.length - 1)
  const variance = sampleVar(v10) / n + sampleVar(v01) / m
  const half = normalQuantile(0.5 + level / 2) * Math.sqrt(variance)
  return { auc: theta, variance, interval: [Math.max(0, theta - half), Math.min(1, theta + half)] }
}

function expectClose(actual: number, expected: number, tolerance: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)))
}

describe('delongInterval', () => {
  const cases = randomCases().filter((c) => c.members.length > 1 && c.nonMembers.length > 1)
  for (const c of cases) {
    it(`matches the textbook O(n·m) computation (${c.name})`, () => {
      for (const level of [0.95, 0.5]) {
        const r = delongInterval(c.members, c.nonMembers, level)
        const ref = naiveDelong(c.members, c.nonMembers, level)
        expectClose(r.auc, ref.auc, 1e-12, 'auc')
        expectClose(r.variance, ref.variance, 1e-12, 'variance')
        expectClose(r.interval[0], ref.interval[0], 1e-12, 'lower')
        expectClose(r.interval[1], ref.interval[1], 1e-12, 'upper')
      }
    })
  }

  for (const c of referenceValues().cases) {
    it(`matches the Python textbook DeLong (${c.name})`, () => {
      for (const ref of c.delong) {
        const r = delongInterval(Float64Array.from(c.members), Float64Array.from(c.nonMembers), ref.level)
        expectClose(r.auc, ref.auc, 1e-12, 'auc')
        expectClose(r.variance, ref.variance, 1e-12, 'variance')
        expectClose(r.interval[0], ref.interval[0], 1e-12, 'lower')
        expectClose(r.interval[1], ref.interval[1], 1e-12, 'upper')
      }
    })
  }

  it('reports the same AUC as auc(), bit for bit', () => {
    for (const c of cases) expect(delongInterval(c.members, c.nonMembers).auc).toBe(auc(c.members, c.nonMembers))
  })

  it('defaults to a 95% interval that narrows with more data', () => {
    const small = delongInterval(normalScores(5, 50, 0.5), normalScores(6, 50, 0))
    const large = delongInterval(normalScores(5, 2000, 0.5), normalScores(6, 2000, 0))
    const z = normalQuantile(0.975)
    expectClose(small.interval[1] - small.auc, z * Math.sqrt(small.variance), 1e-15, 'half width')
    expect(large.interval[1] - large.interval[0]).toBeLessThan(small.interval[1] - small.interval[0])
  })

  it('clips the interval to [0, 1]', () => {
    const r = delongInterval(new Float64Array([0.9, 0.4, 0.35]), new Float64Array([0.4, 0.1, 0.8, 0.2]))
    expect(r.interval[1]).toBe(1)
    expect(r.interval[0]).toBeGreaterThan(0)
  })

  it('collapses onto the AUC for perfect separation and all ties', () => {
    expect(delongInterval(new Float64Array([2, 3]), new Float64Array([0, 1]))).toEqual({ auc: 1, variance: 0, interval: [1, 1] })
    expect(delongInterval(new Float64Array([1, 0]), new Float64Array([2, 3]))).toEqual({ auc: 0, variance: 0, interval: [0, 0] })
    expect(delongInterval(new Float64Array(3).fill(1), new Float64Array(4).fill(1))).toEqual({ auc: 0.5, variance: 0, interval: [0.5, 0.5] })
  })

  it('needs at least two scores on each side, naming the argument', () => {
    expect(() => delongInterval(new Float64Array([1]), new Float64Array([0, 1]))).toThrow(
      new RangeError('memberScores: the DeLong variance needs at least 2 scores, found 1'))
    expect(() => delongInterval(new Float64Array([0, 1]), new Float64Array([1]))).toThrow(
      new RangeError('nonMemberScores: the DeLong variance needs at least 2 scores, found 1'))
  })

  it('refuses levels outside (0, 1)', () => {
    const a = new Float64Array([0, 1])
    for (const level of [0, 1, 95, NaN]) {
      expect(() => delongInterval(a, a, level)).toThrow(new RangeError(`level: expected a confidence level strictly between 0 and 1, found ${level}`))
    }
  })

  it('refuses NaN, naming the argument', () => {
    expect(() => delongInterval(new Float64Array([0, NaN]), new Float64Array([0, 1]))).toThrow(/^memberScores: .*NaN at index 1$/)
  })
})
