import { describe, expect, it } from 'vitest'
import { testChange } from '../../../src/compare/test-change.js'
import { delongComponents, delongPairedTest } from '../../../src/metrics/delong-paired.js'
import { mcnemarExactTest } from '../../../src/metrics/mcnemar.js'
import { wilsonInterval } from '../../../src/metrics/wilson.js'
import { outcomePair, scorePair } from './reports.js'

const pairing = (s: { members: Float64Array; nonMembers: Float64Array }, records: string) => {
  const c = delongComponents(s.members, s.nonMembers)
  return { records, members: Array.from(c.members), nonMembers: Array.from(c.nonMembers) }
}

const s = scorePair(9, 40, 50, 0.3)
const base = { gate: 'membershipAuc', value: 0.6, interval: [0.5, 0.7] as [number, number], pairing: pairing(s.base, 'r') }
const head = { gate: 'membershipAuc', value: 0.7, interval: [0.6, 0.8] as [number, number], pairing: pairing(s.head, 'r') }

describe('testChange', () => {

  it('pairs on the same records and version, exactly as delongPairedTest', () => {
    const t = testChange(base, head, true)!
    const direct = delongPairedTest(delongComponents(s.base.members, s.base.nonMembers), delongComponents(s.head.members, s.head.nonMembers))
    expect(t).toEqual({ method: 'paired DeLong', difference: direct.difference, standardError: direct.standardError, z: direct.z, p: direct.p })
  })

  it('says why it did not pair', () => {
    expect(testChange(base, head, false)).toMatchObject({ method: 'unpaired DeLong', note: 'package versions differ' })
    expect(testChange(base, { ...head, pairing: undefined }, true)).toMatchObject({ method: 'unpaired normal (intervals)', note: 'no DeLong components on one side' })
    expect(testChange({ ...base, gate: 'x', pairing: undefined }, { ...head, gate: 'x', pairing: undefined }, true)!.note).toBeUndefined()
    expect(testChange({ gate: 'x', value: 1 }, { gate: 'x', value: 2, interval: [1, 3] }, true)).toBeUndefined()
  })

  it('gives z = 0 and p = 1 for two identical values with zero-width intervals', () => {
    expect(testChange({ gate: 'x', value: 1, interval: [1, 1] }, { gate: 'x', value: 1, interval: [1, 1] }, true)).toMatchObject({ z: 0, p: 1 })
  })
})

describe('testChange on rates with per-record outcomes', () => {
  const { base: bo, head: ho } = outcomePair(5, 300, 0.08)
  const rate = (outcomes: string, records = 'e1') => {
    const value = [...outcomes].filter((o) => o === '1').length / outcomes.length
    return { gate: 'cleanAccuracy', value, interval: wilsonInterval(value, outcomes.length), pairing: { records, outcomes } }
  }
  const digits = (s: string) => [...s].map(Number)

  it('pairs on the same records and version with the exact McNemar test, exactly as mcnemarExactTest', () => {
    const t = testChange(rate(bo), rate(ho), true)!
    const direct = mcnemarExactTest(digits(bo), digits(ho))
    expect(t).toEqual({ method: 'exact McNemar', difference: direct.difference, standardError: direct.standardError, z: direct.z, p: direct.p })
    expect(t.difference).toBeCloseTo(rate(ho).value - rate(bo).value, 12)
  })

  it('is more sensitive than the unpaired test from the intervals when the records are shared', () => {
    const paired = testChange(rate(bo), rate(ho), true)!
    const unpaired = testChange({ ...rate(bo), pairing: undefined }, { ...rate(ho), pairing: undefined }, true)!
    expect(unpaired.method).toBe('unpaired normal (intervals)')
    expect(paired.p).toBeLessThan(unpaired.p)
  })

  it('falls back to the unpaired test, saying why, when the records or versions differ', () => {
    expect(testChange(rate(bo), rate(ho.slice(0, 200)), true)).toMatchObject({ method: 'unpaired normal (intervals)', note: 'different records (records 300 → 200)' })
    expect(testChange(rate(bo), rate(ho, 'e2'), true)).toMatchObject({ method: 'unpaired normal (intervals)', note: 'different records (same counts, different fingerprint)' })
    expect(testChange(rate(bo), rate(ho), false)).toMatchObject({ method: 'unpaired normal (intervals)', note: 'package versions differ' })
    expect(testChange(rate(bo), { ...rate(ho), pairing: undefined }, true)).toMatchObject({ method: 'unpaired normal (intervals)', note: 'no per-record outcomes on one side' })
    // an AUC's components never pair with a rate's outcomes
    expect(testChange(base, { ...head, pairing: rate(ho).pairing }, true)).toMatchObject({ method: 'unpaired normal (intervals)' })
  })
})
