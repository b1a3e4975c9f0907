import { resolveReferenceCache, type ReferenceCache } from '../runtime/cache/location.js'
import { asUsage } from './usage-error.js'

/**
 * The reference cache a command uses: `--cache DIR` (relative to the working directory) when given,
 * else the thresholds file's (`ResolvedConfig.cache`, or `loadConfigCache`: `defaults.cache`, the
 * environment and the default already applied; `false` when off), else — without a thresholds
 * file — `PRIVACY_GATES_CACHE` or the default folder. `null`: the cache is off.
 */
export function cacheOption(flag: string | undefined, fileCache: string | false | undefined): ReferenceCache | null {
  if (flag !== undefined) return asUsage(() => resolveReferenceCache(flag, { what: '--cache' }))
  return resolveReferenceCache(fileCache)
}
