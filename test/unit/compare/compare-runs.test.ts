import { describe, expect, it } from 'vitest'
import { compareRuns } from '../../../src/compare/compare-runs.js'
import { parseReport } from '../../../src/compare/read-report.js'
import { delongComponents, delongPairedTest, delongUnpairedTest, componentsAuc } from '../../../src/metrics/delong-paired.js'
import { comparisonText } from '../../../src/compare/comparison-table.js'
import { mcnemarExactTest } from '../../../src/metrics/mcnemar.js'
import { aucRecord, outcomePair, plainRecord, rateRecord, reportText, scorePair } from './reports.js'

const read = (text: string, name: string) => parseReport(text, name)

describe('compareRuns', () => {
  it('uses the paired DeLong test for an AUC on the same records, from the reports alone', () => {
    const s = scorePair(1, 150, 150, 0.35)
    const result = compareRuns(read(reportText([aucRecord(s.base, 'abc')]), 'base.json'), read(reportText([aucRecord(s.head, 'abc')]), 'head.json'))
    const g = result.gates[0]
    const direct = delongPairedTest(delongComponents(s.base.members, s.base.nonMembers), delongComponents(s.head.members, s.head.nonMembers))
    expect(g).toMatchObject({ model: 'digits', gate: 'membershipAuc', method: 'paired DeLong', significant: true, worse: true, verdict: 'regression' })
    expect(g.z).toBe(direct.z)
    expect(g.p).toBe(direct.p)
    expect(g.note).toBeUndefined()
    expect(result.notes).toEqual([])
  })

  it('finds no significant change between two equally leaky models', () => {
    // Under the null one seed in twenty rejects; the rate itself is checked in delong-paired.test.ts.
    const s = scorePair(5, 150, 150, 0)
    const g = compareRuns(read(reportText([aucRecord(s.base, 'abc')]), 'b'), read(reportText([aucRecord(s.head, 'abc')]), 'h')).gates[0]
    expect(g.method).toBe('paired DeLong')
    expect(g.verdict).toBe('no significant change')
    expect(g.p).toBeGreaterThan(0.05)
  })

  it('falls back to the unpaired test when the records differ, saying what differs', () => {
    const s = scorePair(3, 150, 150, 0.35)
    const fewer = { members: s.head.members.subarray(0, 100), nonMembers: s.head.nonMembers }
    const g = compareRuns(read(reportText([aucRecord(s.base, 'abc')]), 'b'), read(reportText([aucRecord(fewer, 'def')]), 'h')).gates[0]
    const direct = delongUnpairedTest(componentsAuc(delongComponents(s.base.members, s.base.nonMembers)), componentsAuc(delongComponents(fewer.members, fewer.nonMembers)))
    expect(g).toMatchObject({ method: 'unpaired DeLong', note: 'different records (members 150 → 100)' })
    expect(g.p).toBeCloseTo(direct.p, 15)
    const sameCounts = compareRuns(read(reportText([aucRecord(s.base, 'abc')]), 'b'), read(reportText([aucRecord(s.head, 'xyz')]), 'h')).gates[0]
    expect(sameCounts).toMatchObject({ method: 'unpaired DeLong', note: 'different records (same counts, different fingerprint)' })
  })

  it('falls back to the unpaired test across package versions, and says so', () => {
    const s = scorePair(4, 80, 80, 0.2)
    const result = compareRuns(read(reportText([aucRecord(s.base, 'abc')], '0.1.0'), 'b'), read(reportText([aucRecord(s.head, 'abc')], '0.2.0'), 'h'))
    expect(result.notes).toEqual(['package versions differ (0.1.0 → 0.2.0): AUCs and rates are compared with unpaired tests'])
    expect(result.gates[0]).toMatchObject({ method: 'unpaired DeLong', note: 'package versions differ' })
  })

  it('tests other values from their intervals, leaves values without one untested, and lists new and removed gates', () => {
    const base = reportText([plainRecord('membershipAdvantage', 0.1, [0.05, 0.15]), plainRecord('cleanAccuracy', 0.9), plainRecord('generalizationGap', 0.1, undefined, 'old')])
    const head = reportText([plainRecord('membershipAdvantage', 0.3, [0.25, 0.35]), plainRecord('cleanAccuracy', 0.8), plainRecord('membershipAuc', 0.5, [0.45, 0.55], 'new')])
    const gates = compareRuns(read(base, 'b'), read(head, 'h')).gates
    const se = Math.hypot(0.05, 0.05) / 1.959963984540054
    expect(gates[0]).toMatchObject({ gate: 'membershipAdvantage', method: 'unpaired normal (intervals)', verdict: 'regression' })
    expect(gates[0].z).toBeCloseTo(0.2 / se, 10)
    expect(gates[1]).toMatchObject({ gate: 'cleanAccuracy', direction: 'above', method: 'none', worse: true, verdict: 'changed (untested)' })
    expect(gates[2]).toMatchObject({ model: 'new', verdict: 'new', base: null, head: 0.5 })
    expect(gates[3]).toMatchObject({ model: 'old', verdict: 'removed', base: 0.1, head: null, note: expect.stringContaining('no longer exists') })
  })

  it('calls a significant drop of a `min` gate (accuracy) a regression and a drop of leakage an improvement', () => {
    const base = reportText([plainRecord('cleanAccuracy', 0.95, [0.94, 0.96]), plainRecord('membershipAdvantage', 0.3, [0.28, 0.32])])
    const head = reportText([plainRecord('cleanAccuracy', 0.85, [0.84, 0.86]), plainRecord('membershipAdvantage', 0.1, [0.08, 0.12])])
    const gates = compareRuns(read(base, 'b'), read(head, 'h')).gates
    expect(gates.map((g) => g.verdict)).toEqual(['regression', 'improvement'])
  })

  it('rejects a bad level', () => {
    const r = read(reportText([plainRecord('cleanAccuracy', 0.9)]), 'r')
    expect(() => compareRuns(r, r, { level: 1 })).toThrow(/level: expected a significance level strictly between 0 and 1, found 1/)
  })
})

describe('compareRuns and regression checks', () => {
  it('leaves the rows of regression checks out (each is already relative to its own baseline)', () => {
    const check = { ...plainRecord('membershipAuc', 0.01, [0.01, 0.05]), gate: 'membershipAuc.regression' }
    const base = reportText([plainRecord('membershipAuc', 0.5, [0.45, 0.55]), check])
    const head = reportText([plainRecord('membershipAuc', 0.52, [0.47, 0.57]), { ...check, value: 0.03 }])
    expect(compareRuns(parseReport(base, 'b'), parseReport(head, 'h')).gates.map((g) => g.gate)).toEqual(['membershipAuc'])
  })
})

describe('compareRuns on rates', () => {
  it('pairs fidelity and accuracy rows on the same records from the reports\' outcomes, and names the test in the table', () => {
    const f = outcomePair(3, 400, 0.1), a = outcomePair(4, 400, -0.08)
    const base = read(reportText([rateRecord('surrogateFidelity', f.base, 'ev1'), rateRecord('cleanAccuracy', a.base, 'ev1')]), 'b')
    const head = read(reportText([rateRecord('surrogateFidelity', f.head, 'ev1'), rateRecord('cleanAccuracy', a.head, 'ev1')]), 'h')
    const result = compareRuns(base, head)
    const digits = (s: string) => [...s].map(Number)
    for (const [g, pair] of [[result.gates[0], f], [result.gates[1], a]] as const) {
      const direct = mcnemarExactTest(digits(pair.base), digits(pair.head))
      expect(g).toMatchObject({ method: 'exact McNemar', p: direct.p, z: direct.z, standardError: direct.standardError })
      expect(g.note).toBeUndefined()
    }
    // more fidelity is more leakage; less accuracy is worse
    expect(result.gates.map((g) => `${g.gate} ${g.verdict}`)).toEqual(['surrogateFidelity regression', 'cleanAccuracy regression'])
    expect(comparisonText(result)).toMatch(/surrogateFidelity .*exact McNemar/)
  })

  it('falls back to the unpaired test from the intervals when the evaluation records differ, saying so', () => {
    const f = outcomePair(3, 400, 0.1)
    const base = read(reportText([rateRecord('surrogateFidelity', f.base, 'ev1')]), 'b')
    const head = read(reportText([rateRecord('surrogateFidelity', f.head.slice(0, 300), 'ev2')]), 'h')
    expect(compareRuns(base, head).gates[0]).toMatchObject({ method: 'unpaired normal (intervals)', note: 'different records (records 400 → 300)' })
  })
})
