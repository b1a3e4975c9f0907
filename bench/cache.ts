/**
 * The reference cache (docs/reference-cache.md): `privacy-gates check` with a LiRA gate (k = 16
 * reference models, 64-256-10, 400 epochs by default) on the digits fixture (ONNX target), run
 * twice through the built CLI on one fresh cache folder. The first run trains the 16 models (the
 * baseline: what every run paid before the cache); the second reads them and trains nothing.
 * Prints both times, their ratio (goal ≥ 10×) and whether the two runs printed the same gate table.
 *
 * Then the same with reference models trained by a module recipe (docs/recipes.md): the tiny CNN
 * of `test/fixtures/recipes/cnn.ts` (8×8×1 → 3×3 conv → dense, cpu backend) named by
 * `attackSettings.recipe`, `recipeK` models of `recipeEpochs` epochs on the digits pool, in worker
 * threads: its models are cached by the module's content hash, so the second run trains none.
 *
 *   npm run build && npx tsx bench/cache.ts [epochs] [k] [recipeEpochs] [recipeK]   # defaults: 400 16 10 8
 *
 * Whole processes are timed, start-up included (loading tfjs and the ONNX runtime), as CI sees them:
 * wall-clock seconds, and the CPU seconds the process used (all its threads), which a machine shared
 * with other work distorts less.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const [epochsArg, kArg, recipeEpochsArg, recipeKArg] = process.argv.slice(2)
const epochs = Number(epochsArg ?? 400)
const k = Number(kArg ?? 16)
const recipeEpochs = Number(recipeEpochsArg ?? 10)
const recipeK = Number(recipeKArg ?? 8)
const repo = fileURLToPath(new URL('../', import.meta.url))
const fixture = (...p: string[]) => join(repo, 'fixtures', ...p)
const dir = mkdtempSync(join(tmpdir(), 'pg-bench-cache-'))
/** Writes a thresholds file with one LiRA gate on the digits ONNX fixture and its own cache folder. */
function writeConfig(name: string, attackSettings: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`)
  writeFileSync(path, JSON.stringify({
    defaults: { data: { label: 'label', scale: 0.0625 }, cache: `cache-${name}`, attackSettings },
    models: {
      digits: {
        target: { type: 'onnx', path: fixture('models', 'digits-regularised-onnx', 'model.onnx') },
        data: { members: fixture('data', 'digits-split', 'members.csv'), nonMembers: fixture('data', 'digits-split', 'non-members.csv'), pool: fixture('data', 'digits-split', 'pool.csv') },
        gates: { membershipAuc: { max: 0.9, attack: 'lira' } },
      },
    },
  }))
  return path
}

// Loaded into the CLI process: writes the CPU time of the whole process (every thread) when it exits.
const cpuHook = join(dir, 'cpu-hook.mjs')
const cpuFile = join(dir, 'cpu.json')
writeFileSync(cpuHook, `import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(process.cpuUsage())))\n`)

interface Run { seconds: number; cpu: number; table: string }

function check(config: string, env: NodeJS.ProcessEnv = process.env): Run {
  const t = performance.now()
  const r = spawnSync(process.execPath, ['--import', cpuHook, join(repo, 'bin', 'privacy-gates.js'), 'check', '--config', config, '--html', join(dir, 'report.html'), '--quiet'], { cwd: dir, encoding: 'utf8', env })
  const seconds = (performance.now() - t) / 1000
  if (r.status !== 0) throw new Error(`check exited ${r.status}: ${r.stderr}`)
  const { user, system } = JSON.parse(readFileSync(cpuFile, 'utf8')) as { user: number; system: number }
  return { seconds, cpu: (user + system) / 1e6, table: r.stdout.split('\nHTML report')[0] }
}

/** Runs `check` twice on one fresh cache folder and prints both runs, their ratios and whether the tables match. */
function firstAndSecond(title: string, config: string, trains: string, env?: NodeJS.ProcessEnv): void {
  console.log(`\n${title}`)
  const first = check(config, env)
  const second = check(config, env)
  const row = (what: string, r: Run) => console.log(`${what.padEnd(46)}${r.seconds.toFixed(2).padStart(9)}${r.cpu.toFixed(2).padStart(9)}`)
  console.log(`${'run'.padEnd(46)}${'wall s'.padStart(9)}${'CPU s'.padStart(9)}`)
  row(`first: trains ${trains} (baseline)`, first)
  row('second: reads them from the cache', second)
  console.log(`first / second  wall ${(first.seconds / second.seconds).toFixed(1)}×, CPU ${(first.cpu / second.cpu).toFixed(1)}×   (goal ≥ 10×)`)
  console.log(`same gate table: ${first.table === second.table ? 'yes' : 'NO'}`)
  if (first.table !== second.table) process.exitCode = 1
}

try {
  console.log(`digits ONNX fixture, caches under ${dir}`)
  firstAndSecond(`check with LiRA k = ${k} (64-256-10, ${epochs} epochs)`, writeConfig('mlp', { k, hidden: [256], epochs }), `${k} reference models`)
  const recipe = join(repo, 'test', 'fixtures', 'recipes', 'cnn.ts')
  firstAndSecond(
    `check with LiRA k = ${recipeK}, reference models from the CNN recipe (test/fixtures/recipes/cnn.ts, ${recipeEpochs} epochs, worker threads)`,
    writeConfig('recipe', { k: recipeK, recipe }), `${recipeK} CNNs with the recipe`, { ...process.env, RECIPE_CNN_EPOCHS: String(recipeEpochs) },
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
