import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runVitestBin } from './vitest-bin.js'

// A failed run must not leave the previous run's passing reports in place. Runs the real Vitest
// binary on test/e2e/fixtures/stale-report against the built package.
const dir = mkdtempSync(join(tmpdir(), 'pg-stale-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the plugin with an unusable thresholds file', () => {
  it('replaces the last run\'s passing reports with ones that say the run failed and why', async () => {
    const out = join(dir, 'results')
    mkdirSync(out)
    for (const f of ['privacy-gates.csv', 'privacy-gates.json', 'privacy-report.html']) writeFileSync(join(out, f), 'stale passing report')
    const config = join(dir, 'privacy-gates.json')
    writeFileSync(config, '{ "models": { "m": { "targett": {} } } }')
    const root = fileURLToPath(new URL('./fixtures/stale-report/', import.meta.url))
    const { code, out: text } = await runVitestBin(['run', '--root', root, '--reporter', 'default'], { PG_CONFIG: config, PG_OUT: out })
    expect(code, text).not.toBe(0)
    expect(text).toMatch(/targett/)
    const json = JSON.parse(readFileSync(join(out, 'privacy-gates.json'), 'utf8'))
    expect(json).toMatchObject({ complete: false, rows: [], problems: [{ where: '', kind: 'input', message: expect.stringMatching(/privacy-gates\.json: \d problems? in the thresholds file:[\s\S]*targett/) }] })
    expect(readFileSync(join(out, 'privacy-gates.csv'), 'utf8')).toMatch(/^model,gate,metric,/)
    const html = readFileSync(join(out, 'privacy-report.html'), 'utf8')
    expect(html).toContain('INCOMPLETE: 1 problem (input is wrong)')
    expect(html).not.toContain('stale passing report')
  }, 120_000)
})
