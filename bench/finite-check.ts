/**
 * The records' finiteness check (`checkFiniteRows`, src/data/dataset.ts) against its JS twin and
 * the branch-free JS alternatives, on 6.4 M floats (100,000 rows of 64 features) in 512 KiB chunks,
 * as the chunked audit reads them. Each variant is timed in the same rounds, interleaved; the table
 * gives medians and each one's time relative to the package's check.
 *
 * - `checkFiniteRows`: the package's check: each 1 MiB block copied into WebAssembly memory and
 *   tested with f32x4 SIMD (`wasmHasNonFinite`, assembly/checks.ts), the copy included;
 * - `JS twin (finiteSum)`: what runs without WebAssembly SIMD (one running sum in doubles, four
 *   values added as a tree per step, nothing after the loop but a return);
 * - `two sums (before)`: the check before issue 17 (two running sums, `Number.isFinite` after the
 *   loop, where V8 deoptimised on every call);
 * - `v − v`: a sum of `v − v` (0 for finite values, NaN otherwise), in the JS twin's shape;
 * - `v * 0`: a sum of `v * 0`, likewise;
 * - `exponent bits`: `((bits >> 23) & 0xff) + 1` OR-ed over an Int32Array view (bit 8 ends up
 *   set iff some exponent is all ones).
 *
 *   npx tsx bench/finite-check.ts [runs]     # median of 15 rounds by default
 */
import os from 'node:os'
import { checkFiniteRows, finiteSum } from '../src/data/dataset.js'
import { createRng } from '../src/data/rng.js'
import { median } from './timing.js'

const runs = Math.max(1, Number(process.argv[2] ?? 15))
const ROWS = 100_000, F = 64, CHUNK_ROWS = 2048
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
for (const [k, v] of times) console.log(`${k.padEnd(20)} ${median(v).toFixed(2).padStart(7)} ms   ${(median(v) / base).toFixed(2)}×`)
