import { CHECKS_WASM_BASE64 } from './checks-wasm.js'
import { reusedInstance, type HeapExports } from './module.js'

/** The exports of assembly/checks.ts (addresses in bytes; see it for what each computes). */
interface ChecksExports extends HeapExports {
  nonFinite(p: number, count: number): number
  probabilityRows(p: number, rows: number, cols: number, tolerance: number): number
  maxRows(p: number, rows: number, cols: number, out: number): number
}

/**
 * Values copied in per call: 1 MiB, so a block is still in cache when the module reads it. Below
 * {@link MIN_VALUES} values the JS twins run: a call and a copy cost more than they save.
 */
const BLOCK = 1 << 18
const MIN_VALUES = 4096

/** The module's one instance: 1 MiB of values, then 2 MiB of maxima (a block's rows, one double each at most). */
const instance = reusedInstance<ChecksExports>(CHECKS_WASM_BASE64, 12 * BLOCK)

/** The instance and its two areas, or null without WebAssembly SIMD. */
function checks(): { x: ChecksExports; floats: Float32Array; maxima: Float64Array } | null {
  const x = instance(12 * BLOCK)
  if (x === null) return null
  const base = x.heapBase()
  return { x, floats: new Float32Array(x.memory.buffer, base, BLOCK), maxima: new Float64Array(x.memory.buffer, base + 4 * BLOCK, BLOCK) }
}

/** Rows of `cols` values per block, or 0 when the module does not take this data (too small, rows too wide). */
function rowsPerBlock(values: number, cols: number): number {
  return values < MIN_VALUES || cols > BLOCK ? 0 : Math.floor(BLOCK / cols)
}

/**
 * Whether some value of `data` is NaN or ±Infinity: in WebAssembly SIMD where the module takes the
 * data (0.6× the JS twin's time, copy included: bench/value-checks.ts), else in JS.
 *
 * @example
 * hasNonFinite(new Float32Array([0.5, Number.NaN])) // true
 */
export function hasNonFinite(data: Float32Array): boolean {
  return wasmHasNonFinite(data) ?? !Number.isFinite(finiteSum(data))
}

/**
 * The first of `rows` rows of `cols` values that is not a probability row (finite values in [0, 1]
 * summing to 1 ± `tolerance`, the sum in doubles in column order), or -1: in WebAssembly SIMD where
 * the module takes the data, else in JS ({@link jsFirstNonProbabilityRow}).
 */
export function firstNonProbabilityRow(data: Float32Array, rows: number, cols: number, tolerance: number): number {
  return wasmFirstNonProbabilityRow(data, rows, cols, tolerance) ?? jsFirstNonProbabilityRow(data, rows, cols, tolerance)
}

/**
 * Each row's largest value into `out`, found on the float bits (right for non-negative values):
 * in WebAssembly SIMD where the module takes the data, else in JS ({@link jsRowMaxima}). Returns
 * the OR of every value's bits: negative when some value has its sign bit set, and the maxima are
 * then wrong (compare values instead).
 */
export function rowMaxima(data: Float32Array, rows: number, cols: number, out: Float64Array): number {
  return wasmRowMaxima(data, rows, cols, out) ?? jsRowMaxima(data, rows, cols, out)
}

/**
 * {@link hasNonFinite} in WebAssembly SIMD (assembly/checks.ts), or `undefined` when the module
 * does not take the data (fewer than 4096 values; no WebAssembly SIMD). Exported for the tests.
 */
export function wasmHasNonFinite(data: Float32Array): boolean | undefined {
  const c = rowsPerBlock(data.length, 1) === 0 ? null : checks()
  if (c === null) return undefined
  const { x, floats } = c
  for (let s = 0; s < data.length; s += BLOCK) {
    const n = Math.min(BLOCK, data.length - s)
    floats.set(data.subarray(s, s + n))
    if (x.nonFinite(floats.byteOffset, n) !== 0) return true
  }
  return false
}

/** {@link firstNonProbabilityRow} in WebAssembly SIMD, or `undefined` when the module does not take the data. */
export function wasmFirstNonProbabilityRow(data: Float32Array, rows: number, cols: number, tolerance: number): number | undefined {
  const per = rowsPerBlock(rows * cols, cols)
  const c = per === 0 ? null : checks()
  if (c === null) return undefined
  const { x, floats } = c
  for (let r = 0; r < rows; r += per) {
    const n = Math.min(per, rows - r)
    floats.set(data.subarray(r * cols, (r + n) * cols))
    const bad = x.probabilityRows(floats.byteOffset, n, cols, tolerance)
    if (bad >= 0) return r + bad
  }
  return -1
}

/** {@link rowMaxima} in WebAssembly SIMD, or `undefined` when the module does not take the data. */
export function wasmRowMaxima(data: Float32Array, rows: number, cols: number, out: Float64Array): number | undefined {
  const per = rowsPerBlock(rows * cols, cols)
  const c = per === 0 ? null : checks()
  if (c === null) return undefined
  const { x, floats, maxima } = c
  let signs = 0
  for (let r = 0; r < rows; r += per) {
    const n = Math.min(per, rows - r)
    floats.set(data.subarray(r * cols, (r + n) * cols))
    signs |= x.maxRows(floats.byteOffset, n, cols, maxima.byteOffset)
    out.set(maxima.subarray(0, n), r)
  }
  return signs
}

// The JS twins: what runs where WebAssembly SIMD is missing and for small blocks. Each long loop
// ends in `return` of a local: V8 compiles such a loop on the fly (OSR) during its first call,
// before code after the loop has run, and that code then deoptimised on every later call.

/**
 * {@link hasNonFinite}'s JS twin, as a sum: the sum of `data` in doubles is finite exactly when
 * every value is (a float32 is below 3.5e38 in magnitude, so a sum of fewer than 2^53 finite ones
 * stays far below the double range, while a NaN or an infinity makes it NaN or infinite). One add
 * per value, no branch; `bench/value-checks.ts` compares it with the alternatives (`v * 0`, `v − v`,
 * the exponent bits through an Int32Array view), all slower in V8.
 */
export function finiteSum(data: Float32Array): number {
  const n = data.length
  // The odd values first, for the same reason.
  let i = n % 4
  let s = 0
  for (let j = 0; j < i; j++) s += data[j]
  // Four values summed as a tree per step: the adds of one step do not wait for each other.
  for (; i < n; i += 4) s += (data[i] + data[i + 1]) + (data[i + 2] + data[i + 3])
  return s
}

/** {@link firstNonProbabilityRow}'s JS twin: one pass per row (a value in [0, 1] is finite; NaN fails both tests). */
export function jsFirstNonProbabilityRow(data: Float32Array, rows: number, cols: number, tolerance: number): number {
  let bad = -1
  for (let r = 0; r < rows && bad < 0; r++) {
    const o = r * cols
    let sum = 0, inRange = true
    for (let c = 0; c < cols; c++) {
      const v = data[o + c]
      if (!(v >= 0 && v <= 1)) inRange = false
      sum += v
    }
    if (!(inRange && Math.abs(sum - 1) <= tolerance)) bad = r
  }
  return bad
}

// One float32 seen as its bits, to turn the largest entry's bits back into its value.
const scratch = new Float32Array(1)
const scratchBits = new Int32Array(scratch.buffer)

/**
 * {@link rowMaxima}'s JS twin: non-negative float32 values order as their bits do, read as int32,
 * so integer arithmetic finds each row's largest without a branch (comparing floats costs a
 * mispredicted branch per row, since the largest sits anywhere in the row).
 */
export function jsRowMaxima(data: Float32Array, rows: number, cols: number, out: Float64Array): number {
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length)
  let signs = 0
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let m = bits[o]
    signs |= m
    for (let c = o + 1, end = o + cols; c < end; c++) {
      const v = bits[c]
      signs |= v
      const d = v - m
      m += d & ~(d >> 31) // m + max(d, 0)
    }
    scratchBits[0] = m
    out[r] = scratch[0]
  }
  return signs
}
