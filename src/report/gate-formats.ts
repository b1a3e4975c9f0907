import pc from 'picocolors'
import { gateDirection } from '../gates/catalogue.js'
import { fmt } from '../gates/format.js'
import { toCsv } from './csv.js'
import { GATE_COLUMNS, type GateRow } from './gate-rows.js'
import type { RunProblem } from './run-problems.js'
import { formatTable } from './table.js'

/** Run metadata stored beside the rows in `privacy-gates.json`. */
export interface ReportMeta {
  /** ISO 8601 time the report was written. */
  date: string
  vitest: string
  packageVersion: string
  /** The backends the rows ran on, comma-separated (one in practice); `''` when unknown. */
  backend: string
}

/** `privacy-gates.csv`: a header of {@link GATE_COLUMNS}, then one line per row, numbers in full precision. */
export function gatesCsv(rows: readonly GateRow[]): string {
  return toCsv(rows as unknown as ReadonlyArray<Record<string, string | number>>, GATE_COLUMNS)
}

/**
 * `privacy-gates.json`: the run metadata, whether the run measured everything (`complete`, and the
 * `problems` that kept it from doing so), the same rows as the CSV, and `sections` after them (the
 * reporter adds `pairing`, what `privacy-gates compare` needs for the paired test, and `exposure`,
 * the ids of the members `recordsAtRisk` gates found at risk).
 */
export function gatesJson(rows: readonly GateRow[], meta: ReportMeta, problems: readonly RunProblem[] = [], sections: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...meta, complete: problems.length === 0, problems, columns: GATE_COLUMNS, rows, ...sections }, null, 2) + '\n'
}

/** The distinct backends of `rows`, comma-separated. */
export function runBackend(rows: readonly GateRow[]): string {
  return [...new Set(rows.map((r) => r.backend).filter((b) => b !== ''))].join(', ')
}

/**
 * `< 0.600` for a gate that must stay below its limit, `> 0.850` for one that must stay above it,
 * as the gate catalogue says; control matchers' gates (not in the catalogue) stay below theirs.
 */
export function limitText(row: Pick<GateRow, 'gate' | 'threshold'>): string {
  return `${gateDirection(row.gate) === 'above' ? '>' : '<'} ${fmt(row.threshold)}`
}

/** The cells shown in the terminal and in the job summary, in order. */
const SHOWN = ['model', 'gate', 'value', 'limit', 'level', 'attack', 'status'] as const

function shownCells(row: GateRow): string[] {
  return [row.model || '—', row.gate, fmt(row.value), limitText(row), row.level, row.attack || '—', row.status]
}

/**
 * The compact table printed at the end of a run. With `color` the status is green / yellow / red
 * and the header dim; without, plain text (for logs, pipes and `NO_COLOR`).
 */
export function gatesTerminalTable(rows: readonly GateRow[], color: boolean): string {
  const c = pc.createColors(color)
  const title = c.bold(`privacy gates: ${summaryLine(rows)}`)
  if (rows.length === 0) return title
  const lines = formatTable([...SHOWN], rows.map(shownCells)).split('\n')
  const out = [c.dim(lines[0]), c.dim(lines[1])]
  rows.forEach((row, i) => {
    const line = lines[i + 2]
    const paint = row.status === 'pass' ? c.green : row.status === 'warn' ? c.yellow : (s: string) => c.bold(c.red(s))
    // status is the last column, so it ends the (right-trimmed) line
    out.push(line.slice(0, line.length - row.status.length) + paint(row.status))
  })
  return [title, ...out].join('\n')
}

/** "5 gates: 4 pass, 1 warn, 0 fail", and how many reference models were trained and cached when any were. */
export function summaryLine(rows: readonly GateRow[]): string {
  const n = (s: string) => rows.filter((r) => r.status === s).length
  const refs = referenceSummary(rows)
  return `${rows.length} gate${rows.length === 1 ? '' : 's'}: ${n('pass')} pass, ${n('warn')} warn, ${n('fail')} fail${refs ? ` · ${refs}` : ''}`
}

/**
 * "4 trained, 12 from the cache": the reference models of the rows' attacks, or `''` when no row's
 * attack trained any. Gates reading one audit (AUC, advantage and TPR of one attack) count it once:
 * rows are told apart by model, attack, sample, seed and counts.
 */
export function referenceCounts(rows: readonly GateRow[]): string {
  const seen = new Set<string>()
  let trained = 0
  let cached = 0
  for (const r of rows) {
    if (r.reference_trained === '' && r.reference_cached === '') continue
    const key = JSON.stringify([r.model, r.attack, r.members, r.non_members, r.seed, r.reference_trained, r.reference_cached])
    if (seen.has(key)) continue
    seen.add(key)
    trained += r.reference_trained === '' ? 0 : r.reference_trained
    cached += r.reference_cached === '' ? 0 : r.reference_cached
  }
  return seen.size === 0 ? '' : `${trained} trained, ${cached} from the cache`
}

/** "reference models: 4 trained, 12 from the cache" ({@link referenceCounts}), or `''`. */
export function referenceSummary(rows: readonly GateRow[]): string {
  const counts = referenceCounts(rows)
  return counts === '' ? '' : `reference models: ${counts}`
}

/** A GitHub job summary section: a heading, the summary line and a Markdown table of the gates. */
export function gatesMarkdown(rows: readonly GateRow[], meta?: Pick<ReportMeta, 'packageVersion' | 'backend'>): string {
  const lines = ['### Privacy gates', '', summaryLine(rows) + (meta ? ` · vitest-privacy-gates ${meta.packageVersion}${meta.backend ? ` · backend ${meta.backend}` : ''}` : ''), '']
  if (rows.length > 0) {
    const header = [...SHOWN, 'test']
    lines.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`)
    for (const row of rows) {
      const cells = [...shownCells(row), row.test].map(mdCell)
      cells[SHOWN.indexOf('status')] = row.status === 'pass' ? 'pass' : `**${row.status}**`
      lines.push(`| ${cells.join(' | ')} |`)
    }
    lines.push('')
  }
  return lines.join('\n') + '\n'
}

/** A Markdown table cell: pipes escaped, line breaks flattened. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}
