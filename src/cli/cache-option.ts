import { resolveReferenceCache, type ReferenceCache } from '../runtime/cache/location.js'
import { asUsage } from './usage-error.js'

/**
 * The reference cache a command uses: `--cache DIR` (relative to the working directory) when given,
 * else the thresholds file's, asked of `fileCache` only then (`ResolvedConfig.cache`, or
 * `loadConfigCache`: `defaults.cache`, the environment and the default already applied; `false`
 * when off), else — without a thresholds file (`undefined`) — `PRIVACY_GATES_CACHE` or the default
 * folder. `null`: the cache is off.
 */
export async function cacheOption(
  flag: string | undefined,
  fileCache: () => string | false | undefined | Promise<string | false | undefined>,
): Promise<ReferenceCache | null> {
  if (flag !== undefined) return asUsage(() => resolveReferenceCache(flag, { what: '--cache' }))
  return resolveReferenceCache(await fileCache())
}
