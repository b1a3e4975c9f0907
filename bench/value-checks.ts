/**
 * The per-value checks every audit makes (src/wasm/checks.ts), each in WebAssembly SIMD against its
 * JS twin, timed in the same interleaved rounds; the tables give medians and each variant's time
 * relative to the package's check.
 *
 * 1. The records' finiteness check on 6.4 M floats (100,000 rows of 64 features) in 512 KiB chunks,
 *    as the chunked audit reads them:
 *    - `checkFiniteRows`: the package's check (`hasNonFinite`: each 1 MiB block copied into
 *      WebAssembly memory and tested four vectors a step, assembly/checks.ts), the copy included;
 *    - `copy alone`: the same 1 MiB blocks copied into a buffer of that size, nothing tested (the
 *      check's share that is not the test);
 *    - `JS twin (finiteSum)`: what runs without WebAssembly SIMD (one running sum in doubles, four
 *      values added as a tree per step, nothing after the loop but a return);
 *    - `two sums (before)`: the check before issue 17 (two running sums, `Number.isFinite` after
 *      the loop, where V8 deoptimised on every call);
 *    - `v − v`, `v * 0`: sums of `v − v` and of `v * 0`, in the JS twin's shape;
 *    - `exponent bits`: `((bits >> 23) & 0xff) + 1` OR-ed over an Int32Array view (bit 8 ends up
 *      set iff some exponent is all ones).
 * 2. The answers' checks on 100,000 probability rows of 10 classes in 4096-row calls (a digits
 *    model's answers in the target's calls): `firstNonProbabilityRow` (the target's answer check)
 *    and `rowMaxima` (max-confidence), each in WebAssembly and as its JS twin.
 *
 *   npx tsx bench/value-checks.ts [runs]     # median of 15 rounds by default
 */
import os from 'node:os'
import { checkFiniteRows } from '../src/data/dataset.js'
import { finiteSum, firstNonProbabilityRow, jsFirstNonProbabilityRow, jsRowMaxima, rowMaxima } from '../src/wasm/checks.js'
import { createRng } from '../src/data/rng.js'
import { median } from './timing.js'

const runs = Math.max(1, Number(process.argv[2] ?? 15))
const ROWS = 100_000, F = 64, CHUNK_ROWS = 2048
// The module's block (src/wasm/checks.ts): 1 MiB of float32, copied into as the check does.
const BLOCK = 1 << 18
const block = new Float32Array(BLOCK)
const rng = createRng(1)
const x = new Float32Array(ROWS * F)
for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1

// The old check, as it was: its `Number.isFinite` after the loop is what V8 deoptimised on every call.
function twoSums(d: Float32Array): boolean {
  let s0 = 0, s1 = 0
  const n = d.length - (d.length % 2)
  let i = 0
  for (; i < n; i += 2) { s0 += d[i]; s1 += d[i + 1] }
  if (i < d.length) s0 += d[i]
  return Number.isFinite(s0 + s1)
}
// The alternatives in the JS twin's shape (tail first, nothing after the loop but a return).
function minusSelf(d: Float32Array): number {
  const n = d.length
  let i = n % 4, s = 0
  for (let j = 0; j < i; j++) s += d[j] - d[j]
  for (; i < n; i += 4) { const a = d[i], b = d[i + 1], c = d[i + 2], e = d[i + 3]; s += ((a - a) + (b - b)) + ((c - c) + (e - e)) }
  return s
}
function timesZero(d: Float32Array): number {
  const n = d.length
  let i = n % 4, s = 0
  for (let j = 0; j < i; j++) s += d[j] * 0
  for (; i < n; i += 4) s += (d[i] * 0 + d[i + 1] * 0) + (d[i + 2] * 0 + d[i + 3] * 0)
  return s
}
// ((bits >> 23) & 0xff) + 1 is 256 only for an all-ones exponent (NaN, ±∞): bit 8 of the OR is set iff one is present.
function exponentBits(d: Float32Array): number {
  const u = new Int32Array(d.buffer, d.byteOffset, d.length)
  let acc = 0
  for (let i = 0; i < u.length; i++) acc |= ((u[i] >> 23) & 0xff) + 1
  return acc
}

const variants: Array<[string, (d: Float32Array) => boolean]> = [
  ['checkFiniteRows', (d) => { checkFiniteRows({ data: d, rows: d.length / F, cols: F }, 'members', 0); return true }],
  ['copy alone', (d) => { for (let s = 0; s < d.length; s += BLOCK) block.set(d.subarray(s, Math.min(d.length, s + BLOCK))); return true }],
  ['JS twin (finiteSum)', (d) => Number.isFinite(finiteSum(d))],
  ['two sums (before)', twoSums],
  ['v − v', (d) => minusSelf(d) === 0],
  ['v * 0', (d) => timesZero(d) === 0],
  ['exponent bits', (d) => (exponentBits(d) & 0x100) === 0],
]
const times = new Map(variants.map(([k]) => [k, [] as number[]]))
const pass = (f: (d: Float32Array) => boolean) => {
  let ok = true
  for (let r = 0; r < ROWS; r += CHUNK_ROWS) ok = f(x.subarray(r * F, Math.min(ROWS, r + CHUNK_ROWS) * F)) && ok
  if (!ok) throw new Error('a finite value was reported as not finite')
}
for (const [, f] of variants) for (let w = 0; w < 3; w++) pass(f) // warm-up: JIT
for (let r = 0; r < runs; r++) {
  for (const [k, f] of variants) {
    const t = performance.now()
    pass(f)
    times.get(k)!.push(performance.now() - t)
  }
}
const base = median(times.get('checkFiniteRows')!)
console.log(`node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}; ${ROWS} rows × ${F} features in ${CHUNK_ROWS}-row chunks, median of ${runs} rounds`)
console.log('\n1. records, finite check')
for (const [k, v] of times) console.log(`${k.padEnd(20)} ${median(v).toFixed(2).padStart(7)} ms   ${(median(v) / base).toFixed(2)}×`)

// 2. The answers' checks.
const K = 10, CALL = 4096
const answers = new Float32Array(ROWS * K)
for (let r = 0; r < ROWS; r++) {
  let sum = 0
  for (let c = 0; c < K; c++) sum += answers[r * K + c] = rng.next() ** 4
  for (let c = 0; c < K; c++) answers[r * K + c] /= sum
}
const maxima = new Float64Array(ROWS)
const perCall = (f: (d: Float32Array, rows: number) => number) => {
  for (let s = 0; s < ROWS; s += CALL) {
    const e = Math.min(ROWS, s + CALL)
    if (f(answers.subarray(s * K, e * K), e - s) !== -1 && f !== maxOf && f !== jsMaxOf) throw new Error('a probability row was refused')
  }
}
const maxOf = (d: Float32Array, rows: number) => { rowMaxima(d, rows, K, maxima); return -1 }
const jsMaxOf = (d: Float32Array, rows: number) => { jsRowMaxima(d, rows, K, maxima); return -1 }
const answerVariants: Array<[string, (d: Float32Array, rows: number) => number]> = [
  ['firstNonProbabilityRow', (d, rows) => firstNonProbabilityRow(d, rows, K, 1e-3)],
  ['  its JS twin', (d, rows) => jsFirstNonProbabilityRow(d, rows, K, 1e-3)],
  ['rowMaxima', maxOf],
  ['  its JS twin', jsMaxOf],
]
const answerTimes = answerVariants.map(() => [] as number[])
for (const [, f] of answerVariants) for (let w = 0; w < 3; w++) perCall(f)
for (let r = 0; r < runs; r++) {
  answerVariants.forEach(([, f], i) => {
    const t = performance.now()
    perCall(f)
    answerTimes[i].push(performance.now() - t)
  })
}
console.log(`\n2. answers: ${ROWS} rows × ${K} classes in ${CALL}-row calls`)
answerVariants.forEach(([k], i) => {
  const pair = i % 2 === 0 ? i : i - 1
  console.log(`${k.padEnd(24)} ${median(answerTimes[i]).toFixed(2).padStart(7)} ms   ${(median(answerTimes[i]) / median(answerTimes[pair])).toFixed(2)}×`)
})
