import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { recordNeedles } from './leak-scan.js'

// Runs the examples/http-api suite as a user's CI would: the real Vitest binary, the built package,
// the example's server on a loopback port, the API token from the environment.
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')
const root = fileURLToPath(new URL('../../examples/http-api/', import.meta.url))
const TOKEN = 'e2e-Secret-Token-4b1d9c'

describe('end to end: examples/http-api', () => {
  let code: number | null
  let out: string
  beforeAll(() => {
    const r = spawnSync(process.execPath, [vitestBin, 'run', '--root', root, '--reporter', 'default'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true', GITHUB_STEP_SUMMARY: '', HTTP_API_TOKEN: TOKEN },
      timeout: 300_000,
    })
    code = r.status
    out = stripVTControlCharacters(r.stdout + r.stderr)
  }, 300_000)

  it('passes: the raw endpoint fails its gates, the minimised one passes, label-gap still measures, governance flags augment', () => {
    expect(code, out).toBe(0)
    expect(out).toMatch(/6 passed/)
    expect(out).toMatch(/augment extraction \(fidelity 0\.\d+\) flagged=true at query \d+ .*benign client flagged=false/)
    expect(out).toMatch(/raw\s+membershipAuc\s+0\.\d+\s+< 0\.600\s+error\s+max-confidence\s+fail/)
    expect(out).toMatch(/raw\s+surrogateFidelity\s+0\.\d+\s+< 0\.800\s+error\s+extraction:pool\s+fail/)
    expect(out).toMatch(/minimised\s+membershipAuc\s+0\.500\s+< 0\.600\s+error\s+max-confidence\s+pass/)
    expect(out).toMatch(/label-only\s+membershipAuc\s+0\.5\d+\s+< 0\.600\s+error\s+label-gap\s+pass/)
  })

  it('never prints or reports the API token or a member record', () => {
    const reports = ['privacy-gates.csv', 'privacy-gates.json', 'privacy-report.html'].map((f) => readFileSync(join(root, 'results', f), 'utf8'))
    const members = recordNeedles(fileURLToPath(new URL('../../fixtures/data/digits-split/members-leaky.csv', import.meta.url)), 0.0625)
    for (const text of [out, ...reports]) {
      expect(text).not.toContain(TOKEN)
      for (const needle of members) expect(text.includes(needle), `a member record in the output: ${needle.slice(0, 40)}…`).toBe(false)
    }
  })
})
