/**
 * Runs the end-to-end tests that matter to users again on the newer toolchain — Node 22, Vitest 5,
 * TypeScript 7 — beside the repository's own run (Node 20, Vitest 4, TypeScript 5.9):
 *
 *   npx tsx scripts/toolchain-e2e.ts          (CI: .ci/run, after `npm test`)
 *   npx tsx scripts/toolchain-e2e.ts --keep   (keeps the toolchain project for inspection)
 *   npx tsx scripts/toolchain-e2e.ts --node=24   (another Node line from the registry, by hand)
 *
 * 1. Node 22 from the npm registry (`node-<platform>-<arch>@22`), installed once into
 *    `${XDG_CACHE_HOME:-~/.cache}/vitest-privacy-gates/node22`, never into this package.
 * 2. A project that already uses Vitest 5 (`npm install -D vitest@^5 typescript@^7 @types/node`),
 *    to which the packed package and @tensorflow/tfjs are added with no flags, as a user would;
 *    an ERESOLVE here is the peer range failing. Copies of the e2e fixture projects and of the
 *    type-test cases go into it, so that they resolve Vitest 5 and the installed tarball.
 * 3. This repository's Vitest runs, under Node 22, the same test files as `npm test` does —
 *    newcomer (npm pack, README install, quick start, tsc), plugin + thresholds file, reporter,
 *    sharded merge, and users' files type-checked — with PRIVACY_GATES_TOOLCHAIN pointing them at
 *    that project (see test/e2e/toolchain.ts).
 *
 * Prints how long each step took; exits with the test run's code.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../', import.meta.url))
const keep = process.argv.includes('--keep')

/** The test files run again: everything a user touches that depends on the toolchain. */
const E2E_FILES = ['test/e2e/newcomer.test.ts', 'test/e2e/run-vitest.test.ts', 'test/e2e/reporter.test.ts', 'test/e2e/sharded.test.ts', 'test/types/']
/** What the project installs first ("already uses Vitest 5"), then what the user adds to it. */
const PROJECT_TOOLS = ['vitest@^5', 'typescript@^7', '@types/node@^22']
const USER_ADDS = ['@tensorflow/tfjs']
const NODE_MAJOR = Number(/^--node=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--node=')) ?? '')?.[1] ?? 22)
/** Vitest 5 needs Node ^22.12 or >= 24. */
const NODE_MIN_MINOR = NODE_MAJOR === 22 ? 12 : 0

const timings: Array<[string, number]> = []

/** Runs a command; returns its stdout, or throws with its output when it fails. */
function sh(what: string, command: string, args: string[], options: SpawnSyncOptions & { quiet?: boolean } = {}): string {
  const started = Date.now()
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: options.quiet === false ? 'inherit' : 'pipe', ...options })
  timings.push([what, Date.now() - started])
  if (r.status !== 0) {
    const why = `exit ${r.status ?? r.signal}${r.error ? `, ${r.error.message}` : ''}`
    throw new Error(`${what} failed (${command} ${args.join(' ')}; ${why})\n${r.stdout ?? ''}${r.stderr ?? ''}`)
  }
  return String(r.stdout ?? '')
}

/** Node NODE_MAJOR (22) from the npm registry, in the user's cache folder; returns its `bin/` folder. */
function registryNode(): string {
  const name = `node-${process.platform}-${process.arch}`
  const prefix = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vitest-privacy-gates', `node${NODE_MAJOR}`)
  const bin = join(prefix, 'node_modules', name, 'bin')
  if (!existsSync(join(bin, 'node'))) {
    mkdirSync(prefix, { recursive: true })
    sh(`install ${name}@${NODE_MAJOR}`, 'npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--prefer-offline', `${name}@${NODE_MAJOR}`])
  }
  const version = sh('node -v', join(bin, 'node'), ['-v']).trim()
  const [major, minor] = version.slice(1).split('.').map(Number)
  if (major !== NODE_MAJOR || minor! < NODE_MIN_MINOR) {
    throw new Error(`${join(bin, 'node')} is ${version}; Vitest 5 needs ${NODE_MAJOR}.${NODE_MIN_MINOR} or later — delete ${prefix} to reinstall`)
  }
  return bin
}

/** Whether dist/ is missing or older than a file of src/ (or the build's tsconfig). */
function distIsStale(): boolean {
  const built = join(repo, 'dist/index.js')
  if (!existsSync(built)) return true
  const builtAt = statSync(built).mtimeMs
  const sources = readdirSync(join(repo, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
  return [...sources, join(repo, 'tsconfig.build.json'), join(repo, 'package.json')].some((f) => statSync(f).mtimeMs > builtAt)
}

const npmFlags = ['--no-audit', '--no-fund', '--prefer-offline']
const project = realpathSync(mkdtempSync(join(tmpdir(), 'privacy-gates-toolchain-')))
let code = 1
try {
  const bin = registryNode()
  // That Node first on PATH: npm (and everything it starts) runs on it and resolves versions for it.
  const envNode = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'toolchain-e2e', version: '1.0.0', private: true, type: 'module' }, null, 2) + '\n')
  sh(`npm install -D ${PROJECT_TOOLS.join(' ')}`, 'npm', ['install', '--save-dev', ...npmFlags, ...PROJECT_TOOLS], { cwd: project, env: envNode })

  // Packed as `npm publish` would, from a dist/ built from the current src/ (`npm test`, which CI
  // runs just before, has built it: building again costs a minute on a busy 2-core machine).
  if (distIsStale()) sh('npm run build', 'npm', ['run', 'build'], { cwd: repo })
  const report = sh('npm pack', 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], { cwd: repo })
  const [pack] = JSON.parse(report.slice(report.search(/^\[$/m))) as Array<{ filename: string; files: Array<{ path: string }> }>
  const tarball = join(project, pack!.filename)

  // The user's step: no --legacy-peer-deps, no --force.
  sh('npm install -D <tarball> @tensorflow/tfjs', 'npm', ['install', '--save-dev', ...npmFlags, tarball, ...USER_ADDS], { cwd: project, env: envNode })
  const versionOf = (p: string) => (JSON.parse(readFileSync(join(project, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version
  const vitest = versionOf('vitest')
  const typescript = versionOf('typescript')
  if (!vitest.startsWith('5.') || !typescript.startsWith('7.')) {
    throw new Error(`the project has Vitest ${vitest} and TypeScript ${typescript}, not 5.x and 7.x`)
  }

  // The fixture projects and type cases, copied so they resolve this project's node_modules; the
  // models and data they point at (../../../../fixtures) are read-only files, linked.
  cpSync(join(repo, 'test/e2e/fixtures'), join(project, 'test/e2e/fixtures'), { recursive: true })
  cpSync(join(repo, 'test/types/cases'), join(project, 'test/types/cases'), { recursive: true })
  for (const dir of ['fixtures', 'schema']) symlinkSync(join(repo, dir), join(project, dir), 'dir')
  writeFileSync(join(project, 'toolchain.json'), JSON.stringify({ packed: { tarball, files: pack!.files.map((f) => f.path) } }, null, 2) + '\n')

  console.log(`toolchain-e2e: Node ${process.versions.node} → ${sh('node -v', join(bin, 'node'), ['-v']).trim()}, Vitest ${vitest}, TypeScript ${typescript}, project ${project}`)
  const started = Date.now()
  const run = spawnSync(join(bin, 'node'), [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', ...E2E_FILES], {
    cwd: repo,
    stdio: 'inherit',
    env: { ...envNode, PRIVACY_GATES_TOOLCHAIN: project },
  })
  timings.push([`e2e and type tests under Node ${NODE_MAJOR}`, Date.now() - started])
  code = run.status ?? 1
} catch (e) {
  console.error(`toolchain-e2e: ${(e as Error).message}`)
} finally {
  if (keep) console.log(`toolchain-e2e: project kept in ${project}`)
  else rmSync(project, { recursive: true, force: true })
  console.log(`toolchain-e2e timings: ${timings.filter(([w]) => w !== 'node -v').map(([w, ms]) => `${w} ${(ms / 1000).toFixed(1)} s`).join(' · ')}`)
}
process.exit(code)
