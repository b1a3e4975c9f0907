import { describe, expect, it } from 'vitest'
import { liraOnlineScores, liraScores } from '../../../../src/attacks/membership/lira.js'
import { rmiaRatios, rmiaScores } from '../../../../src/attacks/membership/rmia-scores.js'
import { RMIA_A_GRID, tuneA } from '../../../../src/attacks/membership/rmia-tune.js'
import { createRng } from '../../../../src/data/rng.js'
import { auc } from '../../../../src/metrics/auc.js'

// The scoring halves of LiRA and RMIA on reference outputs with IN/OUT masks (given outputs).

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
const sd = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1))

describe('liraScores with a mask', () => {
  it('uses only the OUT models of each record, and equals the unmasked scores on those models', () => {
    const phi = [new Float64Array([1, 5]), new Float64Array([2, 9]), new Float64Array([4, 6]), new Float64Array([3, 7])]
    const inside = [Uint8Array.from([0, 1]), Uint8Array.from([0, 0]), Uint8Array.from([1, 0]), Uint8Array.from([0, 0])]
    const target = new Float64Array([3, 8])
    const s = liraScores(target, phi, false, inside)
    const out0 = [1, 2, 3], out1 = [9, 6, 7]
    expect(s[0]).toBeCloseTo((3 - mean(out0)) / sd(out0), 12)
    expect(s[1]).toBeCloseTo((8 - mean(out1)) / sd(out1), 12)
    // Without a mask every model is OUT: the old offline statistic.
    const all = liraScores(target, phi, false)
    expect(all[0]).toBeCloseTo((3 - mean([1, 2, 4, 3])) / sd([1, 2, 4, 3]), 12)
  })

  it('per-record variance needs two OUT models per record; the pooled one does not', () => {
    const phi = [new Float64Array([1, 5]), new Float64Array([2, 9])]
    const inside = [Uint8Array.from([0, 1]), Uint8Array.from([0, 0])]
    expect(() => liraScores(new Float64Array([0, 0]), phi, false, inside)).toThrow('needs at least 2 OUT reference models per record to estimate its variance; record 1 has 1')
    // Pooled: only record 0 has two values, (1 − 1.5)² + (2 − 1.5)² over 1 degree of freedom.
    const s = liraScores(new Float64Array([0, 0]), phi, true, inside)
    expect(s[1]).toBeCloseTo((0 - 9) / Math.sqrt(0.5), 12)
  })
})

describe('liraOnlineScores', () => {
  it('is the log-likelihood ratio of the IN and OUT Gaussians', () => {
    const phi = [new Float64Array([4]), new Float64Array([6]), new Float64Array([0]), new Float64Array([1]), new Float64Array([2])]
    const inside = [1, 1, 0, 0, 0].map((v) => Uint8Array.from([v]))
    const x = 3
    const [mi, si, mo, so] = [mean([4, 6]), sd([4, 6]), mean([0, 1, 2]), sd([0, 1, 2])]
    const logpdf = (v: number, m: number, s: number) => -0.5 * ((v - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI)
    expect(liraOnlineScores(new Float64Array([x]), phi, inside, false)[0]).toBeCloseTo(logpdf(x, mi, si) - logpdf(x, mo, so), 12)
  })

  it('ranks a record near its IN mean above one near its OUT mean', () => {
    const phi = [new Float64Array([5, 5]), new Float64Array([6, 6]), new Float64Array([0, 0]), new Float64Array([1, 1])]
    const inside = [1, 1, 0, 0].map((v) => Uint8Array.from([v, v]))
    const s = liraOnlineScores(new Float64Array([5.5, 0.5]), phi, inside, true)
    expect(s[0]).toBeGreaterThan(0)
    expect(s[1]).toBeLessThan(0)
  })
})

describe('rmiaRatios with a mask', () => {
  it('averages the OUT models; a record with none inverts the IN mean', () => {
    const refs = [new Float64Array([0.2, 0.9]), new Float64Array([0.4, 0.8])]
    const inside = [Uint8Array.from([0, 1]), Uint8Array.from([1, 1])]
    const a = 0.5
    const r = rmiaRatios(new Float64Array([0.6, 0.6]), refs, inside, a)
    expect(r[0]).toBeCloseTo(0.6 / (0.5 * (1.5 * 0.2 + 0.5)), 12)
    const pOut = (0.85 + a - 1) / a
    expect(r[1]).toBeCloseTo(0.6 / (0.5 * (1.5 * pOut + 0.5)), 12)
  })
})

describe('tuneA', () => {
  /**
   * Reference models whose IN records get p_IN = a*·p_OUT + (1 − a*) exactly: RMIA's assumption
   * holds with a*, plus noise between models.
   */
  function references(aTrue: number, k: number, n: number, seed: number) {
    const rng = createRng(seed)
    const base = Float64Array.from({ length: n }, () => 0.2 + 0.6 * rng.next())
    const inside = Array.from({ length: k }, (_, j) => Uint8Array.from({ length: n }, (_, r) => ((r + j) % 2 === 0 ? 1 : 0)))
    const refs = inside.map((mask) => Float64Array.from(base, (p, r) => {
      const noisy = Math.min(1, Math.max(0, p + 0.05 * rng.normal()))
      return mask[r] ? aTrue * noisy + (1 - aTrue) : noisy
    }))
    return { refs, inside }
  }

  /**
   * `a: "tune"` done the slow way: each a of the grid run alone (rmiaRatios re-sums the other
   * models' means for every a) on each of the first 8 models with IN and OUT records; the mean AUC
   * per a, summed in the same order as tuneA.
   */
  function meanAucs(refs: Float64Array[], inside: Uint8Array[]): number[] {
    const rounds = refs.map((_, j) => j).filter((j) => inside[j].includes(1) && inside[j].includes(0)).slice(0, 8)
    return RMIA_A_GRID.map((a) => rounds.reduce((sum, j) => {
      const others = refs.filter((__, i) => i !== j), oi = inside.filter((__, i) => i !== j)
      const ratios = rmiaRatios(refs[j], others, oi, a)
      const outs = [...inside[j].keys()].filter((r) => inside[j][r] === 0), ins = [...inside[j].keys()].filter((r) => inside[j][r] === 1)
      const s = rmiaScores(ratios, Float64Array.from(outs, (r) => ratios[r]), 1)
      return sum + auc(Float64Array.from(ins, (r) => s[r]), Float64Array.from(outs, (r) => s[r]))
    }, 0) / rounds.length)
  }

  it('picks, from 0, 0.1, …, 1, the a with the best mean AUC of reference models attacked in turn (brute force)', () => {
    const { refs, inside } = references(0.6, 4, 300, 1)
    const tuned = tuneA(refs, inside, 1)
    const aucs = meanAucs(refs, inside)
    const best = Math.max(...aucs)
    expect(tuned).toEqual({ a: RMIA_A_GRID[aucs.indexOf(best)], referenceAuc: best })
    expect(tuned.referenceAuc).toBeGreaterThan(0.5)
  })

  it('gives, bit for bit, what running each a alone and keeping the best gives (k = 2 with records no other model is OUT for; k = 11 past the 8 rounds)', () => {
    for (const [k, seed] of [[2, 2], [3, 3], [11, 4]]) {
      const { refs } = references(0.4, k, 200, seed)
      const rng = createRng(seed + 100)
      // Random halves, so that some records are IN for every other model (the inverted IN mean).
      const inside = refs.map(() => Uint8Array.from({ length: 200 }, () => (rng.next() < 0.5 ? 1 : 0)))
      const aucs = meanAucs(refs, inside)
      const best = Math.max(...aucs)
      expect(tuneA(refs, inside, 1)).toEqual({ a: RMIA_A_GRID[aucs.indexOf(best)], referenceAuc: best })
    }
  })

  it('needs two models, one of them with IN and OUT records', () => {
    expect(() => tuneA([new Float64Array([0.5])], [Uint8Array.from([1])], 1)).toThrow('settings.a: "tune" needs k ≥ 2 reference models')
    expect(() => tuneA([new Float64Array([0.5]), new Float64Array([0.5])], [Uint8Array.from([0]), Uint8Array.from([0])], 1)).toThrow(/none did/)
  })
})
