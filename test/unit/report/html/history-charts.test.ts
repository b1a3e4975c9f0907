import { describe, expect, it } from 'vitest'
import type { GateRecord } from '../../../../src/gates/record.js'
import { gateRows } from '../../../../src/report/gate-rows.js'
import { gatesHtml } from '../../../../src/report/html/gate-sections.js'
import { gateHistories, historyChart } from '../../../../src/report/html/history-charts.js'
import { runs } from './history-runs.js'

describe('gateHistories', () => {
  it('groups the last N runs by model and gate, oldest first', () => {
    const h = gateHistories(runs(30), 5)
    expect(h.map((g) => [g.model, g.gate, g.runs.length])).toEqual([['m', 'membershipAuc', 5], ['m', 'cleanAccuracy', 5]])
    expect(h[0].runs.map((r) => r.date.slice(8, 10))).toEqual(['26', '27', '28', '29', '30'])
    expect(h[0].runs[4]).toEqual({ date: '2026-11-30T00:00:00Z', value: 0.52 + 29 * 0.01, interval: [0.5 + 29 * 0.01, 0.54 + 29 * 0.01] })
    expect(gateHistories(runs(3), 20).map((g) => [g.model, g.runs.length])).toEqual([['m', 3], ['m', 3], ['gone', 1]])
  })
})

describe('historyChart', () => {
  it('draws the value, its interval and the limit', () => {
    const [auc, acc] = gateHistories(runs(6), 20)
    const svg = historyChart(auc, 'h0')
    expect(svg).toContain('data-chart="h0"')
    expect([...svg.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1])).toEqual(['value', '95% interval, low', '95% interval, high', 'limit 0.6'])
    expect(svg).toContain('membershipAuc: last 6 runs')
    // no interval: no interval lines
    expect([...historyChart(acc, 'h1').matchAll(/data-series="([^"]+)"/g)].map((m) => m[1])).toEqual(['value', 'limit 0.85'])
  })

  it('is drawn in the model\'s section of the HTML report', () => {
    const record: GateRecord = { gate: 'membershipAuc', metric: 'membership_auc', value: 0.58, threshold: 0.6, direction: 'below', pass: true, negated: false, details: {}, model: 'm', level: 'error' }
    const collected = [{ record, test: 't', file: 'f' }]
    const html = gatesHtml(gateRows(collected, '0.1.0'), collected, {}, [], gateHistories(runs(4), 20))
    expect(html).toContain('<h3>History</h3>')
    expect([...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual(['s0-history-0', 's0-history-1'])
  })
})
