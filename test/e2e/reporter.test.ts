import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GATE_COLUMNS } from '../../src/report/gate-rows.js'
import { chromiumMissing, openInChromium, type RenderedChart } from './browser.js'
import { toolchain } from './toolchain.js'
import { vitestBin } from './vitest-bin.js'

// Runs the real Vitest binary on test/e2e/fixtures/reporter (the plugin with its reporter) against
// the built package (dist/, built by `npm test`'s pretest step), with the reports and the GitHub
// job summary in a temporary folder. Under PRIVACY_GATES_TOOLCHAIN: that toolchain's Vitest, on its
// copy of the fixture, with the packed package.
const root = toolchain.path('test/e2e/fixtures/reporter/')
const membersCsv = fileURLToPath(new URL('../../fixtures/data/digits-split/members.csv', import.meta.url))
/** Where the browser test leaves its screenshot (gitignored; CI can keep it as an artifact). */
const outputDir = fileURLToPath(new URL('./.output/', import.meta.url))

function runVitest(env: Record<string, string>, reporterFlag = true) {
  // `--reporter` on the command line replaces the config's reporters; the plugin adds its own after.
  const args = [vitestBin, 'run', '--root', root, ...(reporterFlag ? ['--reporter', 'default'] : [])]
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true', GITHUB_STEP_SUMMARY: '', ...env },
    timeout: 300_000,
  })
  return { code: r.status, out: r.stdout + r.stderr }
}

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(cell); cell = '' } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = '' } else cell += ch
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row) }
  return rows
}

describe('end to end: the reporter', () => {
  let dir: string
  let code: number | null
  let out: string
  let csv: string
  let json: { date: string; vitest: string; packageVersion: string; backend: string; columns: string[]; rows: Array<Record<string, string | number>> }
  let summary: string
  let html: string
  let cells: string[][]

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pg-e2e-reporter-'))
    writeFileSync(join(dir, 'summary.md'), '## Earlier section\n')
    ;({ code, out } = runVitest({ PRIVACY_GATES_REPORT_DIR: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md') }))
    csv = readFileSync(join(dir, 'out', 'privacy-gates.csv'), 'utf8')
    json = JSON.parse(readFileSync(join(dir, 'out', 'privacy-gates.json'), 'utf8'))
    summary = readFileSync(join(dir, 'summary.md'), 'utf8')
    html = readFileSync(join(dir, 'out', 'privacy-report.html'), 'utf8')
    cells = parseCsv(csv)
  }, 300_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('runs the fixture suite green', () => {
    expect(code, out).toBe(0)
    expect(out).toMatch(/4 passed/)
  })

  it('writes one CSV row per model and gate of every test, with every column', () => {
    const [header, ...rows] = cells
    expect(header).toEqual([...GATE_COLUMNS])
    const col = (name: string) => header.indexOf(name)
    expect(rows.map((r) => [r[col('gate')], r[col('level')], r[col('status')], r[col('attack')], r[col('test')]])).toEqual([
      ['membershipAuc', 'error', 'pass', 'max-confidence', 'release gates of the regularised model'],
      ['membershipAdvantage', 'warn', 'warn', 'max-confidence', 'release gates of the regularised model'],
      ['surrogateFidelity', 'error', 'pass', 'extraction:pool', 'release gates of the regularised model'],
      ['cleanAccuracy', 'error', 'pass', '', 'release gates of the regularised model'],
      ['membershipAuc', 'error', 'pass', 'loss', 'single gates > loss attack, own limit'],
      ['membershipAdvantage', 'error', 'fail', 'max-confidence', 'single gates > an advantage gate asserted crossed'],
    ])
    for (const r of rows) {
      expect(r).toHaveLength(GATE_COLUMNS.length)
      expect(r[col('model')]).toBe('digits-regularised')
      expect(r[col('file')]).toBe('gates.test.ts')
      expect(r[col('backend')]).toMatch(/^(wasm|cpu|tensorflow)$/)
      expect(r[col('package_version')]).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version)
      expect(Number(r[col('value')])).toBeGreaterThan(0)
      expect(r[col('seed')]).toBe(r[col('gate')] === 'cleanAccuracy' ? '' : '0')
    }
    const auc = rows[0]
    expect([auc[col('members')], auc[col('non_members')], auc[col('threshold')]]).toEqual(['600', '600', '0.6'])
    expect(Number(auc[col('interval_lo')])).toBeLessThan(Number(auc[col('value')]))
    expect(Number(auc[col('interval_hi')])).toBeGreaterThan(Number(auc[col('value')]))
    const fidelity = rows[2]
    expect([fidelity[col('budget')], fidelity[col('queries')], fidelity[col('members')]]).toEqual(['100', '100', ''])
  })

  it('writes the same rows to JSON, with the run metadata', () => {
    expect(json.columns).toEqual([...GATE_COLUMNS])
    expect(json.vitest).toBe(toolchain.vitestVersion)
    expect(json.packageVersion).toBe(json.rows[0].package_version)
    expect(json.backend).toBe(json.rows[0].backend)
    expect(Number.isNaN(Date.parse(json.date))).toBe(false)
    expect(json.rows.map((row) => GATE_COLUMNS.map((c) => String(row[c])))).toEqual(cells.slice(1))
  })

  it('appends a job summary that matches the CSV (same gates, values, limits and statuses)', () => {
    expect(summary.startsWith('## Earlier section\n### Privacy gates\n')).toBe(true)
    const table = summary.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| model') && !l.startsWith('| ---'))
    const fromSummary = table.map((l) => l.slice(2, -2).split(' | ').slice(0, 7).map((c) => c.replace(/\*\*/g, '')))
    const [header, ...rows] = cells
    const col = (name: string) => header.indexOf(name)
    const fromCsv = rows.map((r) => [
      r[col('model')], r[col('gate')], Number(r[col('value')]).toFixed(3),
      `${r[col('gate')] === 'cleanAccuracy' ? '>' : '<'} ${Number(r[col('threshold')]).toFixed(3)}`,
      r[col('level')], r[col('attack')] || '—', r[col('status')],
    ])
    expect(fromSummary).toEqual(fromCsv)
  })

  it('prints one plain table (the plugin registers one reporter)', () => {
    const plain = stripVTControlCharacters(out)
    expect(plain).toBe(out)
    expect(out.match(/privacy gates: 6 gates: 4 pass, 1 warn, 1 fail/g)).toHaveLength(1)
    expect(out).toMatch(/digits-regularised {2}membershipAuc {8}0\.\d{3} {2}< 0\.600 {2}error {2}max-confidence {3}pass/)
  })

  it('writes one self-contained HTML report: the gates table and every chart', () => {
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/<script|<link|<img|src="http|href="http|url\(http/)
    expect(html).toContain('<h2>digits-regularised</h2>')
    for (const gate of ['membershipAuc', 'membershipAdvantage', 'surrogateFidelity', 'cleanAccuracy']) expect(html).toContain(`<td>${gate}</td>`)
    // max-confidence and loss ran: both on the ROC charts, one histogram each; one extraction audit
    const charts = [...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])
    expect(charts).toEqual(['s0-roc-linear', 's0-roc-log', 's0-hist-0', 's0-hist-1', 's0-budget-0'])
    expect(html).toMatch(/>max-confidence \(0\.\d{3}\)</)
    expect(html).toMatch(/>loss \(0\.\d{3}\)</)
  })

  it('the HTML report renders in headless Chromium: every chart drawn, no console error, no request', async ({ skip }) => {
    const missing = chromiumMissing()
    if (missing) {
      console.warn(`skipping the browser test: ${missing}`)
      skip(missing)
    }
    const file = join(dir, 'out', 'privacy-report.html')
    const { page, problems, requests, close } = await openInChromium(file)
    try {
      const charts: RenderedChart[] = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect()
          return {
            id: svg.getAttribute('data-chart') ?? '',
            // (no DOM types in this project: the path's SVG method by its shape)
            seriesLengths: [...svg.querySelectorAll('path.series')].map((p) => ((p.getAttribute('d') ?? '').length > 1 ? (p as unknown as { getTotalLength(): number }).getTotalLength() : 0)),
            width: box.width,
            height: box.height,
            texts: svg.querySelectorAll('text').length,
          }
        }),
      )
      mkdirSync(outputDir, { recursive: true })
      await page.screenshot({ path: join(outputDir, 'privacy-report.png'), fullPage: true })
      expect(charts.map((c) => c.id)).toEqual([...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]))
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(100)
        expect(c.height, c.id).toBeGreaterThan(100)
        expect(c.texts, `${c.id}: title, tick and axis labels, legend`).toBeGreaterThan(8)
        expect(c.seriesLengths.length, c.id).toBeGreaterThan(0)
        for (const len of c.seriesLengths) expect(len, `${c.id}: a series path is empty`).toBeGreaterThan(0)
      }
      expect(problems).toEqual([])
      expect(requests).toEqual([`file://${file}`])
      expect(existsSync(join(outputDir, 'privacy-report.png'))).toBe(true)
    } finally {
      await close()
    }
  }, 120_000)

  it('leaks no member record into any report (CSV, JSON, HTML, job summary, terminal)', () => {
    const lines = readFileSync(membersCsv, 'utf8').trim().split('\n').slice(1)
    expect(lines.length).toBe(600)
    const reports = { csv, json: JSON.stringify(json), rawJson: readFileSync(join(dir, 'out', 'privacy-gates.json'), 'utf8'), html, summary, out }
    for (const line of lines) {
      const features = line.split(',').slice(0, -1).map(Number)
      const scaled = features.map((v) => v * 0.0625)
      const needles = [features.join(','), JSON.stringify(features), scaled.join(','), JSON.stringify(scaled)]
      for (const [name, text] of Object.entries(reports)) {
        for (const needle of needles) {
          if (text.includes(needle)) expect.fail(`${name} contains the member record ${needle}`)
        }
      }
    }
  })

  it('keeps the rates\' per-record 0/1 outcomes in the JSON report only, with nothing else of a record', () => {
    const pairing = JSON.parse(readFileSync(join(dir, 'out', 'privacy-gates.json'), 'utf8')).pairing as Array<Record<string, unknown>>
    const rates = pairing.filter((e) => 'outcomes' in e)
    expect(rates.map((e) => e.gate)).toEqual(['surrogateFidelity', 'cleanAccuracy'])
    for (const e of rates) {
      expect(Object.keys(e).sort()).toEqual(['attack', 'file', 'gate', 'model', 'outcomes', 'records', 'test', 'value'])
      const outcomes = e.outcomes as string
      expect(outcomes).toMatch(/^[01]{100,}$/)
      expect(e.records).toMatch(/^[0-9a-f]{16}$/)
      expect([...outcomes].filter((o) => o === '1').length / outcomes.length).toBe(e.value)
      for (const [name, text] of Object.entries({ csv, html, summary, out })) expect(text.includes(outcomes), `${name} holds the outcomes`).toBe(false)
    }
    // both rates were measured on the same evaluation records
    expect(rates[0].records).toBe(rates[1].records)
  })

  it('writes nothing with report: false', () => {
    const off = join(dir, 'off')
    const r = runVitest({ PRIVACY_GATES_REPORT: 'off', PRIVACY_GATES_REPORT_DIR: off, GITHUB_STEP_SUMMARY: join(dir, 'off-summary.md') })
    expect(r.code, r.out).toBe(0)
    expect(existsSync(off)).toBe(false)
    expect(existsSync(join(dir, 'off-summary.md'))).toBe(false)
    expect(r.out).not.toContain('privacy gates:')
  }, 300_000)

  it('a reporter listed by hand replaces the plugin\'s (one table, its own paths)', () => {
    const own = join(dir, 'own')
    const r = runVitest({ PRIVACY_GATES_REPORT: 'own', PRIVACY_GATES_REPORT_DIR: own }, false)
    expect(r.code, r.out).toBe(0)
    expect(r.out.match(/privacy gates: 6 gates/g)).toHaveLength(1)
    expect(existsSync(join(own, 'own.csv'))).toBe(true)
    expect(existsSync(join(own, 'privacy-gates.csv'))).toBe(false)
  }, 300_000)
})
