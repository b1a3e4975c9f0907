/**
 * Parallel training of reference models: the 8 models of a LiRA run (k = 8) on the digits attacker
 * pool, trained in this thread (`workers: 1`, the baseline) and with `workers: 2` (this thread plus
 * one worker thread), alternately in the same process. Prints the median times, the speed-up, and
 * whether the predictions are identical (they must be, bit for bit, in every run).
 *
 *   npx tsx bench/reference.ts [runs] [hidden] [epochs] [--dist]   # defaults: 3 256 30 (64-256-10, like the leaky fixture)
 *
 * `--ceiling` adds what two cores can give at all here: the serial baseline run in two independent
 * processes side by side, against one alone (their throughput ratio bounds any speed-up of
 * `workers: 2`; on a shared 2-vCPU machine it is well below 2).
 *
 * `--dist` runs the built package (`npm run build` first), as users do: its worker threads start
 * from JavaScript in tens of milliseconds, while from the TypeScript sources each worker first
 * loads tsx to compile the modules it imports (a few hundred milliseconds).
 */
import os from 'node:os'
import type { Matrix } from '../src/data/matrix.js'
import { referenceBenchModules } from './reference-modules.js'
import { printCeiling, runAsChild, serialThenParallel } from './timing.js'

const args = process.argv.slice(2)
const fromDist = args.includes('--dist')
const ceiling = args.includes('--ceiling')
const childMode = args.includes('--child')
const [runsArg, hiddenArg, epochsArg] = args.filter((a) => !a.startsWith('--'))
const { pairedHalves, referenceSettings, trainReferenceModels, toDense, loadDataset, createRng, activeBackend, initBackend, trainClassifier } = await referenceBenchModules(fromDist)

const K = 8
const runs = Math.max(1, Number(runsArg ?? 3))
const hidden = Number(hiddenArg ?? 256)
const epochs = Number(epochsArg ?? 30)
const root = new URL('../', import.meta.url).pathname
const load = async (file: string) => toDense(await loadDataset(`${root}fixtures/data/digits-split/${file}`, { scale: 1 / 16 }), file)

await initBackend()
const pool = await load('pool.csv')
const members = await load('members-leaky.csv')
const nonMembers = await load('non-members.csv')
const predict = [members.x, nonMembers.x]

// Warm-up in this thread (wasm compilation, JIT), so the serial baseline is not charged for it.
const warm = await trainClassifier({ features: 64, hidden: [hidden], classes: 10 }, pool.x, pool.y, { epochs: 1, batchSize: 32, learningRate: 1e-3, seed: 0 })
warm.dispose()

async function run(workers: number): Promise<{ seconds: number; predictions: Matrix[][] }> {
  const settings = referenceSettings({ k: K, hidden: [hidden], epochs, workers }, K)
  const t = performance.now()
  const { predictions } = await trainReferenceModels(pool, 10, settings, createRng(0), predict)
  return { seconds: (performance.now() - t) / 1000, predictions }
}

if (childMode) await runAsChild(run)

const { identical, serial: s1, parallel: s2 } = await serialThenParallel(runs, run)
const rows = pairedHalves(pool.y.length, K, createRng(0))[0].length

console.log(`${fromDist ? 'built package (dist/)' : 'TypeScript sources (tsx)'}, engine ${process.env.PRIVACY_GATES_ENGINE ?? 'auto'}, tfjs backend ${activeBackend()}, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(2)}; ` +
  `${K} reference models 64-${hidden}-10, ${epochs} epochs, batch 32, ~${rows} rows each, predicting ${members.y.length + nonMembers.y.length} rows; median of ${runs}`)
console.log(`workers: 1 (this thread, baseline)              ${s1.toFixed(2)} s   1.00`)
console.log(`workers: 2 (this thread + 1 worker thread)      ${s2.toFixed(2)} s   ${(s2 / s1).toFixed(2)}`)
console.log(`\nspeed-up ${(s1 / s2).toFixed(2)}×   predictions identical in every run: ${identical ? 'yes' : 'NO'}`)
if (!identical) process.exitCode = 1

if (ceiling) await printCeiling(new URL(import.meta.url).pathname, ['1', String(hidden), String(epochs), '--child', ...(fromDist ? ['--dist'] : [])], runs, s1 / s2)
