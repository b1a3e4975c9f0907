import { reusedInstance, type HeapExports } from '../wasm/module.js'
import { SCORES_WASM_BASE64 } from './scores-wasm.js'

/** The exports of assembly/scores.ts (addresses in bytes; see it for what each computes). */
interface ScoresExports extends HeapExports {
  sortTagged(keys: number, tags: number, keys2: number, tags2: number, counts: number, classCounts: number, n: number, m: number, classes: number): number
  groups(sorted: number, tags: number, total: number, values: number, members: number, nonMembers: number): number
  doubledUByClass(sorted: number, tags: number, total: number, classes: number, u2: number, below: number, tied: number): void
  classScores(sorted: number, tags: number, total: number, c: number, members: number, nonMembers: number): void
}

/**
 * An instance of assembly/scores.ts with at least `bytes` of memory from its `heapBase()` on; `null`
 * where WebAssembly does not run (e.g. `node --jitless`): the summary then sorts in JS, to the same
 * bits. One instance, up to 64 MiB, is reused ({@link reusedInstance}): the caller copies out what
 * it keeps before it returns.
 */
export const scoresInstance = reusedInstance<ScoresExports>(SCORES_WASM_BASE64, 64 * 1024 ** 2)
