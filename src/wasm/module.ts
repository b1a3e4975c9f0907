/**
 * The slice of the WebAssembly API the package uses, typed locally: it compiles with lib ES2023 and
 * no DOM types, where TypeScript declares no `WebAssembly` values.
 */
interface WasmApi {
  Module: new (bytes: Uint8Array) => CompiledModule
  Instance: new (module: CompiledModule, imports: object) => { exports: unknown }
}

/** A compiled WebAssembly module. */
export type CompiledModule = { readonly __compiled: unique symbol }

/** A module's exported memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

/** 64 KiB: the WebAssembly page size. */
export const WASM_PAGE = 65536

const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly

/**
 * A module shipped as base64 (the generated `*-wasm.ts` files), compiled on the first call and kept
 * for the thread; `{ error }` when it cannot compile here (no WebAssembly, or no SIMD for a module
 * that needs it), so callers fall back to JS. Synchronous compilation is fine for modules of a few
 * kilobytes (well under a millisecond) and spares callers an await.
 *
 * @example
 * const kernel = compiledOnce(KERNEL_WASM_BASE64)
 * const compiled = kernel()
 * if ('module' in compiled) instantiate(compiled.module)
 */
export function compiledOnce(base64: string): () => { module: CompiledModule } | { error: unknown } {
  let result: { module: CompiledModule } | { error: unknown } | undefined
  return () => {
    if (result === undefined) {
      try {
        if (wasm === undefined) throw new Error('this runtime has no WebAssembly')
        result = { module: new wasm.Module(Buffer.from(base64, 'base64')) }
      } catch (error) {
        result = { error }
      }
    }
    return result
  }
}

/** A fresh instance of a compiled module (no imports): its own memory, so calls never share state. */
export function instantiate<T>(module: CompiledModule): T {
  return new (wasm as WasmApi).Instance(module, {}).exports as T
}

/** Grows `memory` so that it holds at least `bytes` bytes (growing detaches the previous buffer). */
export function reserveMemory(memory: WasmMemory, bytes: number): void {
  const pages = Math.ceil(bytes / WASM_PAGE)
  const have = memory.buffer.byteLength / WASM_PAGE
  if (pages > have) memory.grow(pages - have)
}

/** What {@link reusedInstance} needs of a module's exports: its memory and where the caller's room starts. */
export interface HeapExports {
  memory: WasmMemory
  heapBase(): number
}

/**
 * Instances of a module shipped as base64 with at least `bytes` of memory from `heapBase()` on,
 * or `null` where it cannot compile (the caller's JS twin runs then). One instance, up to
 * `keepBytes`, is kept and reused, since a fresh memory per call costs page faults and garbage
 * collection; a larger one is made for its call and dropped. So a caller must be done with an
 * instance (copy out what it keeps) before the next call, and take views of its memory after this
 * returns (growing detaches the buffer).
 *
 * @example
 * const scores = reusedInstance<ScoresExports>(SCORES_WASM_BASE64, 64 * 1024 ** 2)
 * const x = scores(40 * n) // null without WebAssembly
 */
export function reusedInstance<T extends HeapExports>(base64: string, keepBytes: number): (bytes: number) => T | null {
  const compiled = compiledOnce(base64)
  let kept: T | undefined
  return (bytes) => {
    const c = compiled()
    if ('error' in c) return null
    const x = bytes > keepBytes ? instantiate<T>(c.module) : (kept ??= instantiate<T>(c.module))
    reserveMemory(x.memory, x.heapBase() + bytes)
    return x
  }
}
