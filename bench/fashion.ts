/**
 * Fashion-MNIST membership figures for docs/fashion-mnist.md, on the example's thresholds file
 * (examples/fashion-mnist/privacy-gates.json: the committed CNN target, 500 members, 500
 * non-members, attacker pool of 2000, read from .npy pairs), AUC and TPR at 1% FPR of
 *
 *   - max-confidence (no reference model), through the tfjs target (NHWC) and the ONNX export
 *     (NCHW, ONNX Runtime): the two AUCs must agree within float32 noise;
 *   - LiRA (offline) and RMIA (offline, a = 0.3) with the built-in MLP references (784-64-10,
 *     50 epochs, the default);
 *   - LiRA (offline) and RMIA (offline) with CNN references trained by the example's recipe
 *     (examples/fashion-mnist/privacy/train-reference.ts: the target's architecture and budget),
 *     through `auditMembership` with `settings.recipe`.
 *
 * Every attack scores the same target answers; k reference models each (default 8); for a given
 * seed the four reference-model rows use the same pool halves and per-model seeds. No reference
 * cache: every row trains what it measures.
 *
 *   npx tsx bench/fashion.ts [--k 8] [--seeds 0,1] [--quick]
 *
 * `--quick` (k = 2, the test's 8-epoch recipe, 5 MLP epochs) checks the script in minutes; its
 * figures mean nothing. The CNN references dominate the time (40 epochs on 1000 images each).
 */
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { auditMembership } from '../src/attacks/membership/audit.js'
import type { Dataset } from '../src/data/dataset.js'
import { loadConfig } from '../src/gates/config/index.js'
import { createGateModel } from '../src/gates/model.js'
import { activeBackend } from '../src/runtime/backend.js'

const { values } = parseArgs({ options: { k: { type: 'string' }, seeds: { type: 'string' }, quick: { type: 'boolean', default: false } } })
const quick = values.quick === true
const k = Number(values.k ?? (quick ? 2 : 8))
const seeds = (values.seeds ?? '0').split(',').map(Number)
const recipe = fileURLToPath(new URL(quick ? '../test/unit/examples/fashion-quick-recipe.ts' : '../examples/fashion-mnist/privacy/train-reference.ts', import.meta.url))
const config = await loadConfig(fileURLToPath(new URL('../examples/fashion-mnist/privacy-gates.json', import.meta.url)))
const tfjs = await (await createGateModel(config, 'fashion-cnn')).source()
const onnx = await (await createGateModel(config, 'fashion-cnn-onnx')).source()
const data = { members: tfjs.members!, nonMembers: tfjs.nonMembers!, pool: tfjs.pool as Dataset, cache: false as const }

interface Row { attack: string; references: string; seed: number; auc: number; tpr: number; seconds: number }
const table: Row[] = []
const timed = async (attack: string, references: string, seed: number, run: () => ReturnType<typeof auditMembership>) => {
  const started = performance.now()
  const r = await run()
  table.push({ attack, references, seed, auc: r.auc, tpr: r.tprAtFpr['0.01'].tpr, seconds: (performance.now() - started) / 1000 })
  console.error(`done: ${attack} (${references}, seed ${seed}) in ${table[table.length - 1].seconds.toFixed(1)} s: AUC ${r.auc.toFixed(4)}, TPR@1% ${r.tprAtFpr['0.01'].tpr.toFixed(3)}`)
}
const mlp = { k, ...(quick ? { epochs: 5 } : {}) }

await timed('max-confidence', 'none (tfjs, NHWC)', 0, () => auditMembership(tfjs.target, { ...data, attack: 'max-confidence' }))
await timed('max-confidence', 'none (ONNX Runtime, NCHW)', 0, () => auditMembership(onnx.target, { ...data, attack: 'max-confidence' }))
for (const seed of seeds) {
  await timed('LiRA offline', `${k} MLP 784-64-10`, seed, () => auditMembership(tfjs.target, { ...data, seed, attack: 'lira', settings: mlp }))
  await timed('RMIA offline (a = 0.3)', `${k} MLP 784-64-10`, seed, () => auditMembership(tfjs.target, { ...data, seed, attack: 'rmia', settings: mlp }))
  await timed('LiRA offline', `${k} CNN (recipe)`, seed, () => auditMembership(tfjs.target, { ...data, seed, attack: 'lira', settings: { k, recipe } }))
  await timed('RMIA offline (a = 0.3)', `${k} CNN (recipe)`, seed, () => auditMembership(tfjs.target, { ...data, seed, attack: 'rmia', settings: { k, recipe } }))
}

console.log(`bench/fashion.ts${quick ? ' --quick' : ''}: fashion-cnn, 500 members / 500 non-members / pool 2000, k = ${k}, seeds ${seeds.join(', ')}, backend ${activeBackend()}`)
console.log('')
console.log('| attack | reference models | seed | AUC | TPR at 1% FPR | time (s) |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const r of table) console.log(`| ${r.attack} | ${r.references} | ${r.seed} | ${r.auc.toFixed(3)} | ${r.tpr.toFixed(3)} | ${r.seconds.toFixed(0)} |`)
console.log('')
console.log(`|AUC tfjs − AUC ONNX| = ${Math.abs(table[0].auc - table[1].auc).toExponential(1)}`)
