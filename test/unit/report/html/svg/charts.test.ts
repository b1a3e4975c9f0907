import { describe, expect, it } from 'vitest'
import { histogramChart } from '../../../../../src/report/html/svg/histogram.js'
import { lineChart } from '../../../../../src/report/html/svg/line-chart.js'

describe('SVG charts', () => {
  it('a line chart has a title, axis labels, ticks, a legend and one non-empty path per series', () => {
    const svg = lineChart({
      id: 'c1', title: 'ROC <test>', xLabel: 'FPR', yLabel: 'TPR', x: { kind: 'linear', domain: [0, 1] }, y: { kind: 'linear', domain: [0, 1] },
      series: [{ name: 'a & b', x: [0, 0.5, 1], y: [0, 0.8, 1] }, { name: 'one point', x: [0.5], y: [0.5], markers: true }],
    })
    expect(svg).toMatch(/^<svg class="chart" data-chart="c1"/)
    expect(svg).toContain('ROC &lt;test&gt;')
    expect(svg).toContain('>a &amp; b</text>')
    expect(svg).toContain('>FPR</text>')
    expect(svg.match(/class="tick-label"/g)!.length).toBe(12)
    const paths = [...svg.matchAll(/<path class="series"[^>]* d="([^"]*)"/g)].map((m) => m[1])
    expect(paths).toHaveLength(2)
    for (const d of paths) expect(d).toMatch(/^M[\d.]+ [\d.]+/)
    expect(svg).toContain('<circle')
  })

  it('leaves non-finite points out of a path (the browser would reject the whole path)', () => {
    const svg = lineChart({
      id: 'c2', title: 't', xLabel: 'x', yLabel: 'y', x: { kind: 'linear', domain: [0, 1] }, y: { kind: 'log', domain: [0.01, 1] },
      series: [{ name: 's', x: [0, 0.5, 1], y: [0, Number.NaN, 1] }],
    })
    expect(svg).not.toContain('NaN')
    expect(svg).toMatch(/ d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+"/)
  })

  it('a histogram draws each group as a share of its records, with sizes in the legend', () => {
    const svg = histogramChart({ id: 'h', title: 'scores', xLabel: 'score', lo: 0, hi: 1, groups: [{ name: 'members', counts: [1, 3] }, { name: 'non-members', counts: [30, 10] }] })
    expect(svg).toContain('members (n=4)')
    expect(svg).toContain('non-members (n=40)')
    expect(svg).toContain('share of records')
    expect(svg.match(/<path class="series"/g)).toHaveLength(2)
  })
})
