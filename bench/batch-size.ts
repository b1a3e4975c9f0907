/**
 * How rows per call change an in-process target's speed: the curve behind `autoBatchRows`
 * (src/targets/batch-size.ts). For each fixture model, the same rows are answered through its
 * target at several batch sizes, interleaved round by round; the table gives each size's median
 * time and its speed relative to 512 rows a call (the old default for every target).
 *
 * - ONNX digits (`fixtures/models/digits-regularised-onnx`, 64 features, 256 B a row), 100,000 rows;
 * - ONNX Fashion-MNIST CNN (`fixtures/models/fashion-cnn.onnx`, 784 features, 3 KiB a row,
 *   transposed to NCHW), 10,000 rows;
 * - tfjs digits (`fixtures/models/digits-regularised`, `kernel: false`) and the tfjs Fashion-MNIST
 *   CNN (`fixtures/models/fashion-cnn`), on the wasm backend, 10,000 and 4,000 rows.
 *
 * Rows are the fixtures' records tiled (values do not change the time of these models). The line
 * `auto` is the target without `batchSize`, i.e. the rule itself.
 *
 *   npx tsx bench/batch-size.ts [runs]     # median of 5 rounds by default
 */
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { loadDataset } from '../src/data/load.js'
import type { Matrix } from '../src/data/matrix.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'
import { loadTfModel } from '../src/runtime/model-io.js'
import { autoBatchRows } from '../src/targets/batch-size.js'
import { fromTfModel } from '../src/targets/from-tf-model.js'
import { onnxTarget } from '../src/targets/onnx/onnx-target.js'
import type { Target } from '../src/targets/target.js'
import { median } from './timing.js'

const runs = Math.max(1, Number(process.argv[2] ?? 5))
const root = fileURLToPath(new URL('../fixtures/', import.meta.url))
await initBackend()

function tile(x: Matrix, rows: number): Matrix {
  const data = new Float32Array(rows * x.cols)
  for (let r = 0; r < rows; r++) data.set(x.data.subarray((r % x.rows) * x.cols, (r % x.rows + 1) * x.cols), r * x.cols)
  return { data, rows, cols: x.cols }
}
const digits = await loadDataset(`${root}data/digits.csv`, { scale: 1 / 16 })
const fashion = await loadDataset({ x: `${root}data/fashion-mnist/pool-x.npy`, y: `${root}data/fashion-mnist/pool-y.npy` }, { scale: 1 / 255 })
const digitRows = (n: number) => tile({ data: digits.x, rows: digits.rows, cols: digits.features }, n)
const fashionRows = (n: number) => tile({ data: fashion.x, rows: fashion.rows, cols: fashion.features }, n)

const SIZES = [256, 512, 1024, 2048, 4096, 8192, 16384]
const cases: Array<{ name: string; x: Matrix; make: (batchSize?: number) => Promise<Target> }> = [
  { name: 'onnx digits', x: digitRows(100_000), make: (batchSize) => onnxTarget(`${root}models/digits-regularised-onnx/model.onnx`, { batchSize }) },
  { name: 'onnx fashion-cnn', x: fashionRows(10_000), make: (batchSize) => onnxTarget(`${root}models/fashion-cnn.onnx`, { batchSize }) },
  { name: 'tfjs digits', x: digitRows(10_000), make: async (batchSize) => fromTfModel(await loadTfModel(`${root}models/digits-regularised/model.json`), { batchSize, kernel: false }) },
  { name: 'tfjs fashion-cnn', x: fashionRows(4_000), make: async (batchSize) => fromTfModel(await loadTfModel(`${root}models/fashion-cnn/model.json`), { batchSize, kernel: false }) },
]

console.log(`node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}, tfjs backend ${activeBackend()}; median of ${runs} rounds`)
for (const c of cases) {
  const sizes = SIZES.filter((s) => s <= c.x.rows)
  const targets = new Map<string, Target>()
  for (const s of sizes) targets.set(String(s), await c.make(s))
  targets.set('auto', await c.make())
  const times = new Map<string, number[]>([...targets.keys()].map((k) => [k, []]))
  for (const t of targets.values()) await t.query(c.x) // warm-up
  for (let r = 0; r < runs; r++) {
    for (const [k, t] of targets) {
      const start = performance.now()
      await t.query(c.x)
      times.get(k)!.push((performance.now() - start) / 1000)
    }
  }
  const base = median(times.get('512')!)
  console.log(`\n${c.name}: ${c.x.rows} rows of ${c.x.cols} features (${(c.x.cols * 4).toLocaleString('en')} B a row); auto = ${autoBatchRows(c.x.cols)} rows`)
  for (const [k, v] of times) {
    const s = median(v)
    const kib = k === 'auto' ? autoBatchRows(c.x.cols) * c.x.cols * 4 / 1024 : Number(k) * c.x.cols * 4 / 1024
    console.log(`  ${k.padStart(5)} rows a call (${kib.toFixed(0).padStart(6)} KiB)  ${s.toFixed(4)} s   ${(base / s).toFixed(2)}× the speed of 512`)
  }
  for (const t of targets.values()) t.dispose?.()
}
