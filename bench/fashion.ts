/**
 * Fashion-MNIST membership figures for docs/fashion-mnist.md: on the committed CNN target
 * (fixtures/models/fashion-cnn, 500 members, 500 non-members, attacker pool of 2000), AUC and
 * TPR at 1% FPR of
 *
 *   - max-confidence (no reference model), through the tfjs forward pass (NHWC) and through the
 *     ONNX export (NCHW, ONNX Runtime): the two AUCs must agree within float32 noise;
 *   - LiRA (offline) with the built-in MLP references (784-64-10, 50 epochs, the default);
 *   - LiRA (offline) with CNN references trained by the example's recipe
 *     (examples/fashion-mnist/privacy/train-reference.ts), on the same pool halves, scored by the
 *     package's own LiRA code (logitConfidence, liraScores);
 *   - RMIA (offline, a = 0.3) with the built-in MLP references.
 *
 * Every attack sees the same target answers; k reference models each (default 8), seed 0.
 *
 *   npx tsx bench/fashion.ts [--k 8] [--quick]
 *
 * `--quick` (k = 2, 2 epochs per CNN reference, 5 per MLP) checks the script in a minute; its
 * figures mean nothing. The CNN references dominate the time (40 epochs on 1000 images each).
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { auditMembership } from '../src/attacks/membership/audit.js'
import { liraScores, logitConfidence, LIRA_PER_RECORD_MIN_K } from '../src/attacks/membership/lira.js'
import { pairedHalves } from '../src/attacks/membership/reference-models.js'
import { createRng } from '../src/data/rng.js'
import type { Matrix } from '../src/data/matrix.js'
import { auc } from '../src/metrics/auc.js'
import { tprAtFpr } from '../src/metrics/tpr-at-fpr.js'
import { activeBackend } from '../src/runtime/backend.js'
import { loadTfModel } from '../src/runtime/model-io.js'
import type { tf } from '../src/runtime/tf.js'
import { fitFashionCnn, TARGET_TRAINING } from '../examples/fashion-mnist/privacy/fashion-cnn.js'
import { FASHION_CNN, loadFashionSplit, onnxImageTarget, tfjsImageTarget, type FashionSplit } from '../scripts/fashion-cnn-lib.js'

const { values } = parseArgs({ options: { k: { type: 'string' }, quick: { type: 'boolean', default: false } } })
const quick = values.quick === true
const k = Number(values.k ?? (quick ? 2 : 8))
const seed = 0

const [members, nonMembers, pool] = await Promise.all([loadFashionSplit('members'), loadFashionSplit('non-members'), loadFashionSplit('pool')])
const dataset = (s: FashionSplit) => ({ x: s.x, y: s.y, features: 784 })
const rows = (s: FashionSplit): Matrix => ({ data: s.x, rows: s.y.length, cols: 784 })
const model = (await loadTfModel(join(FASHION_CNN, 'model.json'))) as tf.LayersModel
const target = tfjsImageTarget(model)

interface Row { attack: string; references: string; auc: number; tpr: number; seconds: number }
const table: Row[] = []
const timed = async (attack: string, references: string, run: () => Promise<{ auc: number; tpr: number }>) => {
  const started = performance.now()
  const r = await run()
  table.push({ attack, references, ...r, seconds: (performance.now() - started) / 1000 })
  console.error(`done: ${attack} (${references}) in ${table[table.length - 1].seconds.toFixed(1)} s`)
}
const common = { members: dataset(members), nonMembers: dataset(nonMembers), pool: dataset(pool), seed }
const mlp = { k, ...(quick ? { epochs: 5 } : {}) }

await timed('max-confidence', 'none (tfjs, NHWC)', async () => {
  const r = await auditMembership(target, { ...common, attack: 'max-confidence' })
  return { auc: r.auc, tpr: r.tprAtFpr['0.01'].tpr }
})
await timed('max-confidence', 'none (ONNX Runtime, NCHW)', async () => {
  const onnx = await onnxImageTarget()
  const r = await auditMembership(onnx, { ...common, attack: 'max-confidence' })
  onnx.dispose?.()
  return { auc: r.auc, tpr: r.tprAtFpr['0.01'].tpr }
})
await timed('LiRA offline', `${k} MLP 784-64-10`, async () => {
  const r = await auditMembership(target, { ...common, attack: 'lira', settings: mlp })
  return { auc: r.auc, tpr: r.tprAtFpr['0.01'].tpr }
})
await timed('LiRA offline', `${k} CNN (recipe)`, async () => {
  // The halves and seeds the built-in path draws (trainReferenceModels): pairs of complementary halves, then one seed per model.
  const rng = createRng(seed)
  const halves = pairedHalves(pool.y.length, k, rng)
  const training = quick ? { ...TARGET_TRAINING, epochs: 2 } : TARGET_TRAINING
  const phiOut: Float64Array[] = []
  for (const idx of halves) {
    const x = new Float32Array(idx.length * 784)
    idx.forEach((r, i) => x.set(pool.x.subarray(r * 784, (r + 1) * 784), i * 784))
    const reference = await fitFashionCnn(x, Int32Array.from(idx, (r) => pool.y[r]), { seed: rng.seed(), classes: 10, training })
    const answers = tfjsImageTarget(reference, 'reference')
    phiOut.push(concat(logitConfidence(await answers.query(rows(members)), members.y), logitConfidence(await answers.query(rows(nonMembers)), nonMembers.y)))
    reference.dispose()
  }
  const phiTarget = concat(logitConfidence(await target.query(rows(members)), members.y), logitConfidence(await target.query(rows(nonMembers)), nonMembers.y))
  const scores = liraScores(phiTarget, phiOut, k < LIRA_PER_RECORD_MIN_K)
  const [sm, sn] = [scores.slice(0, members.y.length), scores.slice(members.y.length)]
  return { auc: auc(sm, sn), tpr: tprAtFpr(sm, sn, 0.01).tpr }
})
await timed('RMIA offline (a = 0.3)', `${k} MLP 784-64-10`, async () => {
  const r = await auditMembership(target, { ...common, attack: 'rmia', settings: mlp })
  return { auc: r.auc, tpr: r.tprAtFpr['0.01'].tpr }
})

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

console.log(`bench/fashion.ts${quick ? ' --quick' : ''}: fashion-cnn, 500 members / 500 non-members / pool 2000, seed ${seed}, backend ${activeBackend()}`)
console.log('')
console.log('| attack | reference models | AUC | TPR at 1% FPR | time (s) |')
console.log('| --- | --- | --- | --- | --- |')
for (const r of table) console.log(`| ${r.attack} | ${r.references} | ${r.auc.toFixed(3)} | ${r.tpr.toFixed(3)} | ${r.seconds.toFixed(0)} |`)
const [tfjsAuc, onnxAuc] = [table[0].auc, table[1].auc]
console.log('')
console.log(`|AUC tfjs − AUC ONNX| = ${Math.abs(tfjsAuc - onnxAuc).toExponential(1)}`)
