import { describe, expect, it } from 'vitest'
import { testChange } from '../../../src/compare/test-change.js'
import { delongComponents, delongPairedTest } from '../../../src/metrics/delong-paired.js'
import { scorePair } from './reports.js'

const pairing = (s: { members: Float64Array; nonMembers: Float64Array }, records: string) => {
  const c = delongComponents(s.members, s.nonMembers)
  return { records, members: Array.from(c.members), nonMembers: Array.from(c.nonMembers) }
}

describe('testChange', () => {
  const s = scorePair(9, 40, 50, 0.3)
  const base = { gate: 'membershipAuc', value: 0.6, interval: [0.5, 0.7] as [number, number], pairing: pairing(s.base, 'r') }
  const head = { gate: 'membershipAuc', value: 0.7, interval: [0.6, 0.8] as [number, number], pairing: pairing(s.head, 'r') }

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
