import { createHash, type Hash } from 'node:crypto'
import type { EngineName } from '../classifier.js'
import type { TrainJob } from '../train-job.js'

/** Bumped when the entry format or what the key covers changes: older entries are then never read. */
const CACHE_FORMAT = 1

/** What besides the job decides a reference model's answers. */
export interface KeyContext {
  /** The engine the job trains with, resolved (`auto` never reaches the key). */
  engine: EngineName
  /** The TensorFlow.js backend, when the engine is `tfjs` (backends round differently). */
  backend?: string
  /** This package's version: another version may train differently. */
  packageVersion: string
}

/**
 * The cache key of a `trainMany` job: 64 hex digits of SHA-256 over everything that determines
 * its answers — every field of the job (the training rows and labels, the matrices to predict,
 * the architecture `spec` or a recipe's identity, every training option with the seed and DP-SGD
 * settings), the resolved engine (and tfjs backend), this package's version, Node's version (its
 * `Math` functions may round differently) and {@link CACHE_FORMAT}. The job is walked generically,
 * so a field added to `TrainJob` later (a recipe's identity string) is covered without an edit;
 * `options.engine` is replaced by the resolved engine so `auto` and the engine it picks share a key.
 *
 * Arrays of numbers are hashed by their bytes, with their type and length, so a float32 row and
 * the same values in float64 differ. Nothing of the job can be recovered from the key.
 *
 * @throws TypeError when the job holds something that cannot be keyed (a function, a class
 *   instance): such a job is trained without the cache.
 */
export function jobKey(job: TrainJob, context: KeyContext): string {
  return dataKey(`engine ${context.engine}`, { ...job, options: { ...job.options, engine: context.engine } }, context)
}

/**
 * The cache key of any job given as plain data (`value`, walked like {@link jobKey}'s job): SHA-256
 * over `kind` (what trains it, e.g. `recipe`), the tfjs backend, this package's and Node's versions,
 * {@link CACHE_FORMAT} and `value`. How reference models of a user's recipe are keyed (by the
 * recipe's identity, never its path, so a checkout elsewhere shares entries).
 *
 * @throws TypeError when `value` holds something that cannot be keyed (a function, a class instance).
 */
export function dataKey(kind: string, value: unknown, context: Omit<KeyContext, 'engine'>): string {
  const h = createHash('sha256')
  h.update(`vitest-privacy-gates reference model, format ${CACHE_FORMAT}\n`)
  h.update(`package ${context.packageVersion}; node ${process.version}; ${kind}; backend ${context.backend ?? '-'}\n`)
  hashValue(h, value, 'job')
  return h.digest('hex')
}

/** Feeds a canonical encoding of `v` to `h`: object keys sorted, `undefined` fields left out. */
function hashValue(h: Hash, v: unknown, where: string): void {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') {
    h.update(`${JSON.stringify(v)};`)
  } else if (typeof v === 'number') {
    h.update(`n${Object.is(v, -0) ? '-0' : String(v)};`)
  } else if (ArrayBuffer.isView(v)) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
    h.update(`${v.constructor.name}(${bytes.byteLength}):`)
    h.update(bytes)
  } else if (Array.isArray(v)) {
    h.update(`[${v.length}:`)
    v.forEach((x, i) => hashValue(h, x, `${where}[${i}]`))
    h.update(']')
  } else if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    h.update(`{${entries.length}:`)
    for (const [k, x] of entries) {
      h.update(`${JSON.stringify(k)}=`)
      hashValue(h, x, `${where}.${k}`)
    }
    h.update('}')
  } else {
    throw new TypeError(`${where}: ${typeof v === 'function' ? 'a function' : 'an object that is not plain data'} cannot be part of a cache key`)
  }
}
