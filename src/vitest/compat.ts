import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'

// The one place that knows how Vitest's lines differ for this package, and which lines it runs on.
// Vitest 4 and 5 differ here in three ways: where the CLI's `--root` is when a plugin's `config`
// hook runs ({@link vitestRoot}); where the reporter types are exported (`vitest/reporters` is gone
// in 5; both export them from `vitest/node`, which is what the reporter imports); and the arity of
// `Matchers` (see `gates/augment.ts`). Everything else the plugin, matchers and reporter use is the
// same API in both. A line outside the peer range fails at plugin start, here, with one message
// instead of a stack trace from deep inside Vitest.

/**
 * The Vitest root as a plugin's `config` hook can see it: `test.root`, else `root`, else the working
 * folder — Vitest's own order. Vitest 4 has already copied `--root` into `root` when the hook runs;
 * Vitest 5 merges the CLI options into `test` first and sets `root` only in its last hook.
 */
export function vitestRoot(user: { root?: string; test?: { root?: string } }, cwd: string = process.cwd()): string {
  return resolve(cwd, user.test?.root || user.root || '.')
}

/** The Vitest found next to this package: its version and folder. */
export interface FoundVitest {
  version: string
  dir: string
}

/**
 * Vitest as this package resolves it (the one `vitest-privacy-gates/setup` registers the matchers
 * with), or undefined when none is installed.
 */
export function installedVitest(): FoundVitest | undefined {
  try {
    const file = createRequire(import.meta.url).resolve('vitest/package.json')
    const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }
    return typeof version === 'string' ? { version, dir: dirname(file) } : undefined
  } catch {
    return undefined
  }
}

/** The supported Vitest range: `peerDependencies.vitest` of this package (`^4.0.0 || ^5.0.0`). */
export function supportedVitestRange(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    peerDependencies?: Record<string, string>
  }
  const range = pkg.peerDependencies?.vitest
  if (!range) throw new Error('vitest-privacy-gates: package.json has no peerDependencies.vitest')
  return range
}

/** The major versions a range of caret alternatives (`^4.0.0 || ^5.0.0`) admits. */
export function rangeMajors(range: string): number[] {
  return range.split('||').map((part) => {
    const m = /^\s*\^?(\d+)(\.\d+){0,2}\s*$/.exec(part)
    if (!m) throw new Error(`vitest-privacy-gates: cannot read the Vitest range "${range}" (expected ^N.x.y alternatives joined by ||)`)
    return Number(m[1])
  })
}

/**
 * Why `found` cannot run this package's plugin, or undefined when its major is in `range`. The
 * message names the found version and where it is, the supported range, and what to install.
 */
export function vitestLineProblem(found: FoundVitest | undefined, range: string): string | undefined {
  const install = 'npm install -D vitest@5 (Node ^22.12 or >= 24) or vitest@4 (Node 20)'
  if (!found) return `vitest-privacy-gates needs Vitest ${range}, and none was found beside it; ${install}`
  const major = Number(/^(\d+)\./.exec(found.version)?.[1])
  if (rangeMajors(range).includes(major)) return undefined
  return `vitest-privacy-gates supports Vitest ${range}, found Vitest ${found.version} (${found.dir}); ${install}`
}

/** The Vitest line in use is outside the supported range. */
export class UnsupportedVitestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsupportedVitestError'
    // The message says everything; a stack into the plugin's hook would only bury it.
    this.stack = `${this.name}: ${message}`
  }
}

/** Throws {@link UnsupportedVitestError} unless the Vitest beside this package is a supported line. */
export function assertSupportedVitest(found: FoundVitest | undefined = installedVitest()): void {
  const problem = vitestLineProblem(found, supportedVitestRange())
  if (problem) throw new UnsupportedVitestError(problem)
}
