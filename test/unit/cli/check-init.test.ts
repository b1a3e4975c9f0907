import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runCli as run } from './run-cli.js'
import { validateConfig } from '../../../src/gates/config/index.js'

const example = fileURLToPath(new URL('../../../examples/digits/privacy-gates.json', import.meta.url))


describe('privacy-gates check', () => {
  it('exits 0 for the regularised model of the example, with a table and an HTML report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-check-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const html = join(dir, 'report.html')
    const { code, out, err } = await run(['check', '--config', example, '--model', 'digits-regularised', '--html', html])
    expect(code, out + err).toBe(0)
    expect(out).toContain(`HTML report: ${html}`)
    const page = await readFile(html, 'utf8')
    expect(page).toContain('<h2>digits-regularised</h2>')
    expect(page).toContain('data-chart="s0-roc-log"')
    expect(page).toContain('data-chart="s0-budget-0"')
    expect(page).toContain('<td>privacy-gates check</td>')
    expect(out).toMatch(/model\s+gate\s+value\s+limit\s+level\s+status/)
    expect(out).toMatch(/digits-regularised\s+membershipAuc\s+0\.\d{3}\s+< 0\.600\s+error\s+pass/)
    expect(out).toMatch(/\n\d passed, 0 failed/)
  })

  it('exits 1 for the leaky model, naming each failed gate and the key to edit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-check-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const { code, out } = await run(['check', '--config', example, '--model', 'digits-leaky', '--html', join(dir, 'r.html')])
    expect(code).toBe(1)
    expect(out).toMatch(/digits-leaky\s+membershipAuc\s+0\.7\d\d\s+< 0\.600\s+error\s+FAIL/)
    expect(out).toContain('edit models.digits-leaky.gates.membershipAuc.max in ' + example)
    expect(out).toContain('Membership leakage over the release limit')
  })

  it('exits 2 on a broken thresholds file or an unknown model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-check-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const bad = join(dir, 'privacy-gates.json')
    await writeFile(bad, '{ "models": { "m": { "targett": {} } } }')
    const broken = await run(['check', '--config', bad])
    expect(broken.code).toBe(2)
    expect(broken.err).toMatch(/targett/)
    const unknown = await run(['check', '--config', example, '--model', 'nope'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('no model named "nope"')
    expect(unknown.err).toContain('Known models: digits-regularised, digits-leaky')
  })
})

describe('privacy-gates init', () => {
  it('writes a starter thresholds file that the schema accepts, and an example test; never overwrites silently', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-init-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const first = await run(['init', '--dir', dir])
    expect(first.code, first.err).toBe(0)
    const written = JSON.parse(await readFile(join(dir, 'privacy-gates.json'), 'utf8'))
    expect(written.$schema).toBe('./node_modules/vitest-privacy-gates/schema/thresholds.schema.json')
    expect(validateConfig(written, join(dir, 'privacy-gates.json'))).toEqual([])
    expect(await readFile(join(dir, 'privacy.test.ts'), 'utf8')).toContain("await expect(model).toPassReleaseGates()")
    const again = await run(['init', '--dir', dir])
    expect(again.code).toBe(2)
    expect(again.err).toContain(`${join(dir, 'privacy-gates.json')} already exists; pass --force to overwrite it`)
    expect((await run(['init', '--dir', dir, '--force'])).code).toBe(0)
  })
})
