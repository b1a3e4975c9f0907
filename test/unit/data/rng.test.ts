import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'

const draw = (seed: number, n: number): number[] => {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => rng.next())
}

describe('createRng', () => {
  it('is deterministic: the same seed gives the same stream, bit for bit', () => {
    expect(draw(42, 1000)).toEqual(draw(42, 1000))
    const a = createRng(7), b = createRng(7)
    for (let i = 0; i < 100; i++) {
      expect(a.int(1000)).toBe(b.int(1000))
      expect(a.normal()).toBe(b.normal())
      expect(a.seed()).toBe(b.seed())
    }
  })

  it('pins the first outputs (a change of algorithm or seeding must be deliberate)', () => {
    expect(draw(0, 3).map((v) => v * 4294967296)).toEqual([3809008728, 1133695204, 53579671])
    const rng = createRng(12345)
    expect([rng.int(1000), rng.int(1000)]).toEqual([120, 102])
  })

  it('gives unrelated streams for consecutive seeds', () => {
    const a = draw(1, 200), b = draw(2, 200)
    expect(a).not.toEqual(b)
    expect(a.filter((v, i) => v === b[i]).length).toBe(0)
  })

  it('next() is in [0, 1) and int(n) in [0, n)', () => {
    const rng = createRng(3)
    for (let i = 0; i < 5000; i++) {
      const u = rng.next()
      expect(u >= 0 && u < 1).toBe(true)
      const k = rng.int(7)
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true)
    }
    const s = rng.seed()
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true)
  })

  it('is roughly uniform (chi-square over 10 bins)', () => {
    const rng = createRng(11)
    const n = 20000, bins = new Array(10).fill(0)
    for (let i = 0; i < n; i++) bins[Math.floor(rng.next() * 10)]++
    const e = n / 10
    const chi2 = bins.reduce((s, o) => s + (o - e) ** 2 / e, 0)
    expect(chi2).toBeLessThan(27.9) // p = 0.001 critical value for 9 degrees of freedom
    const ints = new Array(5).fill(0)
    for (let i = 0; i < 10000; i++) ints[rng.int(5)]++
    for (const c of ints) expect(Math.abs(c - 2000)).toBeLessThan(200)
  })

  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const rng = createRng(5)
    const n = 20000
    let s = 0, s2 = 0
    for (let i = 0; i < n; i++) { const z = rng.normal(); s += z; s2 += z * z }
    const mean = s / n, variance = s2 / n - mean * mean
    expect(Math.abs(mean)).toBeLessThan(0.05)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)
  })

  it('fork() is deterministic and independent of the parent', () => {
    const p1 = createRng(9), p2 = createRng(9)
    const c1 = p1.fork(), c2 = p2.fork()
    const child = Array.from({ length: 500 }, () => c1.next())
    expect(Array.from({ length: 500 }, () => c2.next())).toEqual(child)
    const parent = Array.from({ length: 500 }, () => p1.next())
    expect(parent.filter((v, i) => v === child[i]).length).toBe(0)
    // near-zero correlation between parent and child streams
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length
    const mp = mean(parent), mc = mean(child)
    let cov = 0, vp = 0, vc = 0
    for (let i = 0; i < 500; i++) { cov += (parent[i] - mp) * (child[i] - mc); vp += (parent[i] - mp) ** 2; vc += (child[i] - mc) ** 2 }
    expect(Math.abs(cov / Math.sqrt(vp * vc))).toBeLessThan(0.15)
    // two forks of the same parent differ from each other
    const f1 = createRng(9).fork(), rng = createRng(9)
    rng.fork()
    const f2 = rng.fork()
    expect(f1.next()).not.toBe(f2.next())
  })

  it('refuses bad arguments', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed: expected a finite number, found NaN/)
    expect(() => createRng(Infinity)).toThrow(/seed: expected a finite number, found Infinity/)
    const rng = createRng(0)
    expect(() => rng.int(0)).toThrow(/rng\.int: expected a positive integer, found 0/)
    expect(() => rng.int(2.5)).toThrow(/rng\.int: expected a positive integer, found 2\.5/)
  })
})
