import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findConfig } from '../../../../src/gates/config/index.js'

let cwd: string
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'privacy-gates-find-'))
  await mkdir(join(cwd, 'ci'))
  for (const f of ['privacy-gates.json', 'a.json', 'b.json', 'ci/gates.json']) await writeFile(join(cwd, f), '{}')
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

describe('findConfig', () => {
  it('takes the plugin option first, resolved against cwd', () => {
    expect(findConfig({ option: 'ci/gates.json', cwd })).toEqual({ path: join(cwd, 'ci/gates.json'), source: 'option' })
  })

  it('takes PRIVACY_GATES_CONFIG when there is no option', () => {
    expect(findConfig({ env: 'b.json', cwd })).toEqual({ path: join(cwd, 'b.json'), source: 'environment' })
    expect(findConfig({ env: join(cwd, 'b.json'), cwd })).toEqual({ path: join(cwd, 'b.json'), source: 'environment' })
  })

  it('falls back to ./privacy-gates.json (an empty variable counts as unset)', () => {
    expect(findConfig({ cwd })).toEqual({ path: join(cwd, 'privacy-gates.json'), source: 'default' })
    expect(findConfig({ env: '', cwd })).toEqual({ path: join(cwd, 'privacy-gates.json'), source: 'default' })
  })

  it('uses the option and warns, naming both, when the option and the variable differ', () => {
    expect(findConfig({ option: 'a.json', env: 'b.json', cwd })).toEqual({
      path: join(cwd, 'a.json'),
      source: 'option',
      warning:
        'the plugin option config ("a.json") and PRIVACY_GATES_CONFIG ("b.json") both name a thresholds file; using a.json — the plugin option wins',
    })
  })

  it('does not warn when both name the same file', () => {
    expect(findConfig({ option: 'a.json', env: join(cwd, 'a.json'), cwd })).toEqual({ path: join(cwd, 'a.json'), source: 'option' })
  })

  it('refuses an explicitly named file that does not exist, rather than falling back', () => {
    expect(() => findConfig({ option: 'missing.json', cwd })).toThrow(
      `the plugin option config ("missing.json") names the thresholds file ${join(cwd, 'missing.json')}, which does not exist`,
    )
    expect(() => findConfig({ env: 'ci', cwd })).toThrow(`PRIVACY_GATES_CONFIG ("ci") names the thresholds file ${join(cwd, 'ci')}, which is a directory, not a file`)
  })

  it('lists what was tried and how to create a file when none is found', async () => {
    const empty = join(cwd, 'ci')
    expect(() => findConfig({ cwd: empty })).toThrow(
      [
        'no thresholds file found; tried:',
        '  - the plugin option config: not set',
        '  - the environment variable PRIVACY_GATES_CONFIG: not set',
        `  - ${join(empty, 'privacy-gates.json')}: not found`,
        "Create one with `npx privacy-gates init` (it writes privacy-gates.json), or name one with privacyGates({ config: 'path/to/privacy-gates.json' }) or PRIVACY_GATES_CONFIG=path/to/privacy-gates.json.",
      ].join('\n'),
    )
  })
})
