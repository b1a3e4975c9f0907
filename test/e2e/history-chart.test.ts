import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { GateRecord } from '../../src/gates/record.js'
import { gateRows } from '../../src/report/gate-rows.js'
import { gatesHtml } from '../../src/report/html/gate-sections.js'
import { gateHistories } from '../../src/report/html/history-charts.js'
import { runs } from '../unit/report/html/history-runs.js'
import { chromiumMissing, openInChromium, type RenderedChart } from './browser.js'

// The history charts of the HTML report as a browser draws them (the page the reporter writes with
// its `history` option), without running any model.
const dir = mkdtempSync(join(tmpdir(), 'pg-history-chart-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('history charts in the HTML report', () => {
  it('render in headless Chromium: each gate\'s value, interval and limit drawn, no console error, no request', async ({ skip }) => {
    const missing = chromiumMissing()
    if (missing) {
      console.warn(`skipping the browser test: ${missing}`)
      skip(missing)
    }
    const record: GateRecord = { gate: 'membershipAuc', metric: 'membership_auc', value: 0.6, threshold: 0.6, direction: 'below', pass: false, negated: false, details: {}, model: 'm', level: 'error' }
    const collected = [{ record, test: 't', file: 'f' }]
    const file = join(dir, 'privacy-report.html')
    writeFileSync(file, gatesHtml(gateRows(collected, '0.1.0'), collected, { date: '2026-12-02T00:00:00Z' }, [], gateHistories(runs(12), 10)))
    const { page, problems, requests, close } = await openInChromium(file)
    try {
      const charts: Array<RenderedChart & { series: string[]; markers: number }> = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect()
          const paths = [...svg.querySelectorAll('path.series')]
          return {
            id: svg.getAttribute('data-chart') ?? '',
            seriesLengths: paths.map((p) => ((p.getAttribute('d') ?? '').length > 1 ? (p as unknown as { getTotalLength(): number }).getTotalLength() : 0)),
            series: paths.map((p) => p.getAttribute('data-series') ?? ''),
            markers: svg.querySelectorAll('circle').length,
            width: box.width,
            height: box.height,
            texts: svg.querySelectorAll('text').length,
          }
        }),
      )
      expect(charts.map((c) => c.id)).toEqual(['s0-history-0', 's0-history-1'])
      expect(charts[0].series).toEqual(['value', '95% interval, low', '95% interval, high', 'limit 0.6'])
      expect(charts[1].series).toEqual(['value', 'limit 0.85'])
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(100)
        expect(c.height, c.id).toBeGreaterThan(100)
        expect(c.texts, `${c.id}: title, ticks, axis labels, legend`).toBeGreaterThan(8)
        expect(c.markers, `${c.id}: one dot per run`).toBe(10)
        for (const len of c.seriesLengths) expect(len, `${c.id}: a series path is empty`).toBeGreaterThan(0)
      }
      expect(problems).toEqual([])
      expect(requests).toEqual([`file://${file}`])
    } finally {
      await close()
    }
  }, 120_000)
})
