import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { binomial, GroupResampler } from '../../../src/metrics/bootstrap.js'
import {
  advantage, advantageOfGroups, auc, aucOfGroups, bootstrapGroups, bootstrapGroupStatistics, bootstrapInterval, groupScores, normalCdf, tprAtFpr, tprAtFprOfGroups,
  type GroupStatistic, type ScoreGroups,
} from '../../../src/metrics/index.js'
import { normalScores, randomCases } from './fixtures.js'

const members = normalScores(1, 300, 0.8)
const nonMembers = normalScores(2, 400, 0)
const groups = groupScores(members, nonMembers)

/** Naive stratified bootstrap: resample the records themselves and recompute from scratch. */
function naiveReplicates(
  m: Float64Array, n: Float64Array, statistic: (m: Float64Array, n: Float64Array) => number, replicates: number, seed: number,
): Float64Array {
  const rng = createRng(seed)
  const out = new Float64Array(replicates)
  for (let r = 0; r < replicates; r++) {
    const a = Float64Array.from({ length: m.length }, () => m[rng.int(m.length)])
    const b = Float64Array.from({ length: n.length }, () => n[rng.int(n.length)])
    out[r] = statistic(a, b)
  }
  return out.sort()
}

/** Replicate values of the group bootstrap (the resampler behind bootstrapGroups). */
function groupReplicates(g: ScoreGroups, statistic: (r: GroupResampler) => number, replicates: number, seed: number): Float64Array {
  const resampler = new GroupResampler(g, createRng(seed).next)
  return Float64Array.from({ length: replicates }, () => statistic(resampler.next())).sort()
}

function mean(values: Float64Array): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.round(q * (sorted.length - 1))]
}

/** Largest distance between the two empirical CDFs (two-sample Kolmogorov–Smirnov statistic). */
function ksDistance(a: Float64Array, b: Float64Array): number {
  let i = 0, j = 0, d = 0
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i], b[j])
    while (i < a.length && a[i] === v) i++
    while (j < b.length && b[j] === v) j++
    d = Math.max(d, Math.abs(i / a.length - j / b.length))
  }
  return d
}

describe('bootstrapGroups', () => {
  it('is deterministic for a seeded generator, and the seed matters', () => {
    for (const statistic of ['advantage', { tprAtFpr: 0.05 }, aucOfGroups] as const) {
      const a = bootstrapGroups(groups, statistic, { random: createRng(3).next, replicates: 200 })
      const b = bootstrapGroups(groups, statistic, { random: createRng(3).next, replicates: 200 })
      const c = bootstrapGroups(groups, statistic, { random: createRng(4).next, replicates: 200 })
      expect(a).toEqual(b)
      expect(c).not.toEqual(a)
    }
  })

  it('brackets the point estimate on typical data', () => {
    const opts = () => ({ random: createRng(5).next })
    const adv = bootstrapGroups(groups, 'advantage', opts())
    expect(adv[0]).toBeLessThan(advantage(members, nonMembers))
    expect(adv[1]).toBeGreaterThan(advantage(members, nonMembers))
    const tpr = bootstrapGroups(groups, { tprAtFpr: 0.1 }, opts())
    expect(tpr[0]).toBeLessThan(tprAtFpr(members, nonMembers, 0.1).tpr)
    expect(tpr[1]).toBeGreaterThan(tprAtFpr(members, nonMembers, 0.1).tpr)
    const a = bootstrapGroups(groups, aucOfGroups, opts())
    expect(a[0]).toBeLessThan(auc(members, nonMembers))
    expect(a[1]).toBeGreaterThan(auc(members, nonMembers))
  })

  it('a higher level gives a wider interval', () => {
    const narrow = bootstrapGroups(groups, 'advantage', { random: createRng(6).next, level: 0.5 })
    const wide = bootstrapGroups(groups, 'advantage', { random: createRng(6).next, level: 0.99 })
    expect(wide[0]).toBeLessThan(narrow[0])
    expect(wide[1]).toBeGreaterThan(narrow[1])
  })

  it('covers a known advantage in most of 50 repetitions', () => {
    // Members N(1, 1), non-members N(0, 1): the population advantage is max_t |Φ(t) − Φ(t − 1)| = 2Φ(½) − 1.
    // A percentile interval of a maximum over thresholds is known to under-cover somewhat (the sample
    // maximum is biased upwards), so "most" is asked, not 95%.
    const truth = 2 * normalCdf(0.5) - 1
    const rng = createRng(7)
    let covered = 0
    for (let rep = 0; rep < 50; rep++) {
      const m = Float64Array.from({ length: 300 }, () => 1 + rng.normal())
      const n = Float64Array.from({ length: 300 }, () => rng.normal())
      const [lo, hi] = bootstrapGroups(groupScores(m, n), 'advantage', { random: rng.fork().next, replicates: 200 })
      if (lo <= truth && truth <= hi) covered++
    }
    expect(covered).toBeGreaterThanOrEqual(35)
  })

  it('covers a known advantage at about the nominal rate when one threshold is all there is', () => {
    // Binary scores: the advantage is |P(member = 1) − P(non-member = 1)| = 0.3, a smooth statistic.
    const rng = createRng(8)
    let covered = 0
    for (let rep = 0; rep < 50; rep++) {
      const m = Float64Array.from({ length: 300 }, () => (rng.next() < 0.7 ? 1 : 0))
      const n = Float64Array.from({ length: 300 }, () => (rng.next() < 0.4 ? 1 : 0))
      const [lo, hi] = bootstrapGroups(groupScores(m, n), 'advantage', { random: rng.fork().next, replicates: 200 })
      if (lo <= 0.3 && 0.3 <= hi) covered++
    }
    expect(covered).toBeGreaterThanOrEqual(43)
  })

  describe('has the distribution of a naive resample-and-recompute bootstrap', () => {
    // 2000 replicates each. Two samples of that size from one continuous distribution are more than
    // 0.062 apart in KS distance with probability 0.001; for these discrete statistics even less often.
    const R = 2000
    const small = { m: normalScores(11, 60, 0.7), n: normalScores(12, 90, 0) }
    // AUC ½: a flat |TPR − FPR| curve with several near-equal peaks, where the advantage search
    // starts from more than one of them.
    const flat = { m: normalScores(13, 400, 0), n: normalScores(14, 300, 0) }
    const tied = randomCases().find((c) => c.name === 'balanced, 20 levels')!
    for (const [name, m, n] of [
      ['continuous scores', small.m, small.n], ['tied scores', tied.members, tied.nonMembers], ['AUC ½', flat.m, flat.n],
    ] as const) {
      const g = groupScores(m, n)
      const cases: [string, (m: Float64Array, n: Float64Array) => number, (r: GroupResampler) => number][] = [
        ['advantage', advantage, (r) => r.advantage()],
        ['TPR at FPR 0.05', (a, b) => tprAtFpr(a, b, 0.05).tpr, (r) => r.tprAtFpr(0.05)],
        ['AUC (full resample)', auc, (r) => {
          const cm = new Int32Array(g.values.length), cn = new Int32Array(g.values.length)
          r.expand(cm, cn)
          return aucOfGroups({ ...g, members: cm, nonMembers: cn })
        }],
      ]
      for (const [stat, naive, grouped] of cases) {
        it(`${stat}, ${name}`, () => {
          const a = naiveReplicates(m, n, naive, R, 21)
          const b = groupReplicates(g, grouped, R, 22)
          const sd = Math.sqrt(mean(a.map((v) => v * v)) - mean(a) ** 2)
          expect(Math.abs(mean(a) - mean(b))).toBeLessThan(0.1 * sd)
          for (const q of [0.025, 0.5, 0.975]) expect(Math.abs(quantile(a, q) - quantile(b, q))).toBeLessThan(0.25 * sd)
          expect(ksDistance(a, b)).toBeLessThan(0.062)
        })
      }
    }
  })

  it('the pruned searches equal the statistics of the full resample, bit for bit', () => {
    const flat = [1, 2, 3].map((s) => ({ name: `AUC ½, seed ${s}`, members: normalScores(30 + s, 400, 0), nonMembers: normalScores(40 + s, 500, 0) }))
    for (const c of [...randomCases(), { name: 'continuous', members, nonMembers }, ...flat]) {
      const g = groupScores(c.members, c.nonMembers)
      const resampler = new GroupResampler(g, createRng(9).next)
      const cm = new Int32Array(g.values.length), cn = new Int32Array(g.values.length)
      for (let r = 0; r < 50; r++) {
        resampler.next()
        const adv = resampler.advantage()
        const tpr = [0.01, 0.1, 0.5, 1].map((f) => resampler.tprAtFpr(f))
        resampler.expand(cm, cn) // draws the splits the searches left out, keeping theirs
        const full = { ...g, members: cm, nonMembers: cn }
        expect(adv, c.name).toBe(advantageOfGroups(full))
        expect(tpr, c.name).toEqual([0.01, 0.1, 0.5, 1].map((f) => tprAtFprOfGroups(full, f).tpr))
      }
    }
  })

  it('a full resample keeps both sizes and puts records only where the sample has them', () => {
    const c = randomCases()[2]
    const g = groupScores(c.members, c.nonMembers)
    const resampler = new GroupResampler(g, createRng(10).next)
    const cm = new Int32Array(g.values.length), cn = new Int32Array(g.values.length)
    for (let r = 0; r < 20; r++) {
      resampler.next().expand(cm, cn)
      expect(cm.reduce((s, v) => s + v, 0)).toBe(g.memberCount)
      expect(cn.reduce((s, v) => s + v, 0)).toBe(g.nonMemberCount)
      for (let k = 0; k < cm.length; k++) {
        if (g.members[k] === 0) expect(cm[k]).toBe(0)
        if (g.nonMembers[k] === 0) expect(cn[k]).toBe(0)
      }
    }
  })

  it('handles one group and a single record per side', () => {
    const one = groupScores(new Float64Array([0.5, 0.5]), new Float64Array([0.5]))
    expect(bootstrapGroups(one, 'advantage', { random: createRng(1).next })).toEqual([0, 0])
    expect(bootstrapGroups(one, { tprAtFpr: 0.5 }, { random: createRng(1).next })).toEqual([0, 0])
    expect(bootstrapGroups(one, { tprAtFpr: 1 }, { random: createRng(1).next })).toEqual([1, 1])
    const separated = groupScores(new Float64Array([2, 3]), new Float64Array([0, 1]))
    expect(bootstrapGroups(separated, 'advantage', { random: createRng(1).next })).toEqual([1, 1])
  })

  it('bootstrapGroupStatistics: every statistic exactly as bootstrapGroups alone on its stream, in any order', () => {
    const flat = groupScores(normalScores(51, 700, 0), normalScores(52, 600, 0.05))
    const tiny = groupScores(new Float64Array([0.5, 0.5, 0.7]), new Float64Array([0.5, 0.1]))
    for (const g of [groups, flat, tiny]) {
      const statistics: GroupStatistic[] = ['advantage', { tprAtFpr: 0.01 }, { tprAtFpr: 0.2 }, aucOfGroups, 'advantage']
      const alone = statistics.map((statistic, i) => bootstrapGroups(g, statistic, { random: createRng(60 + i).next, replicates: 300 }))
      const together = bootstrapGroupStatistics(g, statistics.map((statistic, i) => ({ statistic, random: createRng(60 + i).next })), { replicates: 300 })
      expect(together).toEqual(alone)
      const reversed = bootstrapGroupStatistics(g, statistics.map((statistic, i) => ({ statistic, random: createRng(60 + i).next })).reverse(), { replicates: 300 })
      expect(reversed).toEqual([...alone].reverse())
    }
  })

  it('bootstrapGroupStatistics names the request that is wrong', () => {
    const random = createRng(0).next
    expect(() => bootstrapGroupStatistics(groups, [{ statistic: 'advantage', random }, { statistic: { tprAtFpr: 2 }, random }]))
      .toThrow(/requests\[1\]\.statistic\.tprAtFpr: expected a false-positive rate in \(0, 1\], found 2/)
    expect(() => bootstrapGroupStatistics(groups, [{ statistic: 'advantage' } as never])).toThrow(/options\.random: expected a function, found undefined/)
    expect(() => bootstrapGroupStatistics(groups, 'advantage' as never)).toThrow(/requests: expected an array/)
    expect(bootstrapGroupStatistics(groups, [])).toEqual([])
  })

  it('refuses bad options and statistics, naming them', () => {
    const random = createRng(0).next
    expect(() => bootstrapGroups(groups, 'advantage', { random, replicates: 1 })).toThrow(/options\.replicates: expected an integer ≥ 2, found 1/)
    expect(() => bootstrapGroups(groups, 'advantage', { random, replicates: 2.5 })).toThrow(/options\.replicates/)
    expect(() => bootstrapGroups(groups, 'advantage', { random, level: 1 })).toThrow(/options\.level: expected a confidence level strictly between 0 and 1, found 1/)
    expect(() => bootstrapGroups(groups, 'advantage', {} as never)).toThrow(/options\.random: expected a function, found undefined/)
    expect(() => bootstrapGroups(groups, { tprAtFpr: 0 }, { random })).toThrow(/statistic\.tprAtFpr: expected a false-positive rate in \(0, 1\], found 0/)
    expect(() => bootstrapGroups(groups, 'auc' as never, { random })).toThrow(/statistic: expected a function of ScoreGroups, 'advantage' or \{ tprAtFpr \}/)
    expect(() => bootstrapGroups(groups, () => NaN, { random, replicates: 10 })).toThrow(/statistic: returned NaN/)
  })
})

describe('bootstrapInterval', () => {
  it('is deterministic for a seeded generator and brackets the point estimate', () => {
    const a = bootstrapInterval(members, nonMembers, auc, { random: createRng(3).next, replicates: 300 })
    expect(bootstrapInterval(members, nonMembers, auc, { random: createRng(3).next, replicates: 300 })).toEqual(a)
    expect(a[0]).toBeLessThan(auc(members, nonMembers))
    expect(a[1]).toBeGreaterThan(auc(members, nonMembers))
  })

  it('agrees with the group bootstrap (same distribution, other draws)', () => {
    const raw = bootstrapInterval(members, nonMembers, advantage, { random: createRng(12).next, replicates: 2000 })
    const grouped = bootstrapGroups(groups, 'advantage', { random: createRng(13).next, replicates: 2000 })
    expect(Math.abs(raw[0] - grouped[0])).toBeLessThan(0.02)
    expect(Math.abs(raw[1] - grouped[1])).toBeLessThan(0.02)
  })

  it('keeps both sample sizes in every replicate', () => {
    const sizes = new Set<string>()
    bootstrapInterval(members, nonMembers, (a, b) => (sizes.add(`${a.length},${b.length}`), 0), { random: createRng(1).next, replicates: 5 })
    expect([...sizes]).toEqual(['300,400'])
  })

  it('refuses bad scores, naming them', () => {
    const random = createRng(0).next
    expect(() => bootstrapInterval(new Float64Array(0), nonMembers, auc, { random })).toThrow(/memberScores: expected at least one score/)
    expect(() => bootstrapInterval(members, [0.1] as never, auc, { random })).toThrow(/nonMemberScores: expected a Float64Array/)
    expect(() => bootstrapInterval(members, nonMembers, 'auc' as never, { random })).toThrow(/statistic: expected a function/)
  })
})

describe('binomial', () => {
  // Both samplers (inversion below variance 36, BTRS above): mean and variance within 5 standard errors.
  for (const [count, p] of [[1, 0.3], [7, 0.5], [40, 0.2], [144, 0.5], [1000, 0.5], [100_000, 0.37], [100_000, 1e-4]] as const) {
    it(`Binomial(${count}, ${p}) has the right mean and variance`, () => {
      const random = createRng(count).next
      const draws = 20_000
      let s = 0, s2 = 0, outside = 0
      for (let i = 0; i < draws; i++) {
        const x = binomial(count, p, random)
        if (!(Number.isInteger(x) && x >= 0 && x <= count)) outside++
        s += x; s2 += x * x
      }
      expect(outside).toBe(0)
      const mu = count * p, v = count * p * (1 - p)
      const m = s / draws
      expect(Math.abs(m - mu)).toBeLessThan(5 * Math.sqrt(v / draws))
      expect(Math.abs((s2 / draws - m * m) / v - 1)).toBeLessThan(5 * Math.sqrt(2 / draws) + 0.01)
    })
  }

  it('Binomial(10, 0.35) matches its probabilities (chi-square)', () => {
    const random = createRng(99)
    const draws = 50_000
    const counts = new Array(11).fill(0)
    for (let i = 0; i < draws; i++) counts[binomial(10, 0.35, random.next)]++
    const pmf = (k: number) => {
      let c = 1
      for (let j = 0; j < k; j++) c = (c * (10 - j)) / (j + 1)
      return c * 0.35 ** k * 0.65 ** (10 - k)
    }
    // Bins 0 … 7 and 8–10 together, so that every expected count is well above 5.
    let chi2 = 0
    for (let k = 0; k <= 8; k++) {
      const observed = k < 8 ? counts[k] : counts[8] + counts[9] + counts[10]
      const expected = draws * (k < 8 ? pmf(k) : pmf(8) + pmf(9) + pmf(10))
      chi2 += (observed - expected) ** 2 / expected
    }
    expect(chi2).toBeLessThan(26.1) // 99.9% quantile of χ² with 8 degrees of freedom
  })
})
