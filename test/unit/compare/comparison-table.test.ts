import { describe, expect, it } from 'vitest'
import { compareRuns } from '../../../src/compare/compare-runs.js'
import { comparisonMarkdown, comparisonText } from '../../../src/compare/comparison-table.js'
import { parseReport } from '../../../src/compare/read-report.js'
import { aucRecord, plainRecord, reportText, scorePair } from './reports.js'

function comparison() {
  const s = scorePair(1, 150, 150, 0.35)
  const base = reportText([aucRecord(s.base, 'abc'), plainRecord('cleanAccuracy', 0.9), plainRecord('membershipAdvantage', 0.1, [0.05, 0.15], 'a|b')], '0.1.0')
  const head = reportText([aucRecord(s.head, 'abc'), plainRecord('cleanAccuracy', 0.9), plainRecord('membershipAdvantage', 0.11, [0.06, 0.16], 'a|b')], '0.1.0')
  return compareRuns(parseReport(base, 'base.json'), parseReport(head, 'head.json'))
}

describe('comparisonMarkdown', () => {
  it('writes one row per gate: base → head, Δ, p, significant?, verdict (regressions bold) and the test used', () => {
    const c = comparison()
    const md = comparisonMarkdown(c)
    const lines = md.trimEnd().split('\n')
    expect(lines[0]).toBe('### Privacy gates: change against base')
    expect(lines[2]).toBe('1 regression, 0 improvements, 2 other (not significant, untested, new or removed) · α = 0.05')
    expect(lines[4]).toBe('| model | gate | base → head | Δ | p | significant? | verdict | test |')
    const g = c.gates[0]
    expect(lines[6]).toBe(
      `| digits | membershipAuc | ${g.base!.toFixed(3)} → ${g.head!.toFixed(3)} | +${g.difference!.toFixed(3)} | ${g.p! < 0.001 ? '< 0.001' : g.p!.toFixed(3)} | yes | **regression** | paired DeLong |`,
    )
    expect(lines[7]).toBe('| digits | cleanAccuracy | 0.900 → 0.900 | ±0.000 | — | — | unchanged | none: no interval in one of the reports |')
    // a pipe in a model name cannot break the table
    expect(lines[8]).toMatch(/^\| a\\\|b \| membershipAdvantage \| 0\.100 → 0\.110 \| \+0\.010 \| 0\.\d{3} \| no \| no significant change \| unpaired normal \(intervals\) \|$/)
    expect(lines).toHaveLength(9)
  })

  it('quotes notes about the runs above the table', () => {
    const s = scorePair(1, 30, 30, 0)
    const c = compareRuns(parseReport(reportText([aucRecord(s.base, 'abc')], '0.1.0'), 'b'), parseReport(reportText([aucRecord(s.head, 'abc')], '0.2.0'), 'h'))
    expect(comparisonMarkdown(c)).toContain('\n> package versions differ (0.1.0 → 0.2.0): AUCs and rates are compared with unpaired tests\n')
    expect(comparisonMarkdown(c)).toContain('| unpaired DeLong: package versions differ |')
  })
})

describe('comparisonText', () => {
  it('names both reports and aligns the same cells for the terminal', () => {
    const text = comparisonText(comparison())
    const lines = text.split('\n')
    expect(lines[0]).toBe('privacy gates: base.json → head.json')
    expect(lines[3]).toMatch(/^model\s+gate\s+base → head\s+Δ\s+p\s+significant\?\s+verdict\s+test$/)
    expect(lines[5]).toMatch(/^digits\s+membershipAuc\s+.*\s+yes\s+regression\s+paired DeLong$/)
  })
})
