/**
 * tfjs models answered through a faster path: for each fixture model
 * (`fixtures/models/digits-leaky`, 64-256-10, and `digits-regularised`, 64-64-10 dense networks), the rows per second of
 *
 * - `tfjs predict` — raw batched `model.predict` on the active backend (wasm), 512 rows per call,
 *   `dataSync`: the baseline;
 * - `target, kernel: false` — `fromTfModel(model, { kernel: false }).query`, i.e. tfjs through the
 *   adapter (batching, answer validation);
 * - `target (onnxruntime)` — `fromTfModel(model).query`, the default when onnxruntime-node is
 *   installed: an in-memory onnxruntime session (1 intra-op thread) once the first batch matched
 *   tfjs, with the same adapter work;
 * - `target (engine kernel)` — `fromTfModel(model, { kernel: 'engine' }).query`: the engine's kernel;
 *   these three with `batchSize: 512`, as tfjs predict is called;
 * - `target (onnxruntime), auto` / `target (engine), auto` — the same without `batchSize`, as users
 *   get them: calls sized by bytes (4096 rows here), tfjs answering a call's first 512 rows only
 *   while the path is unchecked;
 * - `ort alone, 1 thread` / `ort alone, default threads` — the session without the adapter, 512
 *   rows per `run` (as the target calls it); `ort alone, 4096/call` — 1 thread, 4096 rows per `run`;
 * - `kernel alone` — the engine's dense predictor on the same rows, without the adapter (four rows
 *   per pass over the weights, `denseRows`);
 * - `kernel, row by row` — the same predictor one row per pass (`dense`, the training kernel's).
 *
 * Each round times every variant once on the same rows (the digits non-members tiled to `ROWS`),
 * interleaved, so load changes hit all alike; the table holds the medians and each variant's speed
 * relative to `tfjs predict` (the bar: ≥ 4×). It also prints the largest
 * difference between each target's and tfjs's answers.
 *
 *   npx tsx bench/tfjs-inference.ts [runs] [rows]     # default 7 rounds, 20,000 rows
 */
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { loadDataset } from '../src/data/load.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'
import { createDensePredictor } from '../src/runtime/engine/dense-predictor.js'
import { kernelFactory } from '../src/runtime/engine/train-engine.js'
import { wasmKernelAvailable } from '../src/runtime/engine/wasm-kernel.js'
import { loadTfModel } from '../src/runtime/model-io.js'
import { tf } from '../src/runtime/tf.js'
import { readDenseStack } from '../src/runtime/tfjs-dense-stack.js'
import { fromTfModel } from '../src/targets/from-tf-model.js'
import { createOrtDensePredictor, type OrtDensePredictor } from '../src/targets/onnx/dense-session.js'
import { loadOnnxRuntime } from '../src/targets/onnx/runtime.js'
import { median } from './timing.js'

const runs = Math.max(1, Number(process.argv[2] ?? 7))
const ROWS = Math.max(512, Number(process.argv[3] ?? 20_000))
const BATCH = 512
const root = fileURLToPath(new URL('../fixtures/', import.meta.url))

await initBackend()
const digits = await loadDataset(`${root}data/digits-split/non-members.csv`, { scale: 1 / 16 })
const f = digits.features
const data = new Float32Array(ROWS * f)
for (let r = 0; r < ROWS; r++) data.set(digits.x.subarray((r % digits.rows) * f, (r % digits.rows + 1) * f), r * f)
const x = { data, rows: ROWS, cols: f }

function tfjsPredict(model: tf.LayersModel): Float32Array {
  const out = new Float32Array(ROWS * 10)
  for (let start = 0; start < ROWS; start += BATCH) {
    const n = Math.min(BATCH, ROWS - start)
    // tidy returns the tensor, not its data: tf.tidy walks a returned TypedArray element by element.
    const y = tf.tidy(() => model.predict(tf.tensor2d(data.subarray(start * f, (start + n) * f), [n, f]), { batchSize: BATCH }) as tf.Tensor)
    out.set(y.dataSync() as Float32Array, start * 10)
    y.dispose()
  }
  return out
}

/** The session's answers to every row, `per` rows per `run`. */
async function ortAlone(dense: OrtDensePredictor, per: number): Promise<void> {
  for (let start = 0; start < ROWS; start += per) {
    const n = Math.min(per, ROWS - start)
    await dense.predict({ data: data.subarray(start * f, (start + n) * f), rows: n, cols: f })
  }
}

const time = async (run: () => unknown): Promise<number> => {
  const t = performance.now()
  await run()
  return (performance.now() - t) / 1000
}

const engine = wasmKernelAvailable() ? 'wasm' : 'js'
const ort = await loadOnnxRuntime()
console.log(`${ROWS} rows of 64 features, tfjs backend ${activeBackend()}, engine kernel ${engine}; median of ${runs} rounds; load average ${os.loadavg()[0].toFixed(1)}`)
console.log('model               variant                      seconds   rows/s   × tfjs predict')
for (const name of ['digits-leaky', 'digits-regularised']) {
  const model = (await loadTfModel(`${root}models/${name}/model.json`)) as tf.LayersModel
  const stack = readDenseStack(model)
  if (typeof stack === 'string') throw new Error(`${name}: ${stack}`)
  const kernelAlone = createDensePredictor(stack.layout, stack.weights, stack, kernelFactory(engine))
  const rowByRow = createDensePredictor(stack.layout, stack.weights, stack, kernelFactory(engine), false)
  const ort1 = await createOrtDensePredictor(ort, stack, 1)
  const ortDefault = await createOrtDensePredictor(ort, stack, 0)
  const withOrt = fromTfModel(model, { batchSize: BATCH })
  const withKernel = fromTfModel(model, { batchSize: BATCH, kernel: 'engine' })
  const withoutKernel = fromTfModel(model, { batchSize: BATCH, kernel: false })
  // As users get them: calls sized by bytes (4096 rows of 64 features), tfjs answering a call's first 512 rows.
  const byBytes = fromTfModel(model)
  const byBytesKernel = fromTfModel(model, { kernel: 'engine' })
  // Warm-up: the first query is the one each faster path is checked on.
  const reference = tfjsPredict(model)
  const worst = new Map<string, number>()
  for (const [label, target] of [['onnxruntime', withOrt], ['engine kernel', withKernel], ['onnxruntime, calls by bytes', byBytes], ['engine kernel, calls by bytes', byBytesKernel]] as const) {
    const mine = (await target.query(x)).data
    let w = 0
    for (let i = 0; i < mine.length; i++) w = Math.max(w, Math.abs(mine[i] - reference[i]))
    worst.set(`${label} (answered by ${target.inference})`, w)
  }
  await withoutKernel.query(x)
  const variants: [string, () => unknown][] = [
    ['tfjs predict', () => tfjsPredict(model)],
    ['target, kernel: false', () => withoutKernel.query(x)],
    ['target (onnxruntime)', () => withOrt.query(x)],
    ['target (engine kernel)', () => withKernel.query(x)],
    ['target (onnxruntime), auto', () => byBytes.query(x)],
    ['target (engine), auto', () => byBytesKernel.query(x)],
    ['ort alone, 1 thread', () => ortAlone(ort1, BATCH)],
    ['ort alone, default threads', () => ortAlone(ortDefault, BATCH)],
    ['ort alone, 4096/call', () => ortAlone(ort1, 4096)],
    ['kernel alone', () => kernelAlone(x)],
    ['kernel, row by row', () => rowByRow(x)],
  ]
  const times = new Map<string, number[]>(variants.map(([v]) => [v, []]))
  for (let r = 0; r < runs; r++) for (const [v, run] of variants) times.get(v)!.push(await time(run))
  const base = median(times.get('tfjs predict')!)
  for (const [v] of variants) {
    const s = median(times.get(v)!)
    console.log(`${name.padEnd(19)} ${v.padEnd(28)} ${s.toFixed(4).padStart(9)} ${Math.round(ROWS / s).toString().padStart(8)}   ${(base / s).toFixed(2).padStart(6)}`)
  }
  for (const [label, w] of worst) console.log(`${name.padEnd(19)} largest |${label} − tfjs| over the ${ROWS} answers: ${w.toExponential(2)}`)
  for (const t of [withOrt, withKernel, byBytes, byBytesKernel]) t.dispose?.()
  ort1.release()
  ortDefault.release()
  model.dispose()
}
