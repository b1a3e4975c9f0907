/**
 * Reference models from a recipe, in worker threads: the 8 models of a LiRA run (k = 8) on the
 * digits attacker pool, each a small tfjs CNN (`test/fixtures/recipes/cnn.ts`: 8×8×1 → 3×3 conv,
 * 6 filters → dense softmax, trained on the cpu backend) given as a module path, trained in this
 * thread (`workers: 1`, the baseline) and with `workers: 2` (this thread plus one worker thread),
 * alternately in the same process. Prints the median times, the speed-up, and whether the answers
 * are identical (they must be, bit for bit, in every run).
 *
 *   npx tsx bench/recipes.ts [runs] [epochs] [--dist] [--ceiling]   # defaults: 3 runs, 10 epochs
 *
 * `--ceiling` adds what two cores give at all here: the serial baseline in two processes side by
 * side against one alone (their throughput ratio bounds any speed-up of `workers: 2`; on a
 * machine shared with other work it is well below 2).
 *
 * The parallel time includes starting the worker thread whenever no warm one is left from the
 * previous run (idle workers end after 5 s, shorter than a serial run here): loading tsx,
 * TensorFlow.js and the recipe, as a user's audit would. `--dist` runs the built package
 * (`npm run build` first), whose worker starts from JavaScript; from the sources it also compiles
 * the package's modules with tsx.
 */
import os from 'node:os'
import type { Matrix } from '../src/data/matrix.js'
import { referenceBenchModules } from './reference-modules.js'
import { printCeiling, runAsChild, serialThenParallel } from './timing.js'

const args = process.argv.slice(2)
const fromDist = args.includes('--dist')
const ceiling = args.includes('--ceiling')
const childMode = args.includes('--child')
const [runsArg, epochsArg] = args.filter((a) => !a.startsWith('--'))
const runs = Math.max(1, Number(runsArg ?? 3))
const epochs = Math.max(1, Number(epochsArg ?? 10))
// Read by the recipe module when it is imported, here and in the worker (which inherits the environment).
process.env.RECIPE_CNN_EPOCHS = String(epochs)

const { pairedHalves, referenceSettings, trainReferenceModels, toDense, loadDataset, createRng, activeBackend, initBackend } = await referenceBenchModules(fromDist)

const K = 8
const root = new URL('../', import.meta.url).pathname
const recipe = `${root}test/fixtures/recipes/cnn.ts`
const load = async (file: string) => toDense(await loadDataset(`${root}fixtures/data/digits-split/${file}`, { scale: 1 / 16 }), file)

await initBackend()
const pool = await load('pool.csv')
const members = await load('members.csv')
const nonMembers = await load('non-members.csv')
const predict = [members.x, nonMembers.x]

async function run(workers: number): Promise<{ seconds: number; predictions: Matrix[][] }> {
  const settings = referenceSettings({ k: K, recipe, workers }, K)
  const t = performance.now()
  const { predictions } = await trainReferenceModels(pool, 10, settings, createRng(0), predict)
  return { seconds: (performance.now() - t) / 1000, predictions }
}

// Warm-up in this thread (tsx compiling the recipe, tfjs kernels, JIT), so the baseline is not charged for it.
await trainReferenceModels(pool, 10, referenceSettings({ k: 1, recipe, workers: 1 }, 1), createRng(1), [members.x])

if (childMode) await runAsChild(run)

const { serialTimes, parallelTimes, identical, serial: s1, parallel: s2 } = await serialThenParallel(runs, run)
const rows = pairedHalves(pool.y.length, K, createRng(0))[0].length

console.log(`${fromDist ? 'built package (dist/)' : 'TypeScript sources (tsx)'}, tfjs backend ${activeBackend()} (the recipe trains on cpu), ` +
  `${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(2)}; ` +
  `${K} CNN reference models from a recipe module, ${epochs} epochs, batch 32, ~${rows} rows each, answering ${members.y.length + nonMembers.y.length} rows; median of ${runs}`)
console.log(`runs (s): workers 1 [${serialTimes.map((s) => s.toFixed(2)).join(', ')}], workers 2 [${parallelTimes.map((s) => s.toFixed(2)).join(', ')}]`)
console.log(`workers: 1 (this thread, baseline)              ${s1.toFixed(2)} s   1.00`)
console.log(`workers: 2 (this thread + 1 worker thread)      ${s2.toFixed(2)} s   ${(s2 / s1).toFixed(2)}`)
console.log(`\nspeed-up ${(s1 / s2).toFixed(2)}× (goal ≥ 1.7×)   answers identical in every run: ${identical ? 'yes' : 'NO'}`)
if (!identical) process.exitCode = 1

if (ceiling) await printCeiling(new URL(import.meta.url).pathname, ['1', String(epochs), '--child', ...(fromDist ? ['--dist'] : [])], 1, s1 / s2)
