import { CHECKS_WASM_BASE64 } from './checks-wasm.js'
import { compiledOnce, instantiate, reserveMemory, type WasmMemory } from './module.js'

/** The exports of assembly/checks.ts (addresses in bytes; see it for what each computes). */
interface ChecksExports {
  memory: WasmMemory
  heapBase(): number
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

const compiled = compiledOnce(CHECKS_WASM_BASE64)
let instance: { x: ChecksExports; floats: Float32Array; maxima: Float64Array } | null | undefined

/** The one instance of the module (1 MiB of values, 2 MiB of maxima), or null without WebAssembly SIMD. */
function checks(): typeof instance {
  if (instance === undefined) {
    const c = compiled()
    if ('error' in c) return (instance = null)
    const x = instantiate<ChecksExports>(c.module)
    const base = x.heapBase()
    reserveMemory(x.memory, base + 4 * BLOCK + 8 * BLOCK)
    // Taken after growing (growing detaches the buffer); the memory never grows again.
    instance = { x, floats: new Float32Array(x.memory.buffer, base, BLOCK), maxima: new Float64Array(x.memory.buffer, base + 4 * BLOCK, BLOCK) }
  }
  return instance
}

/** Rows of `cols` values per block, or 0 when the module does not take this data (too small, rows too wide, no SIMD). */
function rowsPerBlock(values: number, cols: number): number {
  return values < MIN_VALUES || cols > BLOCK || checks() === null ? 0 : Math.floor(BLOCK / cols)
}

/**
 * Whether some value of `data` is NaN or ±Infinity, in WebAssembly SIMD (assembly/checks.ts), or
 * `undefined` when the module does not take it (fewer than 4096 values; no WebAssembly SIMD): the
 * caller's JS twin answers then.
 */
export function wasmHasNonFinite(data: Float32Array): boolean | undefined {
  if (rowsPerBlock(data.length, 1) === 0) return undefined
  const { x, floats } = checks()!
  for (let s = 0; s < data.length; s += BLOCK) {
    const n = Math.min(BLOCK, data.length - s)
    floats.set(data.subarray(s, s + n))
    if (x.nonFinite(floats.byteOffset, n) !== 0) return true
  }
  return false
}

/**
 * The first of `rows` rows of `cols` values that is not a probability row (values in [0, 1], NaN
 * failing; sum within `tolerance` of 1, added in doubles in column order as the JS check adds
 * them), -1 when every row is, or `undefined` when the module does not take the data.
 */
export function wasmFirstNonProbabilityRow(data: Float32Array, rows: number, cols: number, tolerance: number): number | undefined {
  const per = rowsPerBlock(rows * cols, cols)
  if (per === 0) return undefined
  const { x, floats } = checks()!
  for (let r = 0; r < rows; r += per) {
    const n = Math.min(per, rows - r)
    floats.set(data.subarray(r * cols, (r + n) * cols))
    const bad = x.probabilityRows(floats.byteOffset, n, cols, tolerance)
    if (bad >= 0) return r + bad
  }
  return -1
}

/**
 * Each row's largest value into `out`, found on the float bits (right for non-negative values);
 * returns the OR of every value's bits (negative when some value has its sign bit set: the maxima
 * are then wrong and the caller compares values), or `undefined` when the module does not take the data.
 */
export function wasmRowMaxima(data: Float32Array, rows: number, cols: number, out: Float64Array): number | undefined {
  const per = rowsPerBlock(rows * cols, cols)
  if (per === 0) return undefined
  const { x, floats, maxima } = checks()!
  let signs = 0
  for (let r = 0; r < rows; r += per) {
    const n = Math.min(per, rows - r)
    floats.set(data.subarray(r * cols, (r + n) * cols))
    signs |= x.maxRows(floats.byteOffset, n, cols, maxima.byteOffset)
    out.set(maxima.subarray(0, n), r)
  }
  return signs
}
