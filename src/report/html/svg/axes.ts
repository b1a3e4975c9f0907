import { escapeHtml } from '../escape.js'
import type { Scale } from './scale.js'

/** The plot area of a chart, in pixels. */
export interface Frame {
  width: number
  height: number
  left: number
  right: number
  top: number
  bottom: number
}

/** A chart frame: plot area inside margins for the title, tick labels, axis labels and legend. */
export function chartFrame(width = 545, height = 320, legendWidth = 185): Frame {
  return { width, height, left: 58, right: width - legendWidth, top: 34, bottom: height - 46 }
}

/**
 * Grid lines, the two axes with tick marks and tick labels, and the axis labels, as SVG markup.
 * Labels are escaped.
 */
export function renderAxes(frame: Frame, x: Scale, y: Scale, xLabel: string, yLabel: string): string {
  const out: string[] = []
  for (const v of x.ticks) {
    const px = x.map(v).toFixed(1)
    out.push(`<line class="grid" x1="${px}" y1="${frame.top}" x2="${px}" y2="${frame.bottom}"/>`)
    out.push(`<line class="tick" x1="${px}" y1="${frame.bottom}" x2="${px}" y2="${frame.bottom + 5}"/>`)
    out.push(`<text class="tick-label" x="${px}" y="${frame.bottom + 17}" text-anchor="middle">${escapeHtml(x.format(v))}</text>`)
  }
  for (const v of y.ticks) {
    const py = y.map(v).toFixed(1)
    out.push(`<line class="grid" x1="${frame.left}" y1="${py}" x2="${frame.right}" y2="${py}"/>`)
    out.push(`<line class="tick" x1="${frame.left - 5}" y1="${py}" x2="${frame.left}" y2="${py}"/>`)
    out.push(`<text class="tick-label" x="${frame.left - 8}" y="${py}" dy="0.32em" text-anchor="end">${escapeHtml(y.format(v))}</text>`)
  }
  out.push(`<line class="axis" x1="${frame.left}" y1="${frame.bottom}" x2="${frame.right}" y2="${frame.bottom}"/>`)
  out.push(`<line class="axis" x1="${frame.left}" y1="${frame.top}" x2="${frame.left}" y2="${frame.bottom}"/>`)
  const cx = ((frame.left + frame.right) / 2).toFixed(1)
  const cy = ((frame.top + frame.bottom) / 2).toFixed(1)
  out.push(`<text class="axis-label" x="${cx}" y="${frame.bottom + 36}" text-anchor="middle">${escapeHtml(xLabel)}</text>`)
  out.push(`<text class="axis-label" transform="translate(16 ${cy}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text>`)
  return out.join('')
}

/** A legend beside the plot area: one swatch and escaped name per entry. */
export function renderLegend(frame: Frame, entries: ReadonlyArray<{ name: string; color: string; dashed?: boolean; fill?: boolean }>): string {
  const x = frame.right + 14
  const items = entries.map((e, i) => {
    const y = frame.top + 8 + i * 18
    const swatch = e.fill
      ? `<rect x="${x}" y="${y - 6}" width="18" height="10" fill="${e.color}" fill-opacity="0.35" stroke="${e.color}"/>`
      : `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${e.color}" stroke-width="2.5"${e.dashed ? ' stroke-dasharray="5 3"' : ''}/>`
    return `${swatch}<text class="legend-label" x="${x + 24}" y="${y}" dy="0.32em">${escapeHtml(e.name)}</text>`
  })
  return `<g class="legend">${items.join('')}</g>`
}

/** The chart's title above the plot area. */
export function renderTitle(frame: Frame, title: string): string {
  return `<text class="chart-title" x="${frame.left}" y="20">${escapeHtml(title)}</text>`
}

/** Colour-blind-safe colours (Okabe–Ito), cycled by series index. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C6D31', '#7F7F7F']
