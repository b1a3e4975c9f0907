import { describe, expect, it } from 'vitest'
import { advantage } from '../../../src/metrics/advantage.js'
import { countAtOrAbove, distinctDescending, randomCases, referenceValues } from './fixtures.js'

/** Brute force: |TPR − FPR| at every distinct score used as threshold. */
function naiveAdvantage(members: Float64Array, nonMembers: Float64Array): number {
  let best = 0
  for (const t of distinctDescending(members, nonMembers)) {
    const d = Math.abs(countAtOrAbove(members, t) / members.length - countAtOrAbove(nonMembers, t) / nonMembers.length)
    best = Math.max(best, d)
  }
  return best
}

describe('advantage', () => {
  for (const c of randomCases()) {
    it(`equals the brute-force maximum over thresholds (${c.name})`, () => {
      expect(advantage(c.members, c.nonMembers)).toBe(naiveAdvantage(c.members, c.nonMembers))
    })
  }

  for (const c of referenceValues().cases) {
    it(`equals max |tpr − fpr| of scikit-learn's ROC curve (${c.name})`, () => {
      expect(advantage(Float64Array.from(c.members), Float64Array.from(c.nonMembers))).toBe(c.advantage)
    })
  }

  it('is 0 when all scores tie, 1 for perfect separation either way round', () => {
    expect(advantage(new Float64Array(4).fill(1), new Float64Array(6).fill(1))).toBe(0)
    const low = new Float64Array([0, 0.1, 0.1]), high = new Float64Array([0.8, 0.9])
    expect(advantage(high, low)).toBe(1)
    expect(advantage(low, high)).toBe(1)
  })

  it('takes the best threshold on a small example', () => {
    expect(advantage(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))).toBe(0.5)
  })

  it('refuses NaN, naming the argument', () => {
    expect(() => advantage(new Float64Array([1]), new Float64Array([NaN]))).toThrow(/^nonMemberScores: .*NaN at index 0$/)
  })
})
