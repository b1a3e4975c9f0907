import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  assertSupportedVitest,
  installedVitest,
  rangeMajors,
  supportedVitestRange,
  UnsupportedVitestError,
  vitestLineProblem,
  vitestRoot,
} from '../../../src/vitest/compat.js'

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  peerDependencies: Record<string, string>
  devDependencies: Record<string, string>
}

describe('the supported Vitest lines', () => {
  it('are the peer range of package.json, lines 4 and 5', () => {
    expect(supportedVitestRange()).toBe(pkg.peerDependencies.vitest)
    expect(rangeMajors(supportedVitestRange())).toEqual([4, 5])
  })

  it('reads caret alternatives and refuses anything else, naming the range', () => {
    expect(rangeMajors('^4.0.0 || ^5.0.0 || 6')).toEqual([4, 5, 6])
    expect(() => rangeMajors('>=4 <6')).toThrow('cannot read the Vitest range ">=4 <6"')
  })

  it('finds the Vitest this repository runs on (the dev dependency)', () => {
    const found = installedVitest()
    expect(found?.version).toBe(JSON.parse(readFileSync(`${found!.dir}/package.json`, 'utf8')).version)
    expect(found?.version.split('.')[0]).toBe(/\d+/.exec(pkg.devDependencies.vitest)![0])
    expect(() => assertSupportedVitest()).not.toThrow()
  })

  it('accepts any 4.x or 5.x, prereleases included', () => {
    for (const version of ['4.0.0', '4.1.12', '5.0.0-beta.3', '5.1.2']) {
      expect(vitestLineProblem({ version, dir: '/p/node_modules/vitest' }, '^4.0.0 || ^5.0.0'), version).toBeUndefined()
    }
  })

  it('Vitest 3: one message naming the found version and folder, the supported range and what to install', () => {
    const problem = vitestLineProblem({ version: '3.2.4', dir: '/p/node_modules/vitest' }, '^4.0.0 || ^5.0.0')
    expect(problem).toBe(
      'vitest-privacy-gates supports Vitest ^4.0.0 || ^5.0.0, found Vitest 3.2.4 (/p/node_modules/vitest); ' +
        'npm install -D vitest@5 (Node ^22.12 or >= 24) or vitest@4 (Node 20)',
    )
    expect(vitestLineProblem({ version: '6.0.0', dir: '/p' }, '^4.0.0 || ^5.0.0')).toMatch(/found Vitest 6\.0\.0/)
    expect(vitestLineProblem(undefined, '^4.0.0 || ^5.0.0')).toMatch(/^vitest-privacy-gates needs Vitest \^4\.0\.0 \|\| \^5\.0\.0, and none was found/)
  })

  it('the plugin start throws it as one line, without a stack into the hook', () => {
    let error: unknown
    try {
      assertSupportedVitest({ version: '3.2.4', dir: '/p/node_modules/vitest' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UnsupportedVitestError)
    expect((error as Error).stack).toBe(`UnsupportedVitestError: ${(error as Error).message}`)
    expect((error as Error).message).toContain('found Vitest 3.2.4')
  })
})

describe('vitestRoot: the root a plugin config hook sees, on either line', () => {
  it('Vitest 5 puts --root in test.root; Vitest 4 in root; test.root wins, as in Vitest; relative to the working folder', () => {
    expect(vitestRoot({ test: { root: 'fixtures/x' } }, '/work')).toBe('/work/fixtures/x')
    expect(vitestRoot({ root: '/abs/y' }, '/work')).toBe('/abs/y')
    expect(vitestRoot({ root: '/abs/y', test: { root: 'z' } }, '/work')).toBe('/work/z')
    expect(vitestRoot({}, '/work')).toBe('/work')
    expect(vitestRoot({ test: {} })).toBe(process.cwd())
  })
})
