import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Compiles users' test files against the built package (dist/*.d.ts), as matchers.test.ts does.
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

describe('interface-control matcher types (Vitest 4)', () => {
  it('a correct user test file compiles', () => {
    const { code, out } = compile('controls-good.ts')
    expect(out).toBe('')
    expect(code).toBe(0)
  })

  it('a missing within, an unknown sample, a misspelt option and an unknown metric fail to compile', () => {
    const { code, out } = compile('controls-wrong.ts')
    expect(code).not.toBe(0)
    expect(out).toMatch(/controls-wrong\.ts\(9,.*is not assignable to parameter of type 'FlagExtractionOptions'/)
    expect(out).toMatch(/controls-wrong\.ts\(10,.*"staging"/)
    expect(out).toMatch(/controls-wrong\.ts\(11,.*'minAgrement' does not exist/)
    expect(out).toMatch(/controls-wrong\.ts\(12,.*"auc"/)
  })
})
