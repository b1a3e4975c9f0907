import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { advantage } from '../../../src/metrics/advantage.js'
import { dkwAdvantageInterval, dkwHalfWidth } from '../../../src/metrics/dkw.js'
import { normalCdf } from '../../../src/metrics/normal.js'

describe('dkwHalfWidth', () => {
  it('is √(ln(2/α) / (2n))', () => {
    // ln 40 = 3.6888794541…, / 200 = 0.0184443972…, √ = 0.1358101515…
    expect(dkwHalfWidth(100, 0.05)).toBeCloseTo(0.1358101515, 9)
    // Quadrupling n halves the width.
    expect(dkwHalfWidth(400, 0.05)).toBeCloseTo(0.1358101515 / 2, 9)
    expect(dkwHalfWidth(1, 0.5)).toBeCloseTo(Math.sqrt(Math.log(4) / 2), 12)
  })

  it('refuses a bad sample size or level, naming the argument', () => {
    expect(() => dkwHalfWidth(0, 0.05)).toThrow(/n: expected an integer ≥ 1 \(the sample size\), found 0/)
    expect(() => dkwHalfWidth(2.5, 0.05)).toThrow(/n: expected an integer ≥ 1/)
    expect(() => dkwHalfWidth(10, 1)).toThrow(/alpha: expected a significance level strictly between 0 and 1, found 1/)
  })
})

describe('dkwAdvantageInterval', () => {
  it('is the advantage ± (ε_n + ε_m), each ε at α/2 = 0.025', () => {
    // ε = 2·√(ln 80 / 2000) = 0.0936165224…
    const [low, high] = dkwAdvantageInterval(0.1, 1000, 1000)
    expect(low).toBeCloseTo(0.1 - 0.0936165224, 9)
    expect(high).toBeCloseTo(0.1 + 0.0936165224, 9)
    // Unequal sizes: √(ln 80 / 100) + √(ln 80 / 400) = 0.3139993619…
    const [l2, h2] = dkwAdvantageInterval(0.5, 50, 200)
    expect(l2).toBeCloseTo(0.5 - 0.3139993619, 9)
    expect(h2).toBeCloseTo(0.5 + 0.3139993619, 9)
  })

  it('is clipped to [0, 1] and narrows with the level', () => {
    expect(dkwAdvantageInterval(0.02, 100, 100)[0]).toBe(0)
    expect(dkwAdvantageInterval(0.99, 100, 100)[1]).toBe(1)
    const w95 = dkwAdvantageInterval(0.5, 500, 500)
    const w90 = dkwAdvantageInterval(0.5, 500, 500, 0.9)
    expect(w90[1] - w90[0]).toBeLessThan(w95[1] - w95[0])
  })

  it('refuses bad arguments, naming them', () => {
    expect(() => dkwAdvantageInterval(1.2, 10, 10)).toThrow(/advantage: expected a value in \[0, 1\], found 1.2/)
    expect(() => dkwAdvantageInterval(Number.NaN, 10, 10)).toThrow(/advantage: expected a value in \[0, 1\], found NaN/)
    expect(() => dkwAdvantageInterval(0.1, 0, 10)).toThrow(/memberCount: expected an integer ≥ 1, found 0/)
    expect(() => dkwAdvantageInterval(0.1, 10, 3.5)).toThrow(/nonMemberCount: expected an integer ≥ 1, found 3.5/)
    expect(() => dkwAdvantageInterval(0.1, 10, 10, 0)).toThrow(/level: expected a confidence level strictly between 0 and 1, found 0/)
  })

  // The guarantee, checked by simulation: the true KS distance between the two distributions lies
  // in the interval of at least 95% of small samples, continuous or tied.
  it('covers the true advantage in ≥ 95% of 200 small continuous samples (members N(0.5, 1), non-members N(0, 1))', () => {
    const rng = createRng(17)
    // sup_t |Φ(t − 0.5) − Φ(t)| is reached at t = 0.25: 2Φ(0.25) − 1.
    const truth = 2 * normalCdf(0.25) - 1
    let covered = 0
    for (let r = 0; r < 200; r++) {
      const members = Float64Array.from({ length: 30 }, () => 0.5 + rng.normal())
      const nonMembers = Float64Array.from({ length: 45 }, () => rng.normal())
      const [low, high] = dkwAdvantageInterval(advantage(members, nonMembers), 30, 45)
      if (low <= truth && truth <= high) covered++
    }
    expect(covered / 200).toBeGreaterThanOrEqual(0.95)
  })

  it('covers the true advantage in ≥ 95% of 200 small samples of tied discrete scores', () => {
    const rng = createRng(18)
    // Scores on {0, 1, 2, 3}; members lean high. True KS distance: the largest CDF gap.
    const pMembers = [0.1, 0.2, 0.3, 0.4], pNonMembers = [0.3, 0.3, 0.2, 0.2]
    let truth = 0, cm = 0, cn = 0
    for (let k = 0; k < 4; k++) {
      cm += pMembers[k]; cn += pNonMembers[k]
      truth = Math.max(truth, Math.abs(cm - cn))
    }
    const draw = (p: number[]) => {
      let u = rng.next(), k = 0
      while (k < p.length - 1 && u >= p[k]) { u -= p[k]; k++ }
      return k
    }
    let covered = 0
    for (let r = 0; r < 200; r++) {
      const members = Float64Array.from({ length: 25 }, () => draw(pMembers))
      const nonMembers = Float64Array.from({ length: 20 }, () => draw(pNonMembers))
      const [low, high] = dkwAdvantageInterval(advantage(members, nonMembers), 25, 20)
      if (low <= truth && truth <= high) covered++
    }
    expect(truth).toBeCloseTo(0.3, 12)
    expect(covered / 200).toBeGreaterThanOrEqual(0.95)
  })
})
