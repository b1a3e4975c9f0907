import { spawnSync } from 'node:child_process'
import { toolchain } from '../e2e/toolchain.js'

// Compiles users' test files against the built package (dist/*.d.ts, through the package's own
// `exports`), the way a user's tsc would see it. `npm test` builds dist first (pretest). Under
// PRIVACY_GATES_TOOLCHAIN: that toolchain's tsc (TypeScript 7) and Vitest types, on its copy of
// the cases, against the packed package.
const cases = toolchain.path('test/types/cases/')
const tsc = toolchain.tscBin

/** Runs tsc (strict, NodeNext) on one file of `test/types/cases/`; returns its exit code and output. */
export function compileCase(file: string): { code: number | null; out: string } {
  const run = spawnSync(
    process.execPath,
    [tsc, '--noEmit', '--pretty', 'false', '--strict', '--skipLibCheck', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--types', 'node', cases + file],
    { encoding: 'utf8', cwd: cases },
  )
  return { code: run.status, out: run.stdout + run.stderr }
}
