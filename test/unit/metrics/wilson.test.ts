import { describe, expect, it } from 'vitest'
import { wilsonInterval, wilsonIntervalOfRepeats } from '../../../src/metrics/wilson.js'

describe('wilsonInterval', () => {
  it('matches the textbook values: 50 of 100 → [0.4038, 0.5962], 0 of 10 → [0, 0.2775]', () => {
    const [lo, hi] = wilsonInterval(0.5, 100)
    expect(lo).toBeCloseTo(0.4038, 4)
    expect(hi).toBeCloseTo(0.5962, 4)
    const [lo0, hi0] = wilsonInterval(0, 10)
    expect(lo0).toBe(0)
    expect(hi0).toBeCloseTo(0.2775, 4)
  })

  it('narrows as n grows and stays inside [0, 1]', () => {
    const w = (n: number) => { const [a, b] = wilsonInterval(0.95, n); return b - a }
    expect(w(1000)).toBeLessThan(w(100))
    const [, hi] = wilsonInterval(1, 5)
    expect(hi).toBe(1)
  })

  it('refuses a p outside [0, 1] and a non-positive n', () => {
    expect(() => wilsonInterval(1.2, 10)).toThrow('wilsonInterval: p: expected a proportion in [0, 1], found 1.2')
    expect(() => wilsonInterval(0.5, 0)).toThrow('wilsonInterval: n: expected a positive count, found 0')
  })
})

describe('wilsonIntervalOfRepeats', () => {
  it('is the plain Wilson interval for one run, or runs that agree', () => {
    expect(wilsonIntervalOfRepeats([0.93], 600)).toEqual(wilsonInterval(0.93, 600))
    expect(wilsonIntervalOfRepeats([0.93, 0.93, 0.93], 600)).toEqual(wilsonInterval(0.93, 600))
  })

  it('widens with the runs\' spread: Wilson at n_eff = p̄(1 − p̄) / (p̄(1 − p̄)/n + s²/R)', () => {
    const runs = [0.91, 0.93, 0.95]
    const s2 = (0.02 ** 2 * 2) / 2
    const nEff = (0.93 * 0.07) / ((0.93 * 0.07) / 600 + s2 / 3)
    const got = wilsonIntervalOfRepeats(runs, 600)
    const want = wilsonInterval(0.93, nEff)
    expect(got[0]).toBeCloseTo(want[0], 12)
    expect(got[1]).toBeCloseTo(want[1], 12)
    expect(got[1] - got[0]).toBeGreaterThan(wilsonInterval(0.93, 600)[1] - wilsonInterval(0.93, 600)[0])
  })

  it('refuses no runs and a rate outside [0, 1]', () => {
    expect(() => wilsonIntervalOfRepeats([], 10)).toThrow('wilsonIntervalOfRepeats: values: expected at least one run, found none')
    expect(() => wilsonIntervalOfRepeats([0.5, -1], 10)).toThrow('wilsonIntervalOfRepeats: values[1]: expected a proportion in [0, 1], found -1')
  })
})
