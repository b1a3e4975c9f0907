import { escapeHtml } from '../escape.js'
import { chartFrame, PALETTE, renderAxes, renderLegend, renderTitle } from './axes.js'
import { createScale } from './scale.js'

/** One group of bin counts on shared bins. */
export interface HistogramGroup {
  name: string
  counts: readonly number[]
  color?: string
}

/** What a histogram chart shows. */
export interface HistogramOptions {
  /** `data-chart` attribute, for tests and styling. */
  id: string
  title: string
  xLabel: string
  /** Left edge of the first bin and right edge of the last. */
  lo: number
  hi: number
  groups: readonly HistogramGroup[]
}

/**
 * Overlaid histograms as one SVG: each group is drawn as a filled step outline (class `series`) of
 * its share of records per bin, so groups of different sizes (100 members, 600 non-members) compare
 * directly. Legend entries give each group's size. Text is escaped.
 */
export function histogramChart(o: HistogramOptions): string {
  const frame = chartFrame()
  const shares = o.groups.map((g) => {
    const total = g.counts.reduce((a, b) => a + b, 0)
    return g.counts.map((c) => (total > 0 ? c / total : 0))
  })
  const top = Math.max(0.01, ...shares.flat())
  const x = createScale('linear', [o.lo, o.hi], [frame.left, frame.right])
  const y = createScale('linear', [0, top * 1.08], [frame.bottom, frame.top])
  const groups = o.groups.map((g, i) => ({ ...g, color: g.color ?? PALETTE[i % PALETTE.length], share: shares[i] }))
  const paths = groups.map((g) => {
    const bins = g.share.length
    const edge = (b: number) => x.map(o.lo + ((o.hi - o.lo) * b) / bins).toFixed(1)
    let d = `M${edge(0)} ${y.map(0).toFixed(1)}`
    g.share.forEach((s, b) => { d += `L${edge(b)} ${y.map(s).toFixed(1)}L${edge(b + 1)} ${y.map(s).toFixed(1)}` })
    d += `L${edge(bins)} ${y.map(0).toFixed(1)}Z`
    return `<path class="series" data-series="${escapeHtml(g.name)}" d="${d}" fill="${g.color}" fill-opacity="0.3" stroke="${g.color}" stroke-width="1.5"/>`
  })
  return [
    `<svg class="chart" data-chart="${escapeHtml(o.id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeHtml(o.title)}">`,
    renderTitle(frame, o.title),
    renderAxes(frame, x, y, o.xLabel, 'share of records'),
    paths.join(''),
    renderLegend(frame, groups.map((g) => ({ name: `${g.name} (n=${g.counts.reduce((a, b) => a + b, 0)})`, color: g.color, fill: true }))),
    '</svg>',
  ].join('')
}
