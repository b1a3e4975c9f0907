import { describe, expect, it } from 'vitest'
import type { GateRecord } from '../../../src/gates/record.js'
import { gateRows } from '../../../src/report/gate-rows.js'
import { reportExposure } from '../../../src/report/exposure-section.js'
import { gatesHtml } from '../../../src/report/html/gate-sections.js'

const record = (model: string, ids: Array<string | number>): GateRecord => ({
  gate: 'recordsAtRisk', metric: 'records_at_risk', value: ids.length, threshold: 1, direction: 'below', pass: ids.length < 1, negated: false,
  level: 'error', model, attack: 'lira', details: { members: 100, nonMembers: 600, seed: 0, risk: 0.995 },
  charts: {
    exposure: {
      attack: 'lira', risk: 0.995, members: 100, nonMembers: 600, membersAtRisk: ids.length, expectedByChance: 0.5,
      exposed: ids.map((id, i) => ({ id, risk: 0.999 - i / 1000 })),
    },
  },
})

describe('reportExposure', () => {
  it('lists each recordsAtRisk run with its members at risk by id and risk, once, sorted by file', () => {
    const a = record('leaky', ['rec-089', 'rec-071'])
    const b = record('other', [3])
    const entries = reportExposure([{ record: a, test: 't', file: 'z.test.ts' }, { record: a, test: 't', file: 'z.test.ts' }, { record: b, test: 't', file: 'a.test.ts' }])
    expect(entries.map((e) => `${e.file} ${e.model}`)).toEqual(['a.test.ts other', 'z.test.ts leaky'])
    expect(entries[1]).toEqual({
      model: 'leaky', gate: 'recordsAtRisk', test: 't', file: 'z.test.ts', attack: 'lira', risk: 0.995, members: 100, nonMembers: 600,
      membersAtRisk: 2, expectedByChance: 0.5, exposed: [{ id: 'rec-089', risk: 0.999 }, { id: 'rec-071', risk: 0.998 }],
    })
  })
})

describe('the HTML report', () => {
  it('lists the members at risk by id, escaped', () => {
    const r = record('leaky', ['rec-089', '<b>x</b>'])
    const collected = [{ record: r, test: 't', file: 'f.test.ts' }]
    const html = gatesHtml(gateRows(collected, '0.0.0'), collected, {})
    expect(html).toContain('<h3>Members at risk</h3>')
    expect(html).toContain('lira, risk ≥ 0.995: 2 of 100 members at risk; 0.500 expected by chance, 600 non-members')
    expect(html).toContain('<td>rec-089</td><td>0.999</td>')
    expect(html).toContain('<td>&lt;b&gt;x&lt;/b&gt;</td>')
    expect(html).not.toContain('<b>x</b>')
  })

  it('says so when no member is at risk, and draws nothing for other gates', () => {
    const none = [{ record: record('clean', []), test: 't', file: 'f' }]
    expect(gatesHtml(gateRows(none, '0.0.0'), none, {})).toContain('No member at risk.')
  })
})
