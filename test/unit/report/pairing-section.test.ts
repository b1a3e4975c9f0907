import { describe, expect, it } from 'vitest'
import { reportPairing, type AucPairingEntry, type OutcomePairingEntry } from '../../../src/report/pairing-section.js'
import { aucRecord, outcomePair, plainRecord, rateRecord, scorePair } from '../compare/reports.js'

describe('reportPairing', () => {
  it('keeps the components of each membership AUC over all records, once, and nothing of other gates', () => {
    const s = scorePair(1, 12, 9, 0.2)
    const auc = aucRecord(s.base, 'beef')
    const collected = [auc, auc, plainRecord('membershipAdvantage', 0.2, [0.1, 0.3])].map((record) => ({ record, test: 't', file: 'f.test.ts' }))
    const pairing = reportPairing(collected)
    expect(pairing).toHaveLength(1)
    expect(pairing[0]).toMatchObject({ model: 'digits', gate: 'membershipAuc', test: 't', file: 'f.test.ts', attack: 'loss', value: auc.value, records: 'beef' })
    // integers in [0, 2m] and [0, 2n]: ranks against the other group, not scores
    const entry = pairing[0] as AucPairingEntry
    expect(entry.members.every((v) => Number.isInteger(v) && v >= 0 && v <= 18)).toBe(true)
    expect(entry.nonMembers.every((v) => Number.isInteger(v) && v >= 0 && v <= 24)).toBe(true)
  })

  it('leaves out an AUC that is not its attack run\'s (a worst-class slice)', () => {
    const s = scorePair(1, 12, 9, 0.2)
    const slice = { ...aucRecord(s.base, 'beef'), value: 0.99 }
    expect(reportPairing([{ record: slice, test: 't', file: 'f' }])).toEqual([])
  })
})

describe('reportPairing order', () => {
  it('sorts entries by test file, keeping the order within a file (as the rows are)', () => {
    const s = scorePair(2, 6, 6, 0)
    const [a, b, c] = ['m1', 'm2', 'm3'].map((model) => aucRecord(s.base, 'r', model))
    const pairing = reportPairing([{ record: a, test: 't', file: 'z.test.ts' }, { record: b, test: 't', file: 'a.test.ts' }, { record: c, test: 't', file: 'z.test.ts' }])
    expect(pairing.map((e) => `${e.file} ${e.model}`)).toEqual(['a.test.ts m2', 'z.test.ts m1', 'z.test.ts m3'])
  })
})

describe('reportPairing of rates', () => {
  it('keeps a rate\'s per-record outcomes and fingerprint, and nothing else of its records', () => {
    const { base } = outcomePair(1, 50, 0)
    const pairing = reportPairing([{ record: rateRecord('surrogateFidelity', base, 'ev1'), test: 't', file: 'f' }, { record: plainRecord('cleanAccuracy', 0.9), test: 't', file: 'f' }])
    expect(pairing).toEqual([{ model: 'digits', gate: 'surrogateFidelity', test: 't', file: 'f', attack: '', value: expect.any(Number), records: 'ev1', outcomes: base }])
    expect((pairing[0] as OutcomePairingEntry).outcomes).toMatch(/^[01]{50}$/)
  })
})
