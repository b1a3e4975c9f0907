import { describe, expect, it } from 'vitest'
import { tprAtFpr } from '../../../src/metrics/tpr-at-fpr.js'
import { countAtOrAbove, distinctDescending, normalScores, randomCases, referenceValues } from './fixtures.js'

/**
 * Brute force over all thresholds (and the "nobody" point): the largest TPR with FPR ≤ f, and the
 * smallest FPR at which that TPR is reached; estimable iff m ≥ ⌈1/f⌉ counted with integers.
 */
function naiveTprAtFpr(members: Float64Array, nonMembers: Float64Array, f: number) {
  const n = members.length, m = nonMembers.length
  let best = { tpr: 0, fpr: 0 }
  for (const t of distinctDescending(members, nonMembers)) {
    const point = { tpr: countAtOrAbove(members, t) / n, fpr: countAtOrAbove(nonMembers, t) / m }
    if (point.fpr > f) continue
    if (point.tpr > best.tpr || (point.tpr === best.tpr && point.fpr < best.fpr)) best = point
  }
  let needed = 1
  while (needed * f < 1 && needed < 1e7) needed++ // smallest integer with needed ≥ 1/f
  return { ...best, estimable: m >= needed }
}

describe('tprAtFpr', () => {
  const levels = [0.001, 0.01, 0.05, 0.1, 0.3, 1]
  for (const c of randomCases()) {
    it(`equals brute force at every level (${c.name})`, () => {
      for (const f of levels) expect(tprAtFpr(c.members, c.nonMembers, f), `f = ${f}`).toEqual(naiveTprAtFpr(c.members, c.nonMembers, f))
    })
  }

  it('equals brute force on continuous scores with 1000 non-members', () => {
    const members = normalScores(3, 500, 1), nonMembers = normalScores(4, 1000, 0)
    for (const f of levels) expect(tprAtFpr(members, nonMembers, f), `f = ${f}`).toEqual(naiveTprAtFpr(members, nonMembers, f))
  })

  for (const c of referenceValues().cases) {
    it(`agrees with scikit-learn's ROC curve (${c.name})`, () => {
      for (const [level, expected] of Object.entries(c.tprAtFpr)) {
        const r = tprAtFpr(Float64Array.from(c.members), Float64Array.from(c.nonMembers), Number(level))
        expect({ tpr: r.tpr, fpr: r.fpr }, `f = ${level}`).toEqual(expected)
      }
    })
  }

  it('gives the documented example', () => {
    const members = new Float64Array([0.9, 0.8, 0.3]), nonMembers = new Float64Array([0.85, 0.2])
    expect(tprAtFpr(members, nonMembers, 0.5)).toEqual({ tpr: 1, fpr: 0.5, estimable: true })
    expect(tprAtFpr(members, nonMembers, 0.4)).toEqual({ tpr: 1 / 3, fpr: 0, estimable: false })
  })

  it('flags levels that fewer than ⌈1/f⌉ non-members cannot resolve', () => {
    const members = new Float64Array([1])
    const est = (m: number, f: number) => tprAtFpr(members, new Float64Array(m), f).estimable
    expect([est(99, 0.01), est(100, 0.01), est(999, 0.001), est(1000, 0.001)]).toEqual([false, true, false, true])
    expect([est(14, 0.07), est(15, 0.07)]).toEqual([false, true]) // ⌈14.28…⌉ = 15
    expect([est(48, 1 / 49), est(49, 1 / 49)]).toEqual([false, true]) // 1/(1/49) evaluates to 49.00000000000001
  })

  it('reports the FPR actually reached, and a point exactly at the level counts', () => {
    // 100 non-members: one at 0.95 (FPR 0.01 exactly at the level), the rest at 0
    const nonMembers = new Float64Array(100); nonMembers[0] = 0.95
    const members = new Float64Array([0.99, 0.9, 0.5, 0.5])
    expect(tprAtFpr(members, nonMembers, 0.01)).toEqual({ tpr: 1, fpr: 0.01, estimable: true })
    expect(tprAtFpr(members, nonMembers, 0.005)).toEqual({ tpr: 0.25, fpr: 0, estimable: false })
  })

  it('is (0, 0) when every score ties and the level is below 1', () => {
    expect(tprAtFpr(new Float64Array(3).fill(7), new Float64Array(200).fill(7), 0.01)).toEqual({ tpr: 0, fpr: 0, estimable: true })
  })

  it('refuses levels outside (0, 1]', () => {
    const a = new Float64Array([1])
    for (const f of [0, -0.1, 1.5, NaN]) {
      expect(() => tprAtFpr(a, a, f)).toThrow(new RangeError(`fpr: expected a false-positive rate in (0, 1], found ${f}`))
    }
  })

  it('refuses empty scores, naming the argument', () => {
    expect(() => tprAtFpr(new Float64Array(0), new Float64Array([1]), 0.1)).toThrow(/^memberScores: expected at least one score/)
  })
})
