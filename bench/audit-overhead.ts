/**
 * What a membership audit costs beyond the model's own answers (issue 17 item 1), measured against
 * the raw runtime on the same rows in the same process, interleaved round by round
 * (docs/architecture.md#randomness-and-performance):
 *
 * 1. ONNX: 100,000 rows (50,000 members + 50,000 non-members: digits rows drawn with replacement,
 *    features / 16, jittered by ±0.01 so the scores are nearly all distinct; all from createRng(17))
 *    through `fixtures/models/digits-regularised-onnx/model.onnx`. Baseline: onnxruntime
 *    `session.run` in 512-row calls. Against it: `auditMembership` (max-confidence) through
 *    `onnxTarget` with intervals (the default) and with `intervals: false`, on the baseline's own
 *    session (see below). Goals ≤ 2.5× and ≤ 1.3×.
 *    Two more lines: onnxruntime in calls of the target's own size (`target.rowsPerCall`, sized by
 *    bytes: docs/targets.md#batch-sizes), a second baseline that gives the audit's overhead beyond
 *    the model at the same batch size; and the path from records to scores alone (the records
 *    checked, queried in the audit's chunks, answers checked, max-confidence scores:
 *    `scoreAnswersInChunks`), i.e. the audit without its summary.
 * 2. tfjs: the first 10,000 of those rows (5,000 + 5,000) through the tfjs fixture
 *    `fixtures/models/digits-regularised`. Baseline: batched `model.predict` (512 rows a call,
 *    `dataSync`). Against it: `auditMembership` through `fromTfModel` with intervals, once with
 *    `kernel: false` (every answer from tfjs: the issue's definition, goal ≤ 1.3×) and once as
 *    by default (this dense-only model is answered by onnxruntime when it loads, else by the engine's
 *    forward kernel, after matching tfjs on the first batch). Also raw
 *    `model.predict` in calls of the `kernel: false` target's own size.
 *
 *   npx tsx bench/audit-overhead.ts [runs]      # median of 7 rounds by default
 *   npx tsx bench/audit-overhead.ts 5 /tmp/old   # also the ONNX audits of another checkout, interleaved
 *   npx tsx bench/audit-overhead.ts 9 --two-sessions   # the ONNX targets on sessions of their own
 *
 * The ONNX targets run on the baseline's own session, handed over through onnxTarget's `runtime`
 * hook (the same default options): each onnxruntime session keeps a pool of threads that spin for
 * a while after a run, so with two sessions in the process the first case after a switch shares
 * the 2 cores with the other pool. `--two-sessions` measures that way, as the bench did before.
 *
 * With a second argument, the folder of another checkout of the package (its `src/`, e.g. from
 * `git archive <commit> src | tar -x -C /tmp/old`), its `auditMembership` and `onnxTarget` run in
 * the same rounds on the same rows, so a change is measured against the code before it under the
 * same load.
 */
import os from 'node:os'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { scoreAnswersInChunks } from '../src/attacks/membership/answer-chunks.js'
import { auditMembership } from '../src/attacks/membership/audit.js'
import { membershipAttacks } from '../src/attacks/membership/registry.js'
import { loadCsv } from '../src/data/csv.js'
import { toDense } from '../src/data/dataset.js'
import { createRng } from '../src/data/rng.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'
import { loadTfModel } from '../src/runtime/model-io.js'
import { fromTfModel } from '../src/targets/from-tf-model.js'
import { onnxTarget } from '../src/targets/onnx/onnx-target.js'
import { loadOnnxRuntime } from '../src/targets/onnx/runtime.js'
import { median } from './timing.js'

const ROWS = 100_000
const TF_ROWS = 10_000
const BATCH = 512
const ONNX = 'fixtures/models/digits-regularised-onnx/model.onnx'
const TFJS = 'fixtures/models/digits-regularised/model.json'
const args = process.argv.slice(2).filter((a) => a !== '--two-sessions')
const twoSessions = args.length < process.argv.length - 2
const runs = Math.max(1, Number(args[0] ?? 7))
const before = args[1]

const digits = await loadCsv('fixtures/data/digits.csv', { scale: 1 / 16 })
const F = digits.features
const rng = createRng(17)
const x = new Float32Array(ROWS * F)
const y = new Int32Array(ROWS)
for (let i = 0; i < ROWS; i++) {
  const r = rng.int(digits.rows)
  for (let c = 0; c < F; c++) x[i * F + c] = digits.x[r * F + c] + (rng.next() - 0.5) * 0.02
  y[i] = digits.y[r]
}
const split = (n: number) => ({
  members: { x: x.subarray(0, (n / 2) * F), y: y.subarray(0, n / 2), features: F },
  nonMembers: { x: x.subarray((n / 2) * F, n * F), y: y.subarray(n / 2, n), features: F },
})
const big = split(ROWS)
const small = split(TF_ROWS)

const ort = await loadOnnxRuntime()
const session = await ort.InferenceSession.create(ONNX)
const input = session.inputNames[0]
async function rawOnnx(batch: number): Promise<void> {
  for (let s = 0; s < ROWS; s += batch) {
    const e = Math.min(ROWS, s + batch)
    await session.run({ [input]: new ort.Tensor('float32', x.subarray(s * F, e * F), [e - s, F]) })
  }
}
// One session for the baseline and the targets unless --two-sessions (see above).
const shared = twoSessions ? undefined : async () => ({ ...ort, InferenceSession: { create: async () => session } })
const target = await onnxTarget(ONNX, shared ? { runtime: shared } : {})
const ownBatch = target.rowsPerCall?.(F) ?? BATCH
const maxConfidence = membershipAttacks['max-confidence']!.scoreAnswers!
// What auditMembership does before its summary: the sets checked (features chunk by chunk), queried, scored.
const toScores = () => scoreAnswersInChunks(target, [
  { what: 'members', dense: toDense(big.members, 'members', { finite: false }) },
  { what: 'nonMembers', dense: toDense(big.nonMembers, 'nonMembers', { finite: false }) },
], [maxConfidence], { digest: false })
type Audit = typeof auditMembership
const old = before === undefined ? undefined : {
  audit: (await import(pathToFileURL(resolve(before, 'src/attacks/membership/audit.ts')).href) as { auditMembership: Audit }).auditMembership,
  target: await (await import(pathToFileURL(resolve(before, 'src/targets/onnx/onnx-target.ts')).href) as { onnxTarget: typeof onnxTarget }).onnxTarget(ONNX, shared ? { runtime: shared } : {}),
}

await initBackend()
const model = await loadTfModel(TFJS)
function rawTfjs(batch: number): void {
  for (let s = 0; s < TF_ROWS; s += batch) {
    const n = Math.min(batch, TF_ROWS - s)
    const out = tf.tidy(() => model.predict(tf.tensor2d(x.subarray(s * F, (s + n) * F), [n, F]), { batchSize: batch }) as tf.Tensor)
    out.dataSync()
    out.dispose()
  }
}
const tfTarget = fromTfModel(model, { kernel: false })
const tfOwnBatch = tfTarget.rowsPerCall?.(F) ?? BATCH
const kernelTarget = fromTfModel(model)

async function time(f: () => unknown): Promise<number> {
  const t = process.hrtime.bigint()
  await f()
  return Number(process.hrtime.bigint() - t) / 1e9
}

const cases = {
  rawOnnx: () => rawOnnx(BATCH),
  rawOnnxOwn: () => rawOnnx(ownBatch),
  audit: () => auditMembership(target, big),
  lean: () => auditMembership(target, { ...big, intervals: false }),
  toScores,
  ...(old ? {
    oldAudit: () => old.audit(old.target, big),
    oldLean: () => old.audit(old.target, { ...big, intervals: false }),
  } : {}),
  rawTfjs: () => rawTfjs(BATCH),
  rawTfjsOwn: () => rawTfjs(tfOwnBatch),
  tfAudit: () => auditMembership(tfTarget, small),
  kernelAudit: () => auditMembership(kernelTarget, small),
}
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as number[]])) as Record<keyof typeof cases, number[]>
for (const f of Object.values(cases)) await f() // warm-up: JIT, onnxruntime and wasm first calls
for (let i = 0; i < runs; i++) for (const [k, f] of Object.entries(cases)) times[k as keyof typeof cases].push(await time(f))
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<keyof typeof cases, number>

const r = await auditMembership(target, big)
console.log(`node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}, tfjs backend ${activeBackend()}; median of ${runs} interleaved rounds; ONNX targets on ${twoSessions ? 'sessions of their own' : "the baseline's session"}`)
console.log(`AUC ${r.auc.toFixed(4)} on ${r.members} + ${r.nonMembers} records\n`)
const line = (what: string, s: number, base: number, goal?: number) =>
  console.log(`${what.padEnd(78)} ${s.toFixed(4)} s  ${(s / base).toFixed(2).padStart(5)}×${goal === undefined ? '' : `   goal ≤ ${goal}×: ${s / base <= goal ? 'met' : 'NOT met'}`}`)
line(`onnxruntime session.run, ${ROWS} rows in ${BATCH}-row calls (baseline)`, m.rawOnnx, m.rawOnnx)
line('auditMembership through onnxTarget, with intervals', m.audit, m.rawOnnx, 2.5)
line('auditMembership through onnxTarget, intervals: false', m.lean, m.rawOnnx, 1.3)
line('  records → scores (scoreAnswersInChunks: the audit before its summary)', m.toScores, m.rawOnnx)
if (old) {
  line(`  the same, ${before}: with intervals`, m.oldAudit!, m.rawOnnx)
  line(`  the same, ${before}: intervals: false`, m.oldLean!, m.rawOnnx)
}
line(`onnxruntime session.run in the target's own ${ownBatch}-row calls (second baseline)`, m.rawOnnxOwn, m.rawOnnxOwn)
line('auditMembership through onnxTarget, with intervals', m.audit, m.rawOnnxOwn)
line('auditMembership through onnxTarget, intervals: false', m.lean, m.rawOnnxOwn)
line('  records → scores (scoreAnswersInChunks: the audit before its summary)', m.toScores, m.rawOnnxOwn)
line(`tfjs model.predict, ${TF_ROWS} rows in ${BATCH}-row calls (baseline)`, m.rawTfjs, m.rawTfjs)
line('auditMembership through fromTfModel, kernel: false, with intervals', m.tfAudit, m.rawTfjs, 1.3)
line(`auditMembership through fromTfModel (default: ${kernelTarget.inference}), with intervals`, m.kernelAudit, m.rawTfjs)
line(`tfjs model.predict in the kernel: false target's own ${tfOwnBatch}-row calls`, m.rawTfjsOwn, m.rawTfjsOwn)
line('auditMembership through fromTfModel, kernel: false, with intervals', m.tfAudit, m.rawTfjsOwn)
target.dispose?.()
