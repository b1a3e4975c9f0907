/**
 * Membership audit overhead: `auditMembership` on 10,000 rows (5,000 members, 5,000 non-members)
 * against a tfjs model, timed against raw batched `model.predict` of the same 10,000 rows in the
 * same process (same batch size, 512). The ratio is the cost of adapting, validating, scoring and
 * computing AUC, DeLong interval, advantage and TPR@FPR on top of the predictions themselves.
 *
 *   npx tsx bench/membership.ts [runs]
 */
import * as tf from '@tensorflow/tfjs'
import { auditMembership } from '../src/attacks/membership/audit.js'
import { createRng } from '../src/data/rng.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'

const ROWS = 10_000
const FEATURES = 64
const BATCH = 512
const runs = Math.max(1, Number(process.argv[2] ?? 7))

await initBackend()
const rng = createRng(1)
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [FEATURES], units: 256, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ],
})
const x = new Float32Array(ROWS * FEATURES).map(() => rng.next())
const y = new Int32Array(ROWS).map(() => rng.int(10))
const half = (ROWS / 2) * FEATURES
const members = { x: x.subarray(0, half), y: y.subarray(0, ROWS / 2), features: FEATURES }
const nonMembers = { x: x.subarray(half), y: y.subarray(ROWS / 2), features: FEATURES }

function rawPredict(): number {
  let sum = 0
  for (let start = 0; start < ROWS; start += BATCH) {
    const n = Math.min(BATCH, ROWS - start)
    // tidy returns the tensor, not its data: tf.tidy walks a returned TypedArray element by element.
    const y = tf.tidy(() => model.predict(tf.tensor2d(x.slice(start * FEATURES, (start + n) * FEATURES), [n, FEATURES]), { batchSize: BATCH }) as tf.Tensor)
    sum += y.dataSync()[0]
    y.dispose()
  }
  return sum
}

async function time(f: () => unknown): Promise<number> {
  const t = performance.now()
  await f()
  return (performance.now() - t) / 1000
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

await time(rawPredict)
await time(() => auditMembership(model, { members, nonMembers }))
const raw: number[] = []
const audit: number[] = []
for (let i = 0; i < runs; i++) {
  raw.push(await time(rawPredict))
  audit.push(await time(() => auditMembership(model, { members, nonMembers })))
}
const r = median(raw)
const a = median(audit)
console.log(`backend ${activeBackend()}, ${ROWS} rows × ${FEATURES} features, 64-256-10 MLP, batch ${BATCH}, median of ${runs}`)
console.log(`raw batched predict (baseline)   ${r.toFixed(3)} s   1.00`)
console.log(`auditMembership (max-confidence) ${a.toFixed(3)} s   ${(a / r).toFixed(2)}`)
console.log(`\naudit / raw predict  ${(a / r).toFixed(2)}`)
