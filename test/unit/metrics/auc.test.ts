import { describe, expect, it } from 'vitest'
import { auc } from '../../../src/metrics/auc.js'
import { normalScores, randomCases, referenceValues } from './fixtures.js'

/** All pairs: the definition itself, O(n·m). */
function naiveAuc(members: Float64Array, nonMembers: Float64Array): number {
  let wins = 0
  for (const x of members) for (const y of nonMembers) wins += x > y ? 1 : x === y ? 0.5 : 0
  return wins / (members.length * nonMembers.length)
}

describe('auc', () => {
  for (const c of randomCases()) {
    it(`matches the all-pairs definition to 1e-12 (${c.name})`, () => {
      expect(Math.abs(auc(c.members, c.nonMembers) - naiveAuc(c.members, c.nonMembers))).toBeLessThanOrEqual(1e-12)
    })
  }

  it('matches the all-pairs definition on continuous scores', () => {
    const members = normalScores(1, 800, 0.4), nonMembers = normalScores(2, 700, 0)
    expect(Math.abs(auc(members, nonMembers) - naiveAuc(members, nonMembers))).toBeLessThanOrEqual(1e-12)
  })

  for (const c of referenceValues().cases) {
    it(`matches scikit-learn roc_auc_score to 1e-9 (${c.name}: ${c.note})`, () => {
      expect(Math.abs(auc(Float64Array.from(c.members), Float64Array.from(c.nonMembers)) - c.auc)).toBeLessThanOrEqual(1e-9)
    })
  }

  it('is exactly 0.5 when every score is tied', () => {
    expect(auc(new Float64Array(40).fill(0.3), new Float64Array(70).fill(0.3))).toBe(0.5)
  })

  it('is 1 for perfect separation and 0 when reversed (not folded)', () => {
    const low = new Float64Array([0.1, 0.2, 0.2, 0.3]), high = new Float64Array([0.5, 0.7, 0.7])
    expect(auc(high, low)).toBe(1)
    expect(auc(low, high)).toBe(0)
  })

  it('counts ties across the sets as one half', () => {
    // pairs: 0.9 beats both, 0.4 beats 0.1 and ties 0.4 → (2 + 1.5) / 4
    expect(auc(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))).toBe(0.875)
  })

  it('treats -0 and +0 as a tie and accepts ±Infinity', () => {
    expect(auc(new Float64Array([-0]), new Float64Array([0]))).toBe(0.5)
    expect(auc(new Float64Array([Infinity, 1]), new Float64Array([-Infinity, Infinity]))).toBe(naiveAuc(new Float64Array([Infinity, 1]), new Float64Array([-Infinity, Infinity])))
  })

  it('does not modify its inputs', () => {
    const members = new Float64Array([3, 1, 2]), nonMembers = new Float64Array([2, 0])
    auc(members, nonMembers)
    expect([...members, ...nonMembers]).toEqual([3, 1, 2, 2, 0])
  })

  it('refuses empty arrays, naming the argument', () => {
    expect(() => auc(new Float64Array(0), new Float64Array([1]))).toThrow(
      new RangeError('memberScores: expected at least one score, found an empty Float64Array'))
    expect(() => auc(new Float64Array([1]), new Float64Array(0))).toThrow(
      new RangeError('nonMemberScores: expected at least one score, found an empty Float64Array'))
  })

  it('refuses NaN, naming the argument and the index', () => {
    expect(() => auc(new Float64Array([0.2, NaN, 0.1]), new Float64Array([1]))).toThrow(
      new RangeError('memberScores: expected scores without NaN, found NaN at index 1'))
    expect(() => auc(new Float64Array([1]), new Float64Array([0, 0, NaN]))).toThrow(
      new RangeError('nonMemberScores: expected scores without NaN, found NaN at index 2'))
  })

  it('refuses a plain array instead of a Float64Array', () => {
    expect(() => auc([1, 2] as unknown as Float64Array, new Float64Array([1]))).toThrow(
      new TypeError('memberScores: expected a Float64Array of scores, found an Array of length 2'))
    expect(() => auc(new Float64Array([1]), new Float32Array([1]) as unknown as Float64Array)).toThrow(
      new TypeError('nonMemberScores: expected a Float64Array of scores, found a Float32Array'))
  })
})
