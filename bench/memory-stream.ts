/**
 * Peak memory of a membership audit of a large streamed evaluation set (issue 17 item 4): members
 * and non-members files of `rows` records in total (default 1,000,000: 500,000 + 500,000; 64
 * features, digits rows drawn with replacement and jittered, features / 16, all from createRng(5)),
 * written to a temporary folder as `.npy` pairs (features float32 + labels int32) or CSV, then
 * audited (max-confidence, with intervals) through the digits ONNX fixture with
 * `streamDataset` sets. Nothing holds the records: the files are written chunk by chunk, and the
 * audit keeps only a score and a label per record.
 *
 * Prints the resident set size before the audit (modules, onnxruntime and the model loaded), the
 * peak during the audit (`process.resourceUsage().maxRSS`), and both against the baseline, the
 * records' float32 size (rows × 64 × 4 bytes). Goal: peak ≤ 2× that size plus the model; exit
 * code 1 above it.
 *
 *   npx tsx bench/memory-stream.ts [rows] [npy|csv]     # defaults 1000000 npy
 */
import { open, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { auditMembership } from '../src/attacks/membership/audit.js'
import { loadCsv } from '../src/data/csv.js'
import { streamDataset } from '../src/data/load.js'
import { encodeNpyHeader } from '../src/data/npy.js'
import { createRng } from '../src/data/rng.js'
import { createProgress, setProgress } from '../src/runtime/progress.js'
import { onnxTarget } from '../src/targets/onnx/onnx-target.js'

const rows = Number(process.argv[2] ?? 1_000_000)
const format = process.argv[3] ?? 'npy'
if (format !== 'npy' && format !== 'csv') throw new Error(`format: expected npy or csv, found ${format}`)
const CHUNK = 10_000
const MiB = 1024 * 1024
const rss = () => process.memoryUsage().rss / MiB

const digits = await loadCsv('fixtures/data/digits.csv', { scale: 1 / 16 })
const F = digits.features
const rng = createRng(5)
const dir = await mkdtemp(join(os.tmpdir(), 'vpg-memory-stream-'))

/** Writes `n` records chunk by chunk; returns what streamDataset takes. */
async function write(name: string, n: number): Promise<string | { x: string; y: string }> {
  const x = new Float32Array(CHUNK * F)
  const y = new Int32Array(CHUNK)
  const fill = (m: number) => {
    for (let i = 0; i < m; i++) {
      const r = rng.int(digits.rows)
      for (let c = 0; c < F; c++) x[i * F + c] = Math.round((digits.x[r * F + c] + (rng.next() - 0.5) * 0.02) * 1e4) / 1e4
      y[i] = digits.y[r]
    }
  }
  if (format === 'csv') {
    const path = join(dir, `${name}.csv`)
    const h = await open(path, 'w')
    await h.write(`${Array.from({ length: F }, (_, c) => `p${c}`).join(',')},label\n`)
    for (let s = 0; s < n; s += CHUNK) {
      const m = Math.min(CHUNK, n - s)
      fill(m)
      const lines: string[] = []
      for (let i = 0; i < m; i++) lines.push(`${Array.from(x.subarray(i * F, (i + 1) * F), (v) => Number(v.toFixed(4))).join(',')},${y[i]}\n`)
      await h.write(lines.join(''))
    }
    await h.close()
    return path
  }
  const files = { x: join(dir, `${name}-x.npy`), y: join(dir, `${name}-y.npy`) }
  const hx = await open(files.x, 'w'), hy = await open(files.y, 'w')
  await hx.write(encodeNpyHeader('float32', [n, F]).bytes)
  await hy.write(encodeNpyHeader('int32', [n]).bytes)
  for (let s = 0; s < n; s += CHUNK) {
    const m = Math.min(CHUNK, n - s)
    fill(m)
    await hx.write(new Uint8Array(x.buffer, 0, m * F * 4))
    await hy.write(new Uint8Array(y.buffer, 0, m * 4))
  }
  await hx.close(); await hy.close()
  return files
}

try {
  let t = performance.now()
  const half = Math.floor(rows / 2)
  const membersFile = await write('members', half)
  const nonMembersFile = await write('non-members', rows - half)
  const writeSeconds = (performance.now() - t) / 1000
  const target = await onnxTarget('fixtures/models/digits-regularised-onnx/model.onnx')
  const before = rss()
  // Progress lines (with the ETA) on stderr every 2 s.
  setProgress(createProgress({ interval: 2000 }))
  t = performance.now()
  const r = await auditMembership(target, { members: await streamDataset(membersFile), nonMembers: await streamDataset(nonMembersFile) })
  const auditSeconds = (performance.now() - t) / 1000
  const peak = process.resourceUsage().maxRSS / 1024
  const records = (rows * F * 4) / MiB
  console.log(`node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`)
  console.log(`${rows} records (${half} members + ${rows - half} non-members) × ${F} features, streamed from ${format === 'npy' ? '.npy pairs' : 'CSV files'}; files written in ${writeSeconds.toFixed(1)} s`)
  console.log(`auditMembership (max-confidence, with intervals) through the digits ONNX model: ${auditSeconds.toFixed(1)} s, AUC ${r.auc.toFixed(4)}, ${target.queryCount} rows answered\n`)
  console.log(`records' float32 size (baseline)            ${records.toFixed(0).padStart(5)} MiB`)
  console.log(`resident set before the audit (modules, model) ${before.toFixed(0).padStart(5)} MiB`)
  console.log(`peak resident set size                       ${peak.toFixed(0).padStart(5)} MiB   ${(peak / records).toFixed(2)} × the records`)
  console.log(`peak − before                                ${(peak - before).toFixed(0).padStart(5)} MiB   ${((peak - before) / records).toFixed(2)} × the records`)
  const ok = peak - before <= 2 * records
  console.log(`goal: peak ≤ 2 × the records + the model (what was resident before): ${ok ? 'met' : 'NOT met'}`)
  if (!ok) process.exitCode = 1
  target.dispose?.()
} finally {
  await rm(dir, { recursive: true, force: true })
}
