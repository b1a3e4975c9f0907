import { escapeHtml } from '../escape.js'
import { chartFrame, PALETTE, renderAxes, renderLegend, renderTitle } from './axes.js'
import { createScale, type ScaleKind } from './scale.js'

/** One line of a line chart. */
export interface LineSeries {
  name: string
  x: readonly number[]
  y: readonly number[]
  /** Drawn dashed (a reference line, e.g. chance or the target's accuracy). */
  dashed?: boolean
  /** Dots on every point (few points, e.g. budgets). */
  markers?: boolean
  color?: string
}

/** What a line chart shows. */
export interface LineChartOptions {
  /** `data-chart` attribute, for tests and styling. */
  id: string
  title: string
  xLabel: string
  yLabel: string
  x: { kind: ScaleKind; domain: [number, number] }
  y: { kind: ScaleKind; domain: [number, number] }
  series: readonly LineSeries[]
}

/**
 * A self-contained SVG line chart: title, axes with ticks and labels, grid, one path per series
 * (class `series`), a legend. On a log axis values ≤ 0 sit at the axis' lower end. Text is escaped.
 */
export function lineChart(o: LineChartOptions): string {
  const frame = chartFrame()
  const x = createScale(o.x.kind, o.x.domain, [frame.left, frame.right])
  const y = createScale(o.y.kind, o.y.domain, [frame.bottom, frame.top])
  const colored = o.series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length] }))
  const paths = colored.map((s) => {
    // A non-finite value (a metric that could not be measured) would make the browser reject the
    // whole path: leave that point out.
    const pts = s.x.flatMap((v, i) => (Number.isFinite(v) && Number.isFinite(s.y[i]) ? [[x.map(v), y.map(s.y[i])] as const] : []))
    const d = pts.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)} ${py.toFixed(1)}`).join('')
    const dots = s.markers ? pts.map(([px, py]) => `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${s.color}"/>`).join('') : ''
    // A single point makes a zero-length path: give it a visible tick so the series always shows.
    const path = pts.length === 1 ? `${d}l0.01 0` : d === '' ? 'M0 0' : d
    return `<path class="series" data-series="${escapeHtml(s.name)}" d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} stroke-linecap="round"/>${dots}`
  })
  const clip = `clip-${o.id}`
  return [
    `<svg class="chart" data-chart="${escapeHtml(o.id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeHtml(o.title)}">`,
    `<defs><clipPath id="${escapeHtml(clip)}"><rect x="${frame.left - 4}" y="${frame.top - 4}" width="${frame.right - frame.left + 8}" height="${frame.bottom - frame.top + 8}"/></clipPath></defs>`,
    renderTitle(frame, o.title),
    renderAxes(frame, x, y, o.xLabel, o.yLabel),
    `<g clip-path="url(#${escapeHtml(clip)})">${paths.join('')}</g>`,
    renderLegend(frame, colored.map((s) => ({ name: s.name, color: s.color, dashed: s.dashed }))),
    '</svg>',
  ].join('')
}
