import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toolchain, type Packed } from './toolchain.js'

// "A newcomer's check": what someone who only reads the README gets. Packs this package the way
// `npm publish` would (the `prepare` script builds dist/), installs the tarball into a fresh
// project outside the repository, writes the README's vitest.config.ts + privacy-gates.json + a test
// file, and runs that project's own Vitest and tsc. Nothing in the project can reach this
// repository's sources or node_modules: only what the tarball ships is tested.
//
// Set PRIVACY_GATES_KEEP_NEWCOMER=1 to keep the temporary project for inspection. Under
// PRIVACY_GATES_TOOLCHAIN (scripts/toolchain-e2e.ts: Node 22) the same check installs the tarball
// that toolchain's project packed, with that toolchain's TypeScript, and npm must pick Vitest 5.

const repo = fileURLToPath(new URL('../../', import.meta.url))
const fixtures = join(repo, 'fixtures')
const isWindows = process.platform === 'win32'

interface Run {
  code: number | null
  /** stdout alone, colours stripped. */
  stdout: string
  /** stdout then stderr, colours stripped. */
  out: string
  ms: number
}

/** Runs a command to completion. */
function run(command: string, args: string[], cwd: string, timeout: number, env: NodeJS.ProcessEnv = {}): Run {
  const started = Date.now()
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // `npm` is npm.cmd on Windows, which only a shell can start.
    shell: isWindows && command === 'npm',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...childEnv(), ...env },
  })
  const error = r.error ? `\n[spawn error] ${r.error.message}` : ''
  const stdout = stripVTControlCharacters(r.stdout ?? '')
  return { code: r.status, stdout, out: `${stdout}${stripVTControlCharacters(r.stderr ?? '')}${error}`, ms: Date.now() - started }
}

/** This worker's environment without the variables Vitest sets for its own workers. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key]
  // The newcomer's gates are this suite's fixtures: keep them out of a CI job summary.
  delete env.GITHUB_STEP_SUMMARY
  return env
}

/** The command and its output, for assertion messages. */
const show = (what: string, r: Run) => `${what} exited ${r.code} after ${(r.ms / 1000).toFixed(1)} s:\n${r.out}`

/**
 * Copies what `npm pack` and the `prepare` build read — package.json, the `files` entries except
 * dist/ (the build makes it), README/LICENSE/CHANGELOG, the tsconfigs — into `into`, with this
 * repository's node_modules linked for tsc. The tarball holds what a clean clone's would.
 */
function stagePackage(into: string) {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { files?: string[] }
  const entries = new Set(['package.json', 'tsconfig.json', 'tsconfig.build.json', ...(pkg.files ?? [])])
  for (const name of readdirSync(repo)) if (/^(readme|licen[cs]e|changelog)\b/i.test(name)) entries.add(name)
  entries.delete('dist')
  mkdirSync(into)
  for (const entry of entries) {
    if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(into, entry), { recursive: true })
  }
  symlinkSync(join(repo, 'node_modules'), join(into, 'node_modules'), isWindows ? 'junction' : 'dir')
}

/**
 * Packs this package into `tmp` as `npm publish` would: `prepare` rebuilds dist/ first. From a copy
 * of the package: the build starts by deleting dist/, which other test files (run in parallel on
 * machines with more than two cores) read through the package's self-reference.
 */
function packPackage(tmp: string): Packed {
  const staged = join(tmp, 'package')
  stagePackage(staged)
  const pack = run('npm', ['pack', '--json', '--pack-destination', tmp], staged, 180_000)
  const tarballs = readdirSync(tmp).filter((f) => f.endsWith('.tgz'))
  if (pack.code !== 0 || tarballs.length !== 1) throw new Error(show('npm pack', pack))
  // stdout starts with the prepare script's own output; the JSON report follows it.
  const start = pack.stdout.search(/^\[$/m)
  const report = JSON.parse(pack.stdout.slice(start)) as Array<{ files: Array<{ path: string }> }>
  return { tarball: join(tmp, tarballs[0]!), files: report[0]!.files.map((f) => f.path) }
}

/** The Vitest line npm must pick for this Node: 5 needs Node ^22.12 or >= 24. */
const LINE = (() => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number]
  return major >= 24 || (major === 22 && minor >= 12) ? 5 : 4
})()

function write(root: string, path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), text)
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n'

// --- the newcomer's project -------------------------------------------------------------------

const VITEST_CONFIG = `import { defineConfig } from 'vitest/config'
import { privacyGates } from 'vitest-privacy-gates/plugin'

export default defineConfig({
  plugins: [privacyGates({ config: 'privacy-gates.json' })],
  test: { testTimeout: 120_000 },
})
`

// Both models are gated on membership AUC under the loss attack, max 0.6: the regularised model
// measures ≈ 0.54 (passes), the leaky one ≈ 0.72 (fails); see fixtures/models/README.md. Clean
// accuracy (≈ 0.94 and ≈ 0.90) passes for both, so the leaky model fails exactly one of two gates.
// No extraction gate: training a surrogate would cost seconds and this test checks the packaging,
// not the attacks.
const THRESHOLDS = {
  $schema: './node_modules/vitest-privacy-gates/schema/thresholds.schema.json',
  defaults: {
    data: { label: 'label', scale: 0.0625 },
    gates: { cleanAccuracy: { min: 0.85 } },
    seed: 0,
  },
  models: {
    'digits-regularised': {
      description: '64-64-10 MLP, L2 3e-3, 20 epochs on 600 members: the release candidate.',
      target: { type: 'tfjs', path: 'models/digits-regularised/model.json' },
      data: { members: 'data/members.csv', nonMembers: 'data/non-members.csv' },
      gates: { membershipAuc: { max: 0.6, attack: 'loss' } },
    },
    'digits-leaky': {
      description: '64-256-10 MLP that memorised its 100 members.',
      target: { type: 'tfjs', path: 'models/digits-leaky/model.json' },
      data: { members: 'data/members-leaky.csv', nonMembers: 'data/non-members.csv' },
      gates: { membershipAuc: { max: 0.6, attack: 'loss' } },
    },
  },
}

// No node: imports — the project has no @types/node (tsconfig `types: []`, as `tsc --init` writes).
const TEST_FILE = `import { expect, test } from 'vitest'
import { loadGateModel } from 'vitest-privacy-gates'

test('digits-regularised passes its release gates', async () => {
  await expect(await loadGateModel('digits-regularised')).toPassReleaseGates()
})

test('digits-regularised: membership AUC below the limit in privacy-gates.json', async () => {
  await expect(await loadGateModel('digits-regularised')).toHaveMembershipAucBelow()
})

// Meant to fail: this is the red CI run a leaky model must cause.
test('digits-leaky passes its release gates', async () => {
  await expect(await loadGateModel('digits-leaky')).toPassReleaseGates()
})
`

const MISSPELT_FILE = `import { expect, test } from 'vitest'
import { loadGateModel } from 'vitest-privacy-gates'

test('a typo', async () => {
  await expect(await loadGateModel('digits-leaky')).toPassReleaseGate()
})
`

// What TypeScript 5.9's \`tsc --init\` writes (types: [], nodenext, strict, exactOptionalPropertyTypes,
// noUncheckedIndexedAccess, skipLibCheck), minus the emit options.
const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    noUncheckedSideEffectImports: true,
    moduleDetection: 'force',
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['vitest.config.ts', 'test'],
}

/** Paths inside the tarball (without the `package/` prefix), from `npm pack --json`. */
let packed: string[] = []
let tmp = ''
let project = ''
let vitest: Run

describe("a newcomer's check: the packed package in a fresh project", () => {
  beforeAll(() => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), 'privacy-gates-newcomer-')))
    project = join(tmp, 'project')
    mkdirSync(project)

    // 1. Pack, as `npm publish` would (or take the second toolchain's tarball, packed the same way).
    const started = Date.now()
    const pkg = toolchain.packed ?? packPackage(tmp)
    const pack = { ms: Date.now() - started }
    packed = pkg.files

    // 2. The project: the fixture models and digits splits, copied in (no path leads back here).
    write(project, 'package.json', json({ name: 'newcomer', version: '1.0.0', private: true, type: 'module' }))
    for (const model of ['digits-regularised', 'digits-leaky']) {
      cpSync(join(fixtures, 'models', model), join(project, 'models', model), { recursive: true })
    }
    for (const file of ['members.csv', 'members-leaky.csv', 'non-members.csv', 'pool.csv']) {
      cpSync(join(fixtures, 'data/digits-split', file), join(project, 'data', file))
    }
    write(project, 'vitest.config.ts', VITEST_CONFIG)
    write(project, 'privacy-gates.json', json(THRESHOLDS))
    write(project, 'test/digits.privacy.test.ts', TEST_FILE)
    write(project, 'typos/misspelt-matcher.ts', MISSPELT_FILE)
    write(project, 'tsconfig.json', json(TSCONFIG))
    write(project, 'tsconfig.typos.json', json({ extends: './tsconfig.json', include: ['typos'] }))

    // 3. Install, as the README says (`npm install -D vitest vitest-privacy-gates @tensorflow/tfjs`:
    // no Vitest version, no flags, so npm picks the line for this Node), with every optional dependency. Not --omit=optional: it also
    // drops the platform bindings Vite 8 needs (@rolldown/binding-*, lightningcss-*), and Vitest
    // then cannot start ("Cannot find native binding"). The package's optional
    // @tensorflow/tfjs-node is attempted too: where its install script cannot download
    // libtensorflow (only the npm registry is reachable here and in CI) it fails within a second and
    // npm drops it, so the models run on the wasm backend as in this repository's own tests.
    // Measured on the 2-core development machine, warm cache: 11.5 s (8.6 s with --omit=optional,
    // which does not work). --prefer-offline: the cache is warm from this repository's own install.
    const install = run(
      'npm',
      ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', 'vitest', pkg.tarball, '@tensorflow/tfjs', `typescript@${toolchain.typescriptVersion}`],
      project,
      300_000,
    )
    if (install.code !== 0) throw new Error(show('npm install', install))

    // 4. The project's own Vitest, as its CI would run it.
    vitest = run(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run'], project, 300_000, {
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      CI: 'true',
    })
    const s = (r: { ms: number }) => `${(r.ms / 1000).toFixed(1)} s`
    console.log(`newcomer's check: npm pack ${s(pack)}, npm install ${s(install)}, vitest run ${s(vitest)}`)
  }, 600_000)

  afterAll(() => {
    if (!tmp) return
    if (process.env.PRIVACY_GATES_KEEP_NEWCOMER) {
      console.log(`newcomer project kept in ${project}`)
      return
    }
    // The link to this repository's node_modules first, so nothing can follow it.
    if (existsSync(join(tmp, 'package'))) rmSync(join(tmp, 'package', 'node_modules'), { force: true })
    rmSync(tmp, { recursive: true, force: true })
  })

  it(`npm picked Vitest ${LINE} on Node ${process.versions.node}, with no flag, beside the package's peer range`, () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }
    expect(installed.version.split('.')[0], `Vitest ${installed.version} installed`).toBe(String(LINE))
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    expect(manifest.devDependencies.vitest).toMatch(new RegExp(`^\\^${LINE}\\.`))
  })

  it('the tarball ships what a user needs, and nothing of the repository around it', () => {
    const list = packed.join('\n')
    for (const file of [
      'package.json',
      'README.md',
      'bin/privacy-gates.js',
      'schema/thresholds.schema.json',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/setup.js',
      'dist/setup.d.ts',
      'dist/plugin.js',
      'dist/plugin.d.ts',
      'dist/cli/bin.js',
      'fixtures/data/digits.csv', // the lab's default data set
    ]) {
      expect(packed, `${file} missing from the tarball:\n${list}`).toContain(file)
    }
    expect(existsSync(join(project, THRESHOLDS.$schema)), `the $schema of privacy-gates.json (${THRESHOLDS.$schema}) is not installed`).toBe(true)
    const unwanted = packed.filter((p) => /^(test|examples|scripts|bench|results|node_modules|\.ci|\.git)\//.test(p) || /^tsconfig.*\.json$/.test(p))
    expect(unwanted, 'repository-only files in the tarball').toEqual([])
  })

  it("every dist/ module's source ships too (its sourcemap points into src/)", () => {
    const orphans = packed
      .filter((p) => p.startsWith('dist/') && p.endsWith('.js'))
      .filter((p) => !packed.includes(p.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')))
    expect(orphans, 'dist/ modules without their src/ file in the tarball').toEqual([])
  })

  it("the project's vitest run fails: one failed (the leaky model), two passed", () => {
    expect(vitest.code, show('vitest run', vitest)).toBe(1)
    expect(vitest.out, show('vitest run', vitest)).toMatch(/Tests\s+1 failed \| 2 passed \(3\)/)
    expect(vitest.out, show('vitest run', vitest)).toMatch(/✓ .*digits-regularised passes its release gates/)
    expect(vitest.out, show('vitest run', vitest)).toMatch(/✓ .*digits-regularised: membership AUC below the limit in privacy-gates\.json/)
    expect(vitest.out, show('vitest run', vitest)).not.toMatch(/Unhandled|Sourcemap for/)
  })

  it("the failure names the model, the gate, the value against the limit, the key to edit and the file", () => {
    const out = vitest.out
    const file = join(project, 'privacy-gates.json')
    const context = show('vitest run', vitest)
    expect(out, context).toContain('FAIL  test/digits.privacy.test.ts > digits-leaky passes its release gates')
    expect(out, context).toContain(`digits-leaky: 1 of 2 release gates failed (${file})`)
    expect(out, context).toMatch(/✗ membershipAuc: membership auc 0\.\d{3} ≥ 0\.600 \(over by 0\.\d{3}\) · loss/i)
    expect(out, context).toContain(`edit models.digits-leaky.gates.membershipAuc.max in ${file}`)
    expect(out, context).toMatch(/✓ cleanAccuracy: clean accuracy 0\.\d{3} > 0\.850/i)
    expect(out, context).toMatch(/❯ test\/digits\.privacy\.test\.ts:\d+:\d+/)
  })

  it('the privacy-gates binary checks the same file outside Vitest', () => {
    const check = run('npm', ['exec', '--no', '--', 'privacy-gates', 'check'], project, 120_000)
    expect(check.code, show('npm exec privacy-gates check', check)).toBe(1)
    expect(check.out, show('npm exec privacy-gates check', check)).toMatch(/digits-leaky +membershipAuc +0\.\d{3} +< 0\.600 +error +FAIL/)
    expect(check.out, show('npm exec privacy-gates check', check)).toContain('3 passed, 1 failed')
  })

  it("the project's tsc accepts the test file and vitest.config.ts (strict, nodenext, no @types/node)", () => {
    const tsc = run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', 'tsconfig.json'], project, 120_000)
    expect(tsc.code, show('tsc -p tsconfig.json', tsc)).toBe(0)
  })

  it("the project's tsc rejects a misspelt matcher", () => {
    const tsc = run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', 'tsconfig.typos.json'], project, 120_000)
    expect(tsc.code, show('tsc -p tsconfig.typos.json', tsc)).not.toBe(0)
    expect(tsc.out, show('tsc -p tsconfig.typos.json', tsc)).toMatch(
      /typos\/misspelt-matcher\.ts\(5,\d+\): error TS\d+: Property 'toPassReleaseGate' does not exist/,
    )
  })
})
