/**
 * Parallel training of reference models: the 8 models of a LiRA run (k = 8) on the digits attacker
 * pool, trained in this thread (`workers: 1`, the baseline) and with `workers: 2` (this thread plus
 * one worker thread), alternately in the same process. Prints the median times, the speed-up, and
 * whether the predictions are identical (they must be, bit for bit, in every run).
 *
 *   npx tsx bench/reference.ts [runs] [hidden] [epochs]   # defaults: 3 256 30 (64-256-10, like the leaky fixture)
 */
import os from 'node:os'
import { pairedHalves, referenceSettings, trainReferenceModels } from '../src/attacks/membership/reference-models.js'
import { toDense } from '../src/data/dataset.js'
import { loadDataset } from '../src/data/load.js'
import type { Matrix } from '../src/data/matrix.js'
import { createRng } from '../src/data/rng.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'
import { trainClassifier } from '../src/runtime/train.js'
import { median } from './timing.js'

const K = 8
const runs = Math.max(1, Number(process.argv[2] ?? 3))
const hidden = Number(process.argv[3] ?? 256)
const epochs = Number(process.argv[4] ?? 30)
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

const same = (a: Matrix[][], b: Matrix[][]) => a.every((per, j) => per.every((m, i) => {
  const other = b[j][i].data
  return m.data.length === other.length && m.data.every((v, r) => Object.is(v, other[r]))
}))

const serialTimes: number[] = []
const parallelTimes: number[] = []
let identical = true
for (let i = 0; i < runs; i++) {
  const serial = await run(1)
  const parallel = await run(2)
  serialTimes.push(serial.seconds)
  parallelTimes.push(parallel.seconds)
  identical &&= same(serial.predictions, parallel.predictions)
}
const s1 = median(serialTimes)
const s2 = median(parallelTimes)
const rows = pairedHalves(pool.y.length, K, createRng(0))[0].length

console.log(`backend ${activeBackend()}, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(2)}; ` +
  `${K} reference models 64-${hidden}-10, ${epochs} epochs, batch 32, ~${rows} rows each, predicting ${members.y.length + nonMembers.y.length} rows; median of ${runs}`)
console.log(`workers: 1 (this thread, baseline)              ${s1.toFixed(2)} s   1.00`)
console.log(`workers: 2 (this thread + 1 worker thread)      ${s2.toFixed(2)} s   ${(s2 / s1).toFixed(2)}`)
console.log(`\nspeed-up ${(s1 / s2).toFixed(2)}×   predictions identical in every run: ${identical ? 'yes' : 'NO'}`)
if (!identical) process.exitCode = 1
