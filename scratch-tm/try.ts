import { trainMany, liveTrainWorkers } from '../src/runtime/train-many.js'
import { createRng } from '../src/data/rng.js'
const rng = createRng(1)
const n = 200, f = 8
const x = { data: new Float32Array(n * f).map(() => rng.normal()), rows: n, cols: f }
const y = new Int32Array(n).map(() => rng.int(3))
const jobs = [0, 1, 2, 3].map((s) => ({ spec: { features: f, hidden: [16], classes: 3 }, x, y, options: { epochs: 5, batchSize: 32, learningRate: 1e-2, seed: s }, predict: [x] }))
let t = performance.now()
const a = await trainMany(jobs, { workers: 1 })
console.log('serial', performance.now() - t)
t = performance.now()
const b = await trainMany(jobs, { workers: 2 })
console.log('parallel', performance.now() - t, liveTrainWorkers())
console.log(a.every((r, j) => r[0].data.every((v, i) => Object.is(v, b[j][0].data[i]))))
