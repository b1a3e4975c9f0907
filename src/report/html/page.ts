import type { ExposureChart, ExtractionChart, MembershipRunChart } from '../../gates/record.js'
import { budgetChart, histogramCharts, rocCharts } from './charts.js'
import { escapeHtml } from './escape.js'
import { exposureTables } from './exposure-tables.js'
import { historyChart, type GateHistory } from './history-charts.js'

/** A table of a report section; `statusColumn` cells are coloured by value (`pass`, `warn`, `fail`). */
export interface ReportTable {
  header: readonly string[]
  rows: ReadonlyArray<readonly string[]>
  statusColumn?: number
}

/** One model (or one lab run) of the HTML report: its table and the aggregates its charts draw. */
export interface ReportSection {
  title: string
  description?: string
  table: ReportTable
  membership: readonly MembershipRunChart[]
  extraction: readonly ExtractionChart[]
  /** The members `recordsAtRisk` gates found at risk (ids and risks). */
  exposure?: readonly ExposureChart[]
  /** Each gate over the last runs of the history file, when the report keeps one. */
  history?: readonly GateHistory[]
  /** Other charts, already rendered (self-contained SVG), under their own heading. */
  curves?: { heading: string; svgs: readonly string[] }
}

/** Everything the HTML report shows. */
export interface HtmlReport {
  title: string
  /** Facts of the run shown under the title (date, versions, backend). */
  meta: ReadonlyArray<readonly [string, string]>
  sections: readonly ReportSection[]
}

/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, no external asset; a
 * Content-Security-Policy forbids any network request). Every text is escaped.
 */
export function renderHtmlReport(report: HtmlReport): string {
  const sections = report.sections.map((s, i) => renderSection(s, `s${i}`))
  const meta = report.meta.map(([k, v]) => `<span><b>${escapeHtml(k)}</b> ${escapeHtml(v)}</span>`).join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(report.title)}</h1><p class="meta">${meta}</p></header>
<main>
${sections.join('\n')}
</main>
<footer>Aggregates only: thinned ROC curves, score bin counts and budget points; no feature value or per-record score is stored in this file. Members at risk are named by id or row index.</footer>
</body>
</html>
`
}

function renderSection(s: ReportSection, id: string): string {
  const parts = [`<section id="${id}"><h2>${escapeHtml(s.title)}</h2>`]
  if (s.description) parts.push(`<p class="description">${escapeHtml(s.description)}</p>`)
  parts.push(renderTable(s.table))
  if (s.curves && s.curves.svgs.length > 0) parts.push(`<h3>${escapeHtml(s.curves.heading)}</h3>`, `<div class="charts">${s.curves.svgs.join('')}</div>`)
  if (s.membership.length > 0) {
    parts.push('<h3>Membership inference</h3>', `<div class="charts">${rocCharts(s.membership, `${id}`).join('')}</div>`)
    parts.push(`<div class="charts">${histogramCharts(s.membership, id).join('')}</div>`)
  }
  if (s.exposure && s.exposure.length > 0) parts.push('<h3>Members at risk</h3>', exposureTables(s.exposure))
  if (s.extraction.length > 0) {
    parts.push('<h3>Model extraction</h3>', `<div class="charts">${s.extraction.map((e, i) => budgetChart(e, `${id}-budget-${i}`)).join('')}</div>`)
    if (s.extraction.some((e) => e.points.length === 1)) {
      parts.push('<p class="note">A chart with a single point measured one budget; give the extraction matcher <code>budgets</code> (e.g. <code>[50, 100, 200]</code>) to draw a curve.</p>')
    }
  }
  if (s.history && s.history.length > 0) {
    parts.push('<h3>History</h3>', `<div class="charts">${s.history.map((h, i) => historyChart(h, `${id}-history-${i}`)).join('')}</div>`)
  }
  parts.push('</section>')
  return parts.join('\n')
}

function renderTable(t: ReportTable): string {
  const head = t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')
  const body = t.rows.map((r) =>
    `<tr>${r.map((c, i) => (i === t.statusColumn ? `<td class="status status-${escapeHtml(c.toLowerCase())}">${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`,
  )
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0;background:#fafafa}
header,main,footer{max-width:1180px;margin:0 auto;padding:12px 20px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:0 0 6px}h3{font-size:15px;margin:18px 0 6px}
.meta span{margin-right:16px;color:#444}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:14px 16px;margin:16px 0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{border-bottom:1px solid #e3e3e3;padding:4px 10px;text-align:left;white-space:nowrap}
th{background:#f2f2f2}
.status{font-weight:600}.status-pass{color:#1b7f3b}.status-warn{color:#a86500}.status-fail{color:#c0142b}
.charts{display:flex;flex-wrap:wrap;gap:12px}
svg.chart{background:#fff;border:1px solid #eee}
svg .grid{stroke:#ececec}svg .axis,svg .tick{stroke:#555}
svg text{font:11px system-ui,sans-serif;fill:#333}svg .chart-title{font-size:13px;font-weight:600}
svg .axis-label{font-size:12px}svg .legend-label{font-size:10.5px}
.note,footer{color:#666;font-size:12px}
`
