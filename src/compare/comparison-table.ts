import { fmt as fmtNumber } from '../gates/format.js'
import { mdCell } from '../report/gate-formats.js'
import { formatTable } from '../report/table.js'
import type { GateComparison, RunComparison } from './compare-runs.js'

const HEADER = ['model', 'gate', 'base → head', 'Δ', 'p', 'significant?', 'verdict', 'test'] as const

/** 3 decimals, as in the other reports; `—` for a missing value. */
function fmt(v: number | null): string {
  return v === null ? '—' : fmtNumber(v)
}

function signed(v: number | null): string {
  if (v === null) return '—'
  return (v > 0 ? '+' : v < 0 ? '−' : '±') + Math.abs(v).toFixed(3)
}

function pValue(p: number | null): string {
  if (p === null) return '—'
  return p < 0.001 ? '< 0.001' : p.toFixed(3)
}

function cells(g: GateComparison): string[] {
  return [
    g.model || g.testName, g.gate, `${fmt(g.base)} → ${fmt(g.head)}`, signed(g.difference), pValue(g.p),
    g.significant === null ? '—' : g.significant ? 'yes' : 'no', g.verdict, g.method + (g.note ? `: ${g.note}` : ''),
  ]
}

/** "2 regressions, 1 improvement, 5 unchanged or not significant (α = 0.05)". */
export function comparisonSummary(c: RunComparison): string {
  const count = (v: string) => c.gates.filter((g) => g.verdict === v).length
  const regressions = count('regression'), improvements = count('improvement')
  const rest = c.gates.length - regressions - improvements
  return `${regressions} regression${regressions === 1 ? '' : 's'}, ${improvements} improvement${improvements === 1 ? '' : 's'}, ` +
    `${rest} other (not significant, untested, new or removed) · α = ${c.level}`
}

/** The comparison as a plain-text table for the terminal. */
export function comparisonText(c: RunComparison): string {
  const head = `privacy gates: ${c.base.source} → ${c.head.source}\n${comparisonSummary(c)}`
  const notes = c.notes.map((n) => `note: ${n}`)
  return [head, ...notes, '', formatTable([...HEADER], c.gates.map(cells))].join('\n')
}

/**
 * The comparison as a compact Markdown section for a pull-request comment or
 * `$GITHUB_STEP_SUMMARY`: a heading, the summary line, notes, and one table row per gate with base →
 * head, Δ, p, whether significant, the verdict (regressions in bold) and the test used.
 */
export function comparisonMarkdown(c: RunComparison): string {
  const lines = ['### Privacy gates: change against base', '', comparisonSummary(c), '']
  for (const n of c.notes) lines.push(`> ${mdCell(n)}`, '')
  lines.push(`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`)
  for (const g of c.gates) {
    const row = cells(g).map(mdCell)
    if (g.verdict === 'regression') row[6] = `**${row[6]}**`
    lines.push(`| ${row.join(' | ')} |`)
  }
  return lines.join('\n') + '\n'
}
