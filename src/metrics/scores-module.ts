import { compiledOnce, instantiate, reserveMemory, type WasmMemory } from '../wasm/module.js'
import { SCORES_WASM_BASE64 } from './scores-wasm.js'

/** The exports of assembly/scores.ts (addresses in bytes; see it for what each computes). */
interface ScoresExports {
  memory: WasmMemory
  heapBase(): number
  sortTagged(keys: number, tags: number, keys2: number, tags2: number, counts: number, classCounts: number, n: number, m: number, classes: number): number
  groups(sorted: number, tags: number, total: number, values: number, members: number, nonMembers: number): number
  doubledUByClass(sorted: number, tags: number, total: number, classes: number, u2: number, below: number, tied: number): void
  classScores(sorted: number, tags: number, total: number, c: number, members: number, nonMembers: number): void
}

/** Instances at most this large are kept for the next call; a larger one is dropped after its call. */
const KEEP_BYTES = 64 * 1024 ** 2

const compiled = compiledOnce(SCORES_WASM_BASE64)
let kept: ScoresExports | undefined

/**
 * An instance of assembly/scores.ts with at least `bytes` of memory from its `heapBase()` on; `null` where WebAssembly
 * does not run (e.g. `node --jitless`): the summary then sorts in JS, to the same bits. One
 * instance (up to 64 MiB) is reused, since a fresh memory per call costs page faults and garbage
 * collection; so the caller must be done with it (copy out what it keeps) before it returns.
 */
export function scoresInstance(bytes: number): ScoresExports | null {
  const c = compiled()
  if ('error' in c) return null
  if (bytes > KEEP_BYTES) return grown(instantiate<ScoresExports>(c.module), bytes)
  kept ??= instantiate<ScoresExports>(c.module)
  return grown(kept, bytes)
}

function grown(x: ScoresExports, bytes: number): ScoresExports {
  reserveMemory(x.memory, x.heapBase() + bytes)
  return x
}
