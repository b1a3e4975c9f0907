import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { threadId } from 'node:worker_threads'

/** A lock whose file has not been touched for this long is stale (its holder died on another machine). */
const STALE_LOCK_MS = 30_000
/** How often a holder touches its lock file. */
const HEARTBEAT_MS = 5_000

/** A lock this thread holds on one key, while it trains that key's model. */
export interface HeldLock {
  /** Removes the lock file; idempotent. */
  release(): Promise<void>
}

/** Who holds a lock: written in the lock file, for staleness checks and for people reading the folder. */
interface LockOwner {
  pid: number
  thread: number
  host: string
  since: string
}

function lockPath(dir: string, key: string): string {
  return path.join(dir, 'locks', `${key}.lock`)
}

/**
 * Takes the lock of `key` when nobody holds it (the file is created with `wx`, which fails when it
 * exists, atomically even between processes), and touches it every {@link HEARTBEAT_MS} until
 * released. `null` when another trainer holds it.
 */
export async function tryLock(dir: string, key: string): Promise<HeldLock | null> {
  const file = lockPath(dir, key)
  await mkdir(path.dirname(file), { recursive: true })
  let handle
  try {
    handle = await open(file, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null
    throw error
  }
  const owner: LockOwner = { pid: process.pid, thread: threadId, host: os.hostname(), since: new Date().toISOString() }
  try {
    await handle.writeFile(JSON.stringify(owner))
  } finally {
    await handle.close()
  }
  const beat = setInterval(() => {
    const now = new Date()
    utimes(file, now, now).catch(() => {})
  }, HEARTBEAT_MS)
  beat.unref()
  let released = false
  return {
    async release() {
      if (released) return
      released = true
      clearInterval(beat)
      await rm(file, { force: true })
    },
  }
}

/**
 * The state of the lock of `key`: `free` (no file), `held`, or `stale` — its holder is a process of
 * this machine that no longer runs, or its file has not been touched for {@link STALE_LOCK_MS}.
 */
export async function lockState(dir: string, key: string, now = Date.now()): Promise<'free' | 'held' | 'stale'> {
  const file = lockPath(dir, key)
  let modified: number
  let text: string
  try {
    modified = (await stat(file)).mtimeMs
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'free'
    throw error
  }
  let owner: Partial<LockOwner> = {}
  try {
    owner = JSON.parse(text) as LockOwner
  } catch {
    // Being written right now (created, not yet filled): judged by its age alone.
  }
  if (owner.host === os.hostname() && typeof owner.pid === 'number' && !processRuns(owner.pid)) return 'stale'
  return now - modified > STALE_LOCK_MS ? 'stale' : 'held'
}

/**
 * Removes a stale lock so the key can be taken again. Two waiters may both break it and both
 * train; that costs time, never correctness (both write identical answers, see `writeEntry`).
 */
export async function breakLock(dir: string, key: string): Promise<void> {
  await rm(lockPath(dir, key), { force: true })
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
