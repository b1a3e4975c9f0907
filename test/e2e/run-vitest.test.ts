import { spawnSync } from 'node:child_process'
import { stripVTControlCharacters } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { toolchain } from './toolchain.js'
import { vitestBin } from './vitest-bin.js'

// Runs the real Vitest binary on a fixture project, as a user's CI would, against the built
// package (dist/, built by `npm test`'s pretest step) — or, under PRIVACY_GATES_TOOLCHAIN, the
// second toolchain's Vitest on its copy of the fixture with the packed package.

function runVitest(project: string, env: Record<string, string> = {}) {
  const root = toolchain.path(`test/e2e/fixtures/${project}/`)
  const r = spawnSync(process.execPath, [vitestBin, 'run', '--root', root, '--reporter', 'default'], {
    encoding: 'utf8',
    // No job summary from fixture runs: they are this suite's tests, not the user's gates.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true', GITHUB_STEP_SUMMARY: '', ...env },
    timeout: 300_000,
  })
  return { code: r.status, out: stripVTControlCharacters(r.stdout + r.stderr) }
}

describe('end to end: a user suite with one failing gate', () => {
  let code: number | null
  let out: string
  beforeAll(() => {
    ;({ code, out } = runVitest('failing-gate'))
  }, 300_000)

  it('exits non-zero with one failed and one passed test', () => {
    expect(code, out).toBe(1)
    expect(out).toMatch(/1 failed \| 1 passed/)
  })

  it('names the failing test and explains the gate', () => {
    expect(out).toContain('leaky model fails the membership gate')
    expect(out).toMatch(/Membership AUC 0\.\d{3} \(95% CI 0\.\d{3}–0\.\d{3}\) is not below the threshold 0\.600/)
    expect(out).toMatch(/attack: loss · members: \d+ · non-members: 600 · seed: 0/)
    expect(out).toContain('What usually lowers it:')
  })

  it("shows the limit and the measured value as Vitest's Expected and Received", () => {
    const diff = /- Expected\n\+ Received\n\n- (\S+)\n\+ (\S+)\n/.exec(out)
    expect(diff, out).not.toBeNull()
    const auc = /Membership AUC (0\.\d{3}) \(95% CI/.exec(out)![1]
    expect(diff![1]).toBe('0.6')
    expect(Number(diff![2]).toFixed(3)).toBe(auc)
  })
})

describe('end to end: the plugin', () => {
  it('stops the run before any test when the thresholds file is malformed, listing every problem', () => {
    const { code, out } = runVitest('bad-config')
    expect(code, out).not.toBe(0)
    expect(out).toMatch(/bad-config\/privacy-gates\.json: 2 problems in the thresholds file:/)
    expect(out).toContain('/models/digits/gates/membershipAuc/maxx: unknown key "maxx"; did you mean "max"?')
    expect(out).toContain('/models/digits/gates/cleanAccuracy/min: expected a number in [0, 1], found 1.5')
    expect(out).not.toContain('unreachable')
  }, 120_000)

  it('hands the file to the workers; warn gates annotate without failing; the option wins over the environment, with a warning', () => {
    const other = toolchain.path('test/e2e/fixtures/bad-config/privacy-gates.json')
    const { code, out } = runVitest('plugin-config', { PRIVACY_GATES_CONFIG: other })
    expect(code, out).toBe(0)
    expect(out).toMatch(/2 passed/)
    expect(out).toMatch(/the plugin option config \("privacy-gates\.json"\) and PRIVACY_GATES_CONFIG \(".*bad-config\/privacy-gates\.json"\) both name a thresholds file; using privacy-gates\.json — the plugin option wins/)
  }, 120_000)
})
