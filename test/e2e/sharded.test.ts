import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordNeedles } from './leak-scan.js'
import { toolchain } from './toolchain.js'
import { runVitestBin } from './vitest-bin.js'

// A team splits its suite over CI machines with Vitest's own `--shard=i/n --reporter=blob` and merges
// with `--merge-reports`: the merged run must write the same report as one unsharded run. The
// fixture has two test files (one model each), so each shard runs one. Runs the built package
// (dist/, built by `npm test`'s pretest step).
const root = toolchain.path('test/e2e/fixtures/sharded/')
const split = (name: string) => fileURLToPath(new URL(`../../fixtures/data/digits-split/${name}.csv`, import.meta.url))

/** The report files of a run, with the run's date (the one field that differs between runs) removed. */
function reports(dir: string) {
  const json = JSON.parse(readFileSync(join(dir, 'privacy-gates.json'), 'utf8')) as Record<string, unknown>
  delete json.date
  return {
    csv: readFileSync(join(dir, 'privacy-gates.csv'), 'utf8'),
    json,
    html: readFileSync(join(dir, 'privacy-report.html'), 'utf8').replace(/<b>date<\/b> [^<]*/, ''),
  }
}

describe('end to end: sharded runs merge into one complete report', () => {
  let dir: string
  let runs: Record<'full' | 'shard1' | 'shard2' | 'merged', { code: number | null; out: string }>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-e2e-shards-'))
    const shard = (i: number) =>
      runVitestBin(['run', '--root', root, `--shard=${i}/2`, '--reporter=blob', `--outputFile.blob=${join(dir, 'blobs', `blob-${i}-2.json`)}`], {
        PRIVACY_GATES_REPORT_DIR: join(dir, 'shards'),
      })
    // The unsharded run and both shards are independent: run them side by side.
    const [full, shard1, shard2] = await Promise.all([
      runVitestBin(['run', '--root', root, '--reporter=default'], { PRIVACY_GATES_REPORT_DIR: join(dir, 'full') }),
      shard(1),
      shard(2),
    ])
    const merged = await runVitestBin(['run', '--root', root, `--merge-reports=${join(dir, 'blobs')}`, '--reporter=default'], {
      PRIVACY_GATES_REPORT_DIR: join(dir, 'merged'),
    })
    runs = { full, shard1, shard2, merged }
  }, 300_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('every run passes; each shard runs one file and leaves the report to the merge', () => {
    for (const [name, r] of Object.entries(runs)) expect(r.code, `${name}:\n${r.out}`).toBe(0)
    expect(readdirSync(join(dir, 'blobs')).sort()).toEqual(['blob-1-2.json', 'blob-2-2.json'])
    expect(runs.shard1.out).toContain('privacy gates: shard 1/2, results kept in the blob report')
    expect(runs.shard2.out).toContain('privacy gates: shard 2/2, results kept in the blob report')
    const files = (i: number) => ['leaky.test.ts', 'regularised.test.ts'].filter((f) => readFileSync(join(dir, 'blobs', `blob-${i}-2.json`), 'utf8').includes(f))
    expect([...files(1), ...files(2)].sort()).toEqual(['leaky.test.ts', 'regularised.test.ts'])
    expect(existsSync(join(dir, 'shards'))).toBe(false)
  })

  it('the merged CSV, JSON and HTML equal the unsharded run\'s (but for the date)', () => {
    const full = reports(join(dir, 'full'))
    const merged = reports(join(dir, 'merged'))
    expect(merged.csv).toBe(full.csv)
    expect(merged.json).toEqual(full.json)
    expect(merged.html).toBe(full.html)
  })

  it('the merged report is complete: both models, every gate, every chart', () => {
    const { json, html } = reports(join(dir, 'merged'))
    const rows = json.rows as Array<{ model: string; gate: string }>
    expect(rows.map((r) => `${r.model} ${r.gate}`)).toEqual([
      'digits-leaky membershipAuc', 'digits-leaky surrogateFidelity', 'digits-leaky cleanAccuracy',
      'digits-regularised membershipAuc', 'digits-regularised surrogateFidelity', 'digits-regularised cleanAccuracy',
    ])
    expect([...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual(['digits-leaky', 'digits-regularised'])
    expect(html.match(/data-chart="[^"]*roc-log"/g)).toHaveLength(2)
    expect(html.match(/data-chart="[^"]*budget-0"/g)).toHaveLength(2)
    expect(runs.merged.out).toMatch(/privacy gates: 6 gates: 5 pass, 1 warn, 0 fail/)
  })

  it('the merged reports hold no member record of either model', () => {
    const files = ['privacy-gates.csv', 'privacy-gates.json', 'privacy-report.html'].map((f) => [f, readFileSync(join(dir, 'merged', f), 'utf8')])
    const needles = [...recordNeedles(split('members'), 0.0625), ...recordNeedles(split('members-leaky'), 0.0625)]
    expect(needles.length).toBe(4 * 700)
    // what the JSON keeps of the rates' records: one 0/1 per record and a fingerprint
    const rates = (JSON.parse(files[1][1]).pairing as Array<{ gate: string; outcomes?: string }>).filter((e) => e.outcomes !== undefined)
    expect(rates.map((e) => e.gate)).toEqual(['surrogateFidelity', 'cleanAccuracy', 'surrogateFidelity', 'cleanAccuracy'])
    for (const e of rates) expect(e.outcomes).toMatch(/^[01]+$/)
    for (const [name, text] of files) {
      for (const needle of needles) if (text.includes(needle)) expect.fail(`${name} contains the member record ${needle}`)
    }
  })
})
