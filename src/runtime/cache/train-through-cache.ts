import type { Matrix } from '../../data/matrix.js'
import type { EngineOption } from '../classifier.js'
import { packageVersion } from '../package-version.js'
import type { TrainJob } from '../train-job.js'
import { readEntry, removeEntry, writeEntry, type EntryLabel } from './entry.js'
import { jobKey } from './job-key.js'
import { inShard, type ReferenceCache } from './location.js'
import { breakLock, lockState, tryLock, type HeldLock } from './lock.js'

/** How many of a call's models were trained and how many came from the cache; added to as they finish. */
export interface ReferenceTally {
  trained: number
  cached: number
}

/**
 * Thrown by `trainMany` with a sharded cache once its share of the call's models is in the cache:
 * the caller (`privacy-gates train-references`) moves on without the other models' answers.
 */
export class ShardTrained extends Error {
  override name = 'ShardTrained'
  constructor(
    /** Models of the share trained now. */
    readonly trained: number,
    /** Models of the share that were cached already (or were trained meanwhile by another process). */
    readonly cached: number,
    /** Models of the call outside the share (left to other shards). */
    readonly skipped: number,
  ) {
    super(`reference cache: this shard's ${trained + cached} models are cached (${trained} trained now); ${skipped} belong to other shards`)
  }
}

/**
 * Trains the jobs `indices` of the call and reports each job's answers as it finishes (any order).
 * `trainMany`'s lanes, handed in so this module does not import them.
 */
export type LaneTrainer = (indices: readonly number[], onResult: (index: number, outputs: Matrix[]) => void) => Promise<void>

/** One job's cache entry: its key (`null`: never cached, e.g. a job holding a function) and label. */
export interface CacheEntryInfo {
  key: string | null
  label: EntryLabel
}

/**
 * The cache entries of `trainMany` jobs: keys from {@link jobKey} with each job's engine as
 * `trainMany` resolved it (a job whose engine did not resolve, or that cannot be keyed, is not
 * cached) and the tfjs `backend` when the engine is tfjs.
 */
export async function trainJobEntries(jobs: readonly TrainJob[], engines: readonly EngineOption[], backend: string | null): Promise<CacheEntryInfo[]> {
  const version = await packageVersion()
  return jobs.map((job, j) => {
    const engine = engines[j]
    const { spec, options } = job
    const model = spec && Array.isArray(spec.hidden) ? [spec.features, ...spec.hidden, spec.classes].join(' → ') : 'model'
    const label: EntryLabel = { model, epochs: options.epochs, seed: options.seed, engine: String(engine), packageVersion: version }
    if (engine === 'auto') return { key: null, label }
    try {
      return { key: jobKey(job, { engine, packageVersion: version, ...(engine === 'tfjs' && backend ? { backend } : {}) }), label }
    } catch {
      return { key: null, label }
    }
  })
}

/** What {@link trainThroughCache} needs besides the jobs' entries. */
export interface CacheRun {
  cache: ReferenceCache
  train: LaneTrainer
  tally?: ReferenceTally
  onJobDone?: (done: number, total: number) => void
  /** Where notes go (a damaged entry, models missing after a failed shard). Default stderr. */
  warn?: (line: string) => void
  /** Milliseconds between two looks at a key another trainer holds. Default 200. */
  pollMs?: number
}

/**
 * Jobs run through a reference-model cache (docs/reference-cache.md), one per entry of `entries`:
 * each job's answers are read from the cache when an intact entry exists; the others are trained once — a trainer takes a
 * key's lock first, and a job whose key another process or thread is training waits for its entry
 * instead (or trains it when that lock turns out stale) — and written as each finishes. A damaged
 * entry is said on `warn`, removed and retrained. A cache that cannot be written is said once and
 * the models are trained without it. With `cache.shard`, only the share's missing models are
 * trained, and the call ends with {@link ShardTrained}.
 */
export async function trainThroughCache(entries: readonly CacheEntryInfo[], run: CacheRun): Promise<Matrix[][]> {
  const { cache, tally, onJobDone } = run
  const warn = run.warn ?? ((line: string) => void process.stderr.write(line + '\n'))
  const where = `privacy-gates: reference cache ${cache.dir}`
  const keys = entries.map((e) => e.key)
  const jobs = entries
  const results = new Array<Matrix[]>(jobs.length)
  let done = 0
  let usable = true
  const trainedHere = new Set<number>()
  const finish = (j: number, outputs: Matrix[], from: 'trained' | 'cached'): void => {
    results[j] = outputs
    if (from === 'trained') trainedHere.add(j)
    if (tally) tally[from]++
    onJobDone?.(++done, jobs.length)
  }
  const disable = (error: unknown): void => {
    if (!usable) return
    usable = false
    warn(`${where} cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); training without it`)
  }

  // What the cache holds already.
  const missing: number[] = []
  let found = 0
  for (let j = 0; j < jobs.length; j++) {
    const key = keys[j]
    if (key === null) {
      missing.push(j)
      continue
    }
    const read = await readEntry(cache.dir, key)
    if (read.kind === 'hit') {
      found++
      finish(j, read.outputs, 'cached')
      continue
    }
    if (read.kind === 'corrupted') {
      warn(`${where}: entry ${key.slice(0, 12)}… is damaged (${read.reason}); training that model again and replacing it`)
      await removeEntry(cache.dir, key).catch(disable)
    }
    missing.push(j)
  }
  const shard = cache.shard
  const wanted = shard ? missing.filter((j) => inShard(j, shard) && keys[j] !== null) : missing
  if (!shard && found > 0 && missing.length > 0) {
    warn(`${where}: ${found} of ${jobs.length} models found; training the ${missing.length} missing (did a train-references shard fail?)`)
  }

  const label = (j: number): EntryLabel => entries[j].label
  let pending = wanted
  while (pending.length > 0) {
    const mine: number[] = []
    const locks = new Map<number, HeldLock>()
    const waiting: number[] = []
    for (const j of pending) {
      const key = keys[j]
      if (key === null || !usable) {
        mine.push(j)
        continue
      }
      let lock: HeldLock | null
      try {
        lock = await tryLock(cache.dir, key)
      } catch (error) {
        disable(error)
        mine.push(j)
        continue
      }
      if (lock === null) {
        waiting.push(j)
        continue
      }
      // Another trainer may have finished between the first look and the lock.
      const read = await readEntry(cache.dir, key)
      if (read.kind === 'hit') {
        await lock.release()
        finish(j, read.outputs, 'cached')
        continue
      }
      locks.set(j, lock)
      mine.push(j)
    }
    const writes: Promise<void>[] = []
    try {
      if (mine.length > 0) {
        await run.train(mine, (j, outputs) => {
          finish(j, outputs, 'trained')
          const key = keys[j]
          const lock = locks.get(j)
          if (key === null) return
          const write = usable ? writeEntry(cache.dir, key, outputs, label(j)).catch(disable) : Promise.resolve()
          // The lock goes as soon as the entry is in place: waiters read it without waiting for the whole call.
          void write.finally(() => lock?.release().catch(() => {}))
          writes.push(write)
        })
        await Promise.all(writes)
      }
    } finally {
      await Promise.all([...locks.values()].map((l) => l.release()))
    }
    pending = await awaitOthers(waiting, keys as string[], cache.dir, run.pollMs ?? 200, (j, outputs) => finish(j, outputs, 'cached'))
  }
  if (shard) {
    const share = jobs.map((_, j) => j).filter((j) => inShard(j, shard) && keys[j] !== null)
    const trainedNow = share.filter((j) => trainedHere.has(j)).length
    throw new ShardTrained(trainedNow, share.length - trainedNow, jobs.length - share.length)
  }
  return results
}

/**
 * Waits for the keys other trainers hold: each ends as a cache hit, or comes back to be trained
 * here when its lock is released without an entry (that trainer failed) or turns stale.
 */
async function awaitOthers(
  waiting: number[], keys: readonly string[], dir: string, pollMs: number, hit: (j: number, outputs: Matrix[]) => void,
): Promise<number[]> {
  const retry: number[] = []
  let left = waiting
  while (left.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, pollMs))
    const still: number[] = []
    for (const j of left) {
      const read = await readEntry(dir, keys[j])
      if (read.kind === 'hit') {
        hit(j, read.outputs)
        continue
      }
      const state = await lockState(dir, keys[j])
      if (state === 'held') {
        still.push(j)
        continue
      }
      if (state === 'stale') await breakLock(dir, keys[j])
      retry.push(j)
    }
    left = still
  }
  return retry
}
