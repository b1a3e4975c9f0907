import { trainMany, liveTrainWorkers } from './dist/runtime/train-many.js'
const x = { data: new Float32Array(40 * 2).map((_, i) => (i * 7919) % 13 / 13), rows: 40, cols: 2 }
const y = new Int32Array(40).map((_, i) => i % 2)
const job = (seed) => ({ spec: { features: 2, hidden: [4], classes: 2 }, x, y, options: { epochs: 2, batchSize: 8, learningRate: 0.01, seed }, predict: [x] })
const a = await trainMany([job(1), job(2)], { workers: 2 })
const b = await trainMany([job(1), job(2)], { workers: 1 })
console.log('done', a.length, liveTrainWorkers(), a.every((r, j) => r[0].data.every((v, i) => v === b[j][0].data[i])))
