import { describe, expect, it } from 'vitest'
import { groupScores } from '../../../src/metrics/score-groups.js'
import { clopperPearsonEpsilon } from '../../../src/privacy/clopper-pearson.js'
import { epsilonLowerBoundOfGroups } from '../../../src/privacy/roc-epsilon.js'
import { createRng } from '../../../src/data/rng.js'

function scores(n: number, shift: number, seed: number): Float64Array {
  const rng = createRng(seed)
  return Float64Array.from({ length: n }, () => rng.normal() + shift)
}

describe('epsilonLowerBoundOfGroups', () => {
  it('is the best Clopper–Pearson bound over thresholds, each at α / thresholds (Bonferroni)', () => {
    const m = scores(300, 2, 1), nm = scores(300, 0, 2)
    const groups = groupScores(m, nm)
    const got = epsilonLowerBoundOfGroups(groups, { alpha: 0.05, delta: 1e-5 })
    expect(got.thresholds).toBe(600)
    // Brute force: every threshold, without the pruning.
    let best = 0
    const sorted = [...groups.values]
    for (const t of sorted) {
      const tp = [...m].filter((s) => s >= t).length, fp = [...nm].filter((s) => s >= t).length
      best = Math.max(best, clopperPearsonEpsilon({ tp, fn: 300 - tp, fp, tn: 300 - fp, alpha: 0.05 / 600, delta: 1e-5 }))
    }
    expect(got.epsilon).toBe(best)
    expect(got.epsilon).toBeGreaterThan(0.5)
  })

  it('is 0 when members and non-members score alike', () => {
    const g = groupScores(scores(200, 0, 3), scores(200, 0, 4))
    expect(epsilonLowerBoundOfGroups(g, { alpha: 0.05, delta: 0 }).epsilon).toBe(0)
  })

  it('holds at its confidence: over 200 audits of a known (ε = 1)-DP score, it exceeds 1 in at most ~5%', () => {
    // Randomised response with ε = 1: a member scores 1 with probability e/(1+e), a non-member with 1/(1+e).
    const p = Math.E / (1 + Math.E)
    let over = 0
    const rng = createRng(7)
    for (let run = 0; run < 200; run++) {
      const m = Float64Array.from({ length: 100 }, () => (rng.next() < p ? 1 : 0))
      const nm = Float64Array.from({ length: 100 }, () => (rng.next() < 1 - p ? 1 : 0))
      if (epsilonLowerBoundOfGroups(groupScores(m, nm), { alpha: 0.05, delta: 0 }).epsilon > 1) over++
    }
    expect(over).toBeLessThanOrEqual(10)
  })
})
