import { existsSync } from 'node:fs'
import path from 'node:path'
import { describeValue } from '../../data/describe.js'

/** The environment variable naming the reference-model cache folder (`false` or `0` turns the cache off). */
const CACHE_ENV = 'PRIVACY_GATES_CACHE'

/** Where the default cache folder sits under a project root (Babel, ESLint and Vite use the same parent). */
const DEFAULT_CACHE_SUBDIR = path.join('node_modules', '.cache', 'vitest-privacy-gates')

/**
 * A share of the reference models: of every `trainMany` call's jobs, those whose index `j`
 * (0-based) has `j % count === index − 1`. 1-based like Vitest's `--shard=i/n`.
 */
export interface Shard {
  index: number
  count: number
}

/**
 * A reference-model cache: its folder, and for `privacy-gates train-references --shard i/n` the
 * share to train (training then stops once the share is cached, see `ShardTrained`). A plain
 * object, so it can cross to Vitest workers and be written in options.
 */
export interface ReferenceCache {
  /** Absolute path of the cache folder. */
  dir: string
  shard?: Shard
}

/**
 * Where reference models are cached, as an option: a folder (absolute, or relative to `from`), `false` for no cache, or a
 * {@link ReferenceCache}. `undefined` means: `PRIVACY_GATES_CACHE` when set, else the default folder.
 */
export type ReferenceCacheOption = string | false | ReferenceCache

/**
 * The project root of `from`: the nearest folder, `from` itself or above, holding a `package.json`;
 * `from` when there is none.
 */
function projectRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) return path.resolve(from)
  }
}

/** `node_modules/.cache/vitest-privacy-gates/` under the project root of `from`. */
export function defaultCacheDir(from: string): string {
  return path.join(projectRoot(from), DEFAULT_CACHE_SUBDIR)
}

/**
 * The cache an option names, or `null` for none. Precedence: the option (the thresholds file's
 * `defaults.cache`, the API's `cache`), then `PRIVACY_GATES_CACHE` (`false`/`0`/`off` turn it
 * off), then {@link defaultCacheDir} of `from`. Relative folders are resolved against `from`.
 *
 * @throws TypeError naming `what` when the option is none of the accepted kinds.
 */
export function resolveReferenceCache(
  option: ReferenceCacheOption | undefined,
  { from = process.cwd(), env = process.env, what = 'cache' }: { from?: string; env?: NodeJS.ProcessEnv; what?: string } = {},
): ReferenceCache | null {
  if (option === false) return null
  if (typeof option === 'string' && option !== '') return { dir: path.resolve(from, option) }
  if (option !== null && typeof option === 'object' && typeof option.dir === 'string' && option.dir !== '') {
    if (option.shard !== undefined) checkShard(option.shard, `${what}.shard`)
    return option.shard ? { dir: path.resolve(from, option.dir), shard: { ...option.shard } } : { dir: path.resolve(from, option.dir) }
  }
  if (option !== undefined) {
    throw new TypeError(`${what}: expected a folder path, false (no cache) or { dir, shard? }, found ${describeValue(option)}`)
  }
  const fromEnv = env[CACHE_ENV]
  if (fromEnv !== undefined && fromEnv !== '') {
    if (['false', '0', 'off'].includes(fromEnv.toLowerCase())) return null
    return { dir: path.resolve(from, fromEnv) }
  }
  return { dir: defaultCacheDir(from) }
}

/**
 * Parses `i/n` (1 ≤ i ≤ n) as Vitest's `--shard` does.
 * @throws RangeError naming `what` and the text found.
 */
export function parseShard(text: string, what = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : undefined
  if (!shard) throw new RangeError(`${what}: expected i/n (e.g. 1/4: the first of 4 shares), found ${JSON.stringify(text)}`)
  checkShard(shard, what)
  return shard
}

function checkShard(shard: Shard, what: string): void {
  const { index, count } = shard
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw new RangeError(`${what}: expected 1 ≤ i ≤ n (integers), found ${show(index)}/${show(count)}`)
  }
}

const show = (v: unknown): string => (typeof v === 'number' ? String(v) : describeValue(v))

/** Whether job `j` (0-based) of a `trainMany` call belongs to `shard`. */
export function inShard(j: number, shard: Shard | undefined): boolean {
  return shard === undefined || j % shard.count === shard.index - 1
}
