import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { delongInterval } from '../../../src/metrics/delong.js'
import {
  componentsAuc, delongComponents, delongPairedTest, delongUnpairedTest,
} from '../../../src/metrics/delong-paired.js'
import { randomCases } from './fixtures.js'

interface Sides { members: number[]; nonMembers: number[] }
interface ReferenceCase {
  name: string
  base: Sides
  head: Sides
  aucBase: number
  aucHead: number
  varianceBase: number
  varianceHead: number
  z: number
  p: number
}
/** Made by make-delong-paired-values.py (Sun & Xu's fast DeLong as in yandexdataschool/roc_comparison). */
const reference = JSON.parse(readFileSync(new URL('./delong-paired-values.json', import.meta.url), 'utf8')) as {
  paired: ReferenceCase[]
  unpaired: ReferenceCase[]
}

function expectClose(actual: number, expected: number, tolerance: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)))
}

const f64 = (v: number[]) => Float64Array.from(v)
const components = (s: Sides) => delongComponents(f64(s.members), f64(s.nonMembers))

describe('delongComponents', () => {
  it('are the doubled placement values of the textbook kernel, in the records\' order', () => {
    for (const c of randomCases()) {
      const comp = delongComponents(c.members, c.nonMembers)
      const psi = (x: number, y: number) => (x > y ? 2 : x === y ? 1 : 0)
      c.members.forEach((x, i) => expect(comp.members[i]).toBe([...c.nonMembers].reduce((s, y) => s + psi(x, y), 0)))
      c.nonMembers.forEach((y, j) => expect(comp.nonMembers[j]).toBe([...c.members].reduce((s, x) => s + psi(x, y), 0)))
    }
  })

  it('give the AUC and variance of delongInterval', () => {
    for (const c of randomCases().filter((c) => c.members.length > 1 && c.nonMembers.length > 1)) {
      const single = delongInterval(c.members, c.nonMembers)
      const fromComponents = componentsAuc(delongComponents(c.members, c.nonMembers))
      expectClose(fromComponents.auc, single.auc, 1e-12, `${c.name} auc`)
      expectClose(fromComponents.variance, single.variance, 1e-12, `${c.name} variance`)
    }
  })

  it('reject bad score arrays like the other metrics, naming the argument', () => {
    expect(() => delongComponents(new Float64Array([1, NaN]), new Float64Array([0]))).toThrow(/memberScores: expected scores without NaN, found NaN at index 1/)
    expect(() => delongComponents(new Float64Array([1]), [0] as unknown as Float64Array)).toThrow(/nonMemberScores: expected a Float64Array/)
  })
})

describe('delongPairedTest', () => {
  for (const c of reference.paired) {
    it(`equals the Python reference's z and p (${c.name})`, () => {
      const t = delongPairedTest(components(c.base), components(c.head))
      expect(t.test).toBe('paired')
      expectClose(t.base, c.aucBase, 1e-12, 'base AUC')
      expectClose(t.head, c.aucHead, 1e-12, 'head AUC')
      expectClose(t.z, c.z, 1e-9, 'z')
      expectClose(t.p, c.p, 1e-9, 'p')
      // and relative to p itself, which is what matters for a small p
      expect(Math.abs(t.p - c.p) / c.p).toBeLessThan(1e-9)
      expectClose(componentsAuc(components(c.base)).variance, c.varianceBase, 1e-12, 'base variance')
    })
  }

  it('rejects about 5% of the time at α = 0.05 under the null (1,000 seeded pairs of equally leaky models)', () => {
    const rng = createRng(18)
    const pairs = 1000, n = 60, m = 60
    let rejected = 0
    // Two models scoring the same records: a shared per-record signal (what makes them correlated)
    // plus each model's own noise, members shifted by the same amount for both.
    const draw = (count: number, shift: number) => {
      const base = new Float64Array(count), head = new Float64Array(count)
      for (let i = 0; i < count; i++) {
        const common = rng.normal()
        base[i] = shift + 0.8 * common + 0.6 * rng.normal()
        head[i] = shift + 0.8 * common + 0.6 * rng.normal()
      }
      return [base, head]
    }
    for (let k = 0; k < pairs; k++) {
      const [bm, hm] = draw(n, 0.5)
      const [bn, hn] = draw(m, 0)
      if (delongPairedTest(delongComponents(bm, bn), delongComponents(hm, hn)).p < 0.05) rejected++
    }
    // Binomial(1000, 0.05) has a standard deviation of 6.9 rejections: ±2.2 of them.
    expect(rejected).toBeGreaterThanOrEqual(35)
    expect(rejected).toBeLessThanOrEqual(65)
  })

  it('sees a real difference that the unpaired test of the same scores misses (the point of pairing)', () => {
    const rng = createRng(7)
    const n = 200
    const bm = new Float64Array(n), hm = new Float64Array(n), bn = new Float64Array(n), hn = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const c1 = rng.normal(), c2 = rng.normal()
      bm[i] = 0.5 + c1 + 0.2 * rng.normal()
      hm[i] = 0.65 + c1 + 0.2 * rng.normal()
      bn[i] = c2 + 0.2 * rng.normal()
      hn[i] = c2 + 0.2 * rng.normal()
    }
    const paired = delongPairedTest(delongComponents(bm, bn), delongComponents(hm, hn))
    const unpaired = delongUnpairedTest(delongInterval(bm, bn), delongInterval(hm, hn))
    expect(paired.difference).toBeGreaterThan(0)
    expect(paired.p).toBeLessThan(0.05)
    expect(unpaired.p).toBeGreaterThan(0.05)
    expect(paired.standardError).toBeLessThan(unpaired.standardError / 2)
  })

  it('gives z = 0, p = 1 for identical rankings and ±Infinity, p = 0 for a certain difference', () => {
    const same = delongComponents(new Float64Array([3, 2, 1]), new Float64Array([0, 1.5]))
    expect(delongPairedTest(same, same)).toMatchObject({ difference: 0, standardError: 0, z: 0, p: 1 })
    const perfect = delongComponents(new Float64Array([2, 3]), new Float64Array([0, 1]))
    const reversed = delongComponents(new Float64Array([0, 1]), new Float64Array([2, 3]))
    expect(delongPairedTest(reversed, perfect)).toMatchObject({ base: 0, head: 1, difference: 1, z: Infinity, p: 0 })
  })

  it('refuses components of different record counts, saying which side differs', () => {
    const a = delongComponents(new Float64Array([1, 2, 3]), new Float64Array([0, 1]))
    const b = delongComponents(new Float64Array([1, 2]), new Float64Array([0, 1]))
    const c = delongComponents(new Float64Array([1, 2, 3]), new Float64Array([0, 1, 2]))
    expect(() => delongPairedTest(a, b)).toThrow(new RangeError('head: the paired test needs the same members as base, found 2 members against 3'))
    expect(() => delongPairedTest(a, c)).toThrow(new RangeError('head: the paired test needs the same non-members as base, found 3 non-members against 2'))
    expect(() => delongPairedTest(delongComponents(new Float64Array([1]), new Float64Array([0, 1])), a)).toThrow(/base.members: .*at least 2 members, found 1/)
  })
})

describe('delongUnpairedTest', () => {
  for (const c of reference.unpaired) {
    it(`equals the Python reference's z and p (${c.name})`, () => {
      const t = delongUnpairedTest(componentsAuc(components(c.base)), componentsAuc(components(c.head)))
      expect(t.test).toBe('unpaired')
      expectClose(t.z, c.z, 1e-9, 'z')
      expectClose(t.p, c.p, 1e-9, 'p')
      expect(Math.abs(t.p - c.p) / c.p).toBeLessThan(1e-9)
    })
  }

  it('names the side with a bad variance', () => {
    expect(() => delongUnpairedTest({ auc: 0.5, variance: 0.01 }, { auc: 0.6, variance: NaN })).toThrow(/head: expected a finite AUC and a variance ≥ 0/)
  })
})
