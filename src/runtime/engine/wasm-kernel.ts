import { ZIGGURAT_TABLES } from '../../data/ziggurat.js'
import { KERNEL_WASM_BASE64 } from './kernel-wasm.js'
import type { Kernel } from './kernel.js'
import { compiledOnce, instantiate, reserveMemory, WASM_PAGE, type WasmMemory } from '../../wasm/module.js'

/** The exports of assembly/kernel.ts (addresses in bytes). */
interface KernelExports {
  memory: WasmMemory
  heapBase(): number
  dense(a: number, w: number, b: number, out: number, rows: number, k: number, n: number, relu: number): void
  denseRows(a: number, w: number, b: number, out: number, rows: number, k: number, n: number, relu: number): void
  gradients(a: number, dz: number, gw: number, gb: number, rows: number, k: number, n: number): void
  backDelta(dz: number, w: number, h: number, dh: number, rows: number, k: number, n: number, wt: number, row: number): void
  softmaxError(z: number, y: number, sums: number, rows: number, n: number, wantLoss: number): number
  softmaxRows(z: number, rows: number, n: number): void
  adam(w: number, g: number, m: number, v: number, count: number, l2x2: number, b1: number, b2: number, mScale: number, vScale: number, eps: number): void
  sgd(w: number, g: number, count: number, l2x2: number, lr: number): void
  addTo(dst: number, src: number, count: number): void
  ghostNorms(a: number, d: number, rows: number, k: number, n: number, acc: number): void
  scaleRows(d: number, rows: number, n: number, f: number): void
  noisyMean(g: number, count: number, scale: number, divisor: number, state: number): void
  zigguratTables(): number
}

/** The kernel module, compiled on first use (once per thread). */
const kernelModule = compiledOnce(KERNEL_WASM_BASE64)

/**
 * Whether this runtime can run the WebAssembly SIMD kernel (it compiles the module once to find
 * out). `false` on runtimes without WebAssembly SIMD; the plain-JavaScript kernel is used there.
 */
export function wasmKernelAvailable(): boolean {
  return 'module' in kernelModule()
}

/**
 * A {@link Kernel} over a fresh instance of the compiled kernel, with memory for an arena of
 * `floats` float32 values (its own instance, so runs in parallel or in sequence never share memory).
 *
 * @throws Error when WebAssembly SIMD is unavailable (check {@link wasmKernelAvailable} first) or
 *   the arena exceeds the 4 GiB a 32-bit WebAssembly memory can address.
 */
export function createWasmKernel(floats: number): Kernel {
  const compiled = kernelModule()
  if ('error' in compiled) {
    throw new Error(`engine "wasm": the WebAssembly SIMD kernel cannot be compiled here (${String(compiled.error)}); use engine "js"`, { cause: compiled.error })
  }
  const x = instantiate<KernelExports>(compiled.module)
  const baseBytes = x.heapBase()
  const bytes = baseBytes + floats * 4
  if (bytes > 4 * 1024 ** 3 - WASM_PAGE) {
    throw new RangeError(`engine "wasm": the model and batch need ${(bytes / 1024 ** 3).toFixed(2)} GiB of kernel memory, more than WebAssembly's 4 GiB; lower batchSize or use engine "js"`)
  }
  reserveMemory(x.memory, bytes)
  // Taken after growing: growing detaches the previous ArrayBuffer.
  const heap = new Float32Array(x.memory.buffer)
  // The kernel lays its tables out for a fixed size (assembly/kernel.ts): a larger table would overwrite the heap.
  if (x.heapBase() - x.zigguratTables() < ZIGGURAT_TABLES.byteLength) {
    throw new Error(`engine "wasm": the kernel reserves ${x.heapBase() - x.zigguratTables()} bytes for the ziggurat's tables, which take ${ZIGGURAT_TABLES.byteLength}; rebuild it (npm run build:wasm) after changing either side`)
  }
  new Float64Array(x.memory.buffer, x.zigguratTables(), ZIGGURAT_TABLES.length).set(ZIGGURAT_TABLES)
  const B = 4
  return {
    name: 'wasm',
    heap,
    base: baseBytes / B,
    dense: (a, w, b, out, rows, k, n, relu) => x.dense(a * B, w * B, b * B, out * B, rows, k, n, relu ? 1 : 0),
    denseRows: (a, w, b, out, rows, k, n, relu) => x.denseRows(a * B, w * B, b * B, out * B, rows, k, n, relu ? 1 : 0),
    gradients: (a, dz, gw, gb, rows, k, n) => x.gradients(a * B, dz * B, gw * B, gb * B, rows, k, n),
    backDelta: (dz, w, h, dh, rows, k, n, wt, row) => x.backDelta(dz * B, w * B, h * B, dh * B, rows, k, n, wt * B, row * B),
    softmaxError: (z, y, sums, rows, n, wantLoss) => x.softmaxError(z * B, y * B, sums < 0 ? 0 : sums * B, rows, n, wantLoss ? 1 : 0),
    softmaxRows: (z, rows, n) => x.softmaxRows(z * B, rows, n),
    adam: (w, g, m, v, count, l2x2, b1, b2, mScale, vScale, eps) => x.adam(w * B, g * B, m * B, v * B, count, l2x2, b1, b2, mScale, vScale, eps),
    sgd: (w, g, count, l2x2, lr) => x.sgd(w * B, g * B, count, l2x2, lr),
    addTo: (dst, src, count) => x.addTo(dst * B, src * B, count),
    ghostNorms: (a, d, rows, k, n, acc) => x.ghostNorms(a * B, d * B, rows, k, n, acc * B),
    scaleRows: (d, rows, n, f) => x.scaleRows(d * B, rows, n, f * B),
    noisyMean: (g, count, scale, divisor, state) => x.noisyMean(g * B, count, scale, divisor, state * B),
  }
}
