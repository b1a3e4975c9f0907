import { describe, expect, it } from 'vitest'
import { compileKernel, renderKernelModule, sourceHash } from '../../../../scripts/build-wasm-lib.js'
import { KERNEL_SOURCE_SHA256, KERNEL_WASM_BASE64 } from '../../../../src/runtime/engine/kernel-wasm.js'

// The committed output of `npm run build:wasm` must come from the committed AssemblyScript source,
// so a kernel change cannot ship with a stale module.
describe('src/runtime/engine/kernel-wasm.ts (generated from assembly/kernel.ts)', () => {
  it('was built from the current source and flags', async () => {
    expect(KERNEL_SOURCE_SHA256, 'src/runtime/engine/kernel-wasm.ts is stale: run npm run build:wasm').toBe(await sourceHash())
  })

  it('holds exactly what the compiler produces from them', async () => {
    const binary = await compileKernel()
    expect(KERNEL_WASM_BASE64, 'src/runtime/engine/kernel-wasm.ts is stale: run npm run build:wasm').toBe(Buffer.from(binary).toString('base64'))
    expect(renderKernelModule(binary, KERNEL_SOURCE_SHA256)).toContain(KERNEL_WASM_BASE64.slice(0, 100))
  })
})
