/**
 * `npm run build:wasm`: compiles the engine's kernel (assembly/kernel.ts, AssemblyScript, f32x4
 * SIMD) and writes src/runtime/engine/kernel-wasm.ts, which carries the module as base64 into the
 * tsc build. Run it after every change to assembly/kernel.ts; the staleness test fails until you do.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { compileKernel, KERNEL_MODULE, renderKernelModule, ROOT, sourceHash } from './build-wasm-lib.js'

const text = renderKernelModule(await compileKernel(), await sourceHash())
const before = await readFile(KERNEL_MODULE, 'utf8').catch(() => '')
if (before === text) {
  console.log(`${relative(ROOT, KERNEL_MODULE)}: up to date`)
} else {
  await writeFile(KERNEL_MODULE, text)
  console.log(`${relative(ROOT, KERNEL_MODULE)}: regenerated`)
}
