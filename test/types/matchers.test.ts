import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Compiles users' test files against the built package (dist/*.d.ts, through the package's own
// `exports`), the way a user's tsc would see it. `npm test` builds dist first (pretest).
const cases = fileURLToPath(new URL('./cases/', import.meta.url))
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

function compile(file: string): { code: number | null; out: string } {
  const run = spawnSync(
    process.execPath,
    [tsc, '--noEmit', '--pretty', 'false', '--strict', '--skipLibCheck', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--types', 'node', cases + file],
    { encoding: 'utf8', cwd: cases },
  )
  return { code: run.status, out: run.stdout + run.stderr }
}

describe('matcher types (Vitest 4)', () => {
  it('a raw target needs a limit and its data; only models from the thresholds file default them', () => {
    const { code, out } = compile('raw-target-without-data.ts')
    expect(code).not.toBe(0)
    expect(out).toMatch(/raw-target-without-data\.ts\(7,.*Expected 2 arguments, but got 0/)
    expect(out).toMatch(/raw-target-without-data\.ts\(8,.*Expected 2 arguments, but got 1/)
  })

  it('a correct user test file compiles', () => {
    const { code, out } = compile('good.ts')
    expect(out).toBe('')
    expect(code).toBe(0)
  })

  it('a misspelt matcher fails to compile', () => {
    const { code, out } = compile('misspelt-matcher.ts')
    expect(code).not.toBe(0)
    expect(out).toMatch(/misspelt-matcher\.ts\(9,.*Property 'toHaveMembershipAUCBelow' does not exist/)
  })

  it('a wrong option, attack id or threshold type fails to compile', () => {
    const { code, out } = compile('wrong-option.ts')
    expect(code).not.toBe(0)
    expect(out).toMatch(/wrong-option\.ts\(9,.*'atack' does not exist/)
    expect(out).toMatch(/wrong-option\.ts\(10,.*"lira-typo"/)
    expect(out).toMatch(/wrong-option\.ts\(11,.*Argument of type 'string' is not assignable to parameter of type 'number'/)
  })
})
