import { describe, expect, it } from 'vitest'
import { rocCurve, type RocCurve } from '../../../src/metrics/roc.js'
import { countAtOrAbove, distinctDescending, randomCases, referenceValues } from './fixtures.js'

/** Brute force: every distinct score as a threshold, members and non-members counted at or above it. */
function naiveRoc(members: Float64Array, nonMembers: Float64Array): { fpr: number[]; tpr: number[]; thresholds: number[] } {
  const thresholds = [Infinity, ...distinctDescending(members, nonMembers)]
  return {
    thresholds,
    // the +Infinity marker means "nobody predicted member", whatever the scores
    tpr: thresholds.map((t, k) => (k === 0 ? 0 : countAtOrAbove(members, t) / members.length)),
    fpr: thresholds.map((t, k) => (k === 0 ? 0 : countAtOrAbove(nonMembers, t) / nonMembers.length)),
  }
}

function plain(r: RocCurve): { fpr: number[]; tpr: number[]; thresholds: number[] } {
  return { fpr: [...r.fpr], tpr: [...r.tpr], thresholds: [...r.thresholds] }
}

describe('rocCurve', () => {
  for (const c of randomCases()) {
    it(`equals brute-force thresholds point for point (${c.name})`, () => {
      expect(plain(rocCurve(c.members, c.nonMembers))).toEqual(naiveRoc(c.members, c.nonMembers))
    })
  }

  for (const c of referenceValues().cases) {
    it(`equals scikit-learn roc_curve(drop_intermediate=False) exactly (${c.name})`, () => {
      const r = rocCurve(Float64Array.from(c.members), Float64Array.from(c.nonMembers))
      expect(plain(r)).toEqual({
        fpr: c.roc.fpr,
        tpr: c.roc.tpr,
        thresholds: c.roc.thresholds.map((t) => t ?? Infinity),
      })
    })
  }

  it('runs from (0, 0) at +Infinity to (1, 1) at the smallest score, one point per distinct score', () => {
    const r = rocCurve(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))
    expect(plain(r)).toEqual({ thresholds: [Infinity, 0.9, 0.4, 0.1], tpr: [0, 0.5, 1, 1], fpr: [0, 0, 0.5, 1] })
  })

  it('collapses all-tied scores into a single step', () => {
    expect(plain(rocCurve(new Float64Array(5).fill(2), new Float64Array(3).fill(2)))).toEqual({
      thresholds: [Infinity, 2], tpr: [0, 1], fpr: [0, 1],
    })
  })

  it('groups -0 with +0 and reports the threshold as 0', () => {
    const r = rocCurve(new Float64Array([-0, 1]), new Float64Array([0]))
    expect(r.thresholds.length).toBe(3)
    expect(Object.is(r.thresholds[2], 0)).toBe(true)
  })

  it('keeps the (0, 0) marker first even when a score is +Infinity', () => {
    const r = rocCurve(new Float64Array([Infinity]), new Float64Array([0]))
    expect(plain(r)).toEqual({ thresholds: [Infinity, Infinity, 0], tpr: [0, 1, 1], fpr: [0, 0, 1] })
  })

  it('refuses NaN and empty input, naming the argument', () => {
    expect(() => rocCurve(new Float64Array([NaN]), new Float64Array([1]))).toThrow(/^memberScores: expected scores without NaN, found NaN at index 0$/)
    expect(() => rocCurve(new Float64Array([1]), new Float64Array(0))).toThrow(/^nonMemberScores: expected at least one score/)
  })
})
