/**
 * Training speed of `trainClassifier`'s engines beside scikit-learn, in one run, with the accuracy
 * each reached on the same split:
 *
 * 1. the quick lab's target: 64-256-10 MLP, Adam 1e-3, batch 32, 200 epochs, on the lab's 600
 *    members of digits (seed 0 split, features / 16), accuracy on its 600 non-members — engines
 *    `wasm` (the default), `tfjs` (TensorFlow.js on its wasm backend) and optionally `js`;
 * 2. the 8 reference models of a LiRA run (k = 8) on the digits attacker pool (~298 rows each),
 *    with `workers: 1` and `workers: 2` (`trainMany`), and serially on `tfjs`.
 *
 * scikit-learn (`MLPClassifier`, same split, same hyper-parameters) fits in a `/usr/bin/python3`
 * child; only its fit calls are timed. Skipped, and said so, when it is not installed.
 *
 *   npx tsx bench/train.ts [runs] [--js]        # median of runs (default 3); --js adds the plain-JS engine
 */
import os from 'node:os'
import { pairedHalves, referenceSettings, trainReferenceModels } from '../src/attacks/membership/reference-models.js'
import { toDense } from '../src/data/dataset.js'
import { loadDataset } from '../src/data/load.js'
import { argmaxRows, takeRows, type Matrix } from '../src/data/matrix.js'
import { createRng } from '../src/data/rng.js'
import { permutation, splitSizes } from '../src/data/split.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'
import type { EngineName } from '../src/runtime/classifier.js'
import { ENGINE_ENV } from '../src/runtime/engine/choose.js'
import { trainClassifier } from '../src/runtime/train-classifier.js'
import { hasSklearn, sklearnFits } from './sklearn.js'
import { median } from './timing.js'

const args = process.argv.slice(2)
const runs = Math.max(1, Number(args.find((a) => /^\d+$/.test(a)) ?? 3))
const engines: EngineName[] = args.includes('--js') ? ['wasm', 'tfjs', 'js'] : ['wasm', 'tfjs']
const root = new URL('../', import.meta.url).pathname
await initBackend()

// ---- the quick lab's split (as src/lab/run-lab.ts: permutation with seed 0, 600 / 600 / rest) ----
const digits = await loadDataset(`${root}fixtures/data/digits.csv`)
const all: Matrix = { data: digits.x.map((v) => v / 16), rows: digits.rows, cols: digits.features }
const [mi, ni] = splitSizes(permutation(digits.rows, createRng(0)), [600, 600], true)
const members = { x: takeRows(all, mi), y: Int32Array.from(mi, (i) => digits.y[i]) }
const nonMembers = { x: takeRows(all, ni), y: Int32Array.from(ni, (i) => digits.y[i]) }
const spec = { features: 64, hidden: [256], classes: 10 }
const targetOptions = { epochs: 200, batchSize: 32, learningRate: 1e-3, seed: 1 }

function accuracy(p: Matrix, y: Int32Array): number {
  const pred = argmaxRows(p)
  let ok = 0
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++
  return ok / y.length
}

async function target(engine: EngineName): Promise<{ seconds: number; accuracy: number }> {
  const t = performance.now()
  const clf = await trainClassifier(spec, members.x, members.y, { ...targetOptions, engine })
  const seconds = (performance.now() - t) / 1000
  try {
    return { seconds, accuracy: accuracy(await clf.predict(nonMembers.x), nonMembers.y) }
  } finally {
    clf.dispose()
  }
}

// ---- 8 reference models (as bench/reference.ts) ----
const load = async (file: string) => toDense(await loadDataset(`${root}fixtures/data/digits-split/${file}`, { scale: 1 / 16 }), file)
const pool = await load('pool.csv')
const predict = [(await load('members-leaky.csv')).x, (await load('non-members.csv')).x]
const K = 8, refHidden = [256], refEpochs = 30

async function references(workers: number, engine: EngineName): Promise<number> {
  const before = process.env[ENGINE_ENV]
  process.env[ENGINE_ENV] = engine
  try {
    const t = performance.now()
    await trainReferenceModels(pool, 10, referenceSettings({ k: K, hidden: refHidden, epochs: refEpochs, workers }, K), createRng(0), predict)
    return (performance.now() - t) / 1000
  } finally {
    if (before === undefined) delete process.env[ENGINE_ENV]
    else process.env[ENGINE_ENV] = before
  }
}

// Warm-up (wasm compilation, JIT) outside the timings.
for (const e of engines) await trainClassifier(spec, members.x, members.y, { ...targetOptions, epochs: 1, engine: e })

const times: Record<string, number[]> = {}
const accs: Record<string, number> = {}
const push = (k: string, v: number) => { (times[k] ??= []).push(v) }
for (let r = 0; r < runs; r++) {
  for (const e of engines) {
    const res = await target(e)
    push(`target ${e}`, res.seconds)
    accs[e] = res.accuracy
  }
  push('refs wasm workers 1', await references(1, 'wasm'))
  push('refs wasm workers 2', await references(2, 'wasm'))
  push('refs tfjs workers 1', await references(1, 'tfjs'))
}

let sk: { target: number[]; targetAccuracy: number; refs: number[] } | null = null
if (hasSklearn()) {
  sk = { target: [], targetAccuracy: 0, refs: [] }
  const halves = pairedHalves(pool.y.length, K, createRng(0))
  for (let r = 0; r < runs; r++) {
    const [t] = sklearnFits([{ x: members.x, y: members.y, hidden: spec.hidden, epochs: targetOptions.epochs, seed: 1 }], nonMembers)
    sk.target.push(t.seconds)
    sk.targetAccuracy = t.accuracy
    const refs = sklearnFits(halves.map((idx, j) => ({ x: takeRows(pool.x, idx), y: Int32Array.from(idx, (i) => pool.y[i]), hidden: refHidden, epochs: refEpochs, seed: j })), { x: { data: new Float32Array(0), rows: 0, cols: 64 }, y: new Int32Array(0) })
    sk.refs.push(refs.reduce((s, f) => s + f.seconds, 0))
  }
}

const m = (k: string) => median(times[k])
const line = (what: string, s: number, base: number, extra = '') => console.log(`${what.padEnd(48)}${s.toFixed(2).padStart(7)} s ${(s / base).toFixed(2).padStart(7)}${extra}`)
console.log(`node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; tfjs backend ${activeBackend()}; median of ${runs}`)
console.log('\nquick lab target: 64-256-10, 600 rows, 200 epochs, batch 32, Adam 1e-3; accuracy on the 600 non-members')
const base = sk ? median(sk.target) : m('target wasm')
console.log(`${''.padEnd(48)}seconds  vs ${sk ? 'sklearn' : 'wasm'}  accuracy`)
if (sk) line('scikit-learn MLPClassifier.fit (baseline)', base, base, `   ${sk.targetAccuracy.toFixed(4)}`)
for (const e of engines) line(`trainClassifier engine ${e}`, m(`target ${e}`), base, `   ${accs[e].toFixed(4)}`)
console.log(`\nwasm / tfjs ${(m('target wasm') / m('target tfjs')).toFixed(2)}${sk ? `   wasm / sklearn ${(m('target wasm') / base).toFixed(2)}` : '   (scikit-learn not available: /usr/bin/python3 -c "import sklearn" failed)'}`)

console.log(`\n${K} reference models: 64-${refHidden[0]}-10, ~${pairedHalves(pool.y.length, K, createRng(0))[0].length} rows each, ${refEpochs} epochs, predicting ${predict[0].rows + predict[1].rows} rows`)
const rbase = m('refs wasm workers 1')
line('engine wasm, workers: 1 (baseline)', rbase, rbase)
line('engine wasm, workers: 2', m('refs wasm workers 2'), rbase)
line('engine tfjs, workers: 1', m('refs tfjs workers 1'), rbase)
if (sk) line('scikit-learn, 8 fits one after the other', median(sk.refs), rbase)
console.log(`\nspeed-up of workers: 2 over 1: ${(rbase / m('refs wasm workers 2')).toFixed(2)}×   wasm(workers 2) / tfjs(workers 1) ${(m('refs wasm workers 2') / m('refs tfjs workers 1')).toFixed(2)}` +
  (sk ? `   wasm(workers 2) / sklearn ${(m('refs wasm workers 2') / median(sk.refs)).toFixed(2)}` : ''))
