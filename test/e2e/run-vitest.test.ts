import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'

// Runs the real Vitest binary on a fixture project, as a user's CI would, against the built
// package (dist/, built by `npm test`'s pretest step).
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')

function runVitest(project: string) {
  const root = fileURLToPath(new URL(`./fixtures/${project}/`, import.meta.url))
  const r = spawnSync(process.execPath, [vitestBin, 'run', '--root', root, '--reporter', 'default'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' },
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
})
