import { spawnSync } from 'node:child_process'
import { toolchain } from '../e2e/toolchain.js'

// Compiles users' test files against the built package (dist/*.d.ts, through the package's own
// `exports`), the way a user's tsc would see it. `npm test` builds dist first (pretest). Under
// PRIVACY_GATES_TOOLCHAIN: that toolchain's tsc (TypeScript 7) and Vitest types, on its copy of
// the cases, against the packed package.
const cases = toolchain.path('test/types/cases/')
const tsc = toolchain.tscBin

/** The outcome of one tsc run: its exit code and its diagnostics (stdout and stderr). */
export interface CompileResult {
  code: number | null
  out: string
}

/**
 * Runs tsc once (strict, NodeNext, no emit) over `files`, from `cwd`, so diagnostics name the files
 * relative to it. The files must sit inside this package (below its package.json) for
 * `vitest-privacy-gates` to resolve to the package itself.
 */
export function compileFiles(files: readonly string[], cwd: string): CompileResult {
  const run = spawnSync(
    process.execPath,
    [tsc, '--noEmit', '--pretty', 'false', '--strict', '--skipLibCheck', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--types', 'node', ...files],
    { encoding: 'utf8', cwd },
  )
  return { code: run.status, out: run.stdout + run.stderr }
}

/** Runs tsc on one file of `test/types/cases/`; returns its exit code and output. */
export function compileCase(file: string): CompileResult {
  return compileFiles([cases + file], cases)
}
