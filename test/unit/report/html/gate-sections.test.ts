import { describe, expect, it } from 'vitest'
import type { GateRecord } from '../../../../src/gates/record.js'
import { gateRows } from '../../../../src/report/gate-rows.js'
import { gatesHtml, gateSections } from '../../../../src/report/html/gate-sections.js'

const run = { attack: 'loss', auc: 0.7, members: 10, nonMembers: 20, roc: { fpr: [0, 0.5, 1], tpr: [0, 0.9, 1] }, histogram: { lo: -2, hi: 0, members: [2, 8], nonMembers: [15, 5] } }
const base = { direction: 'below', pass: true, negated: false, details: { members: 10, nonMembers: 20, seed: 0 }, level: 'error', model: 'm<1>' } as const
const auc: GateRecord = { ...base, gate: 'membershipAuc', metric: 'membership_auc', value: 0.7, threshold: 0.8, attack: 'loss', charts: { membership: [run] } }
const adv: GateRecord = { ...base, gate: 'membershipAdvantage', metric: 'membership_advantage', value: 0.3, threshold: 0.4, attack: 'loss', charts: { membership: [run] } }
const fid: GateRecord = {
  ...base, gate: 'surrogateFidelity', metric: 'surrogate_fidelity', value: 0.8, threshold: 0.9, details: { budget: 50, queriesUsed: 50 },
  charts: { extraction: { strategy: 'pool', labels: 'soft', budget: 50, targetAccuracy: 0.9, points: [{ budget: 50, fidelity: 0.8, surrogateAccuracy: 0.75 }] } },
}
const collected = [auc, adv, fid].map((record) => ({ record, test: 'a <test>', file: 'x.test.ts' }))

describe('gate sections of the HTML report', () => {
  it('one section per model; an attack run read by two gates is drawn once', () => {
    const sections = gateSections(gateRows(collected, '1.0.0'), collected)
    expect(sections).toHaveLength(1)
    expect(sections[0]).toMatchObject({ title: 'm<1>', membership: [run], extraction: [fid.charts!.extraction] })
    expect(sections[0].table.rows.map((r) => r[0])).toEqual(['membershipAuc', 'membershipAdvantage', 'surrogateFidelity'])
  })

  it('renders a self-contained page with escaped text and every chart', () => {
    const html = gatesHtml(gateRows(collected, '1.0.0'), collected, { date: '2026-01-01T00:00:00Z', packageVersion: '1.0.0' })
    expect(html).toContain('<h2>m&lt;1&gt;</h2>')
    expect(html).toContain('a &lt;test&gt;')
    expect(html).not.toContain('<test>')
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'")
    expect(html).not.toMatch(/<script|<link|src="http|href="http/)
    const charts = [...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])
    expect(charts).toEqual(['s0-roc-linear', 's0-roc-log', 's0-hist-0', 's0-budget-0'])
  })
})
