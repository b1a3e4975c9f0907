import { parseArgs } from 'node:util'
import { loadConfigCache } from '../gates/config/index.js'
import { clearCache, listCache } from '../runtime/cache/listing.js'
import { formatTable } from '../report/table.js'
import { asInput } from './as-input.js'
import { cacheOption } from './cache-option.js'
import { findConfigFile } from './config-models.js'
import { asUsage, UsageError } from './usage-error.js'
import { formatSize } from '../data/describe.js'

export const CACHE_HELP = `privacy-gates cache ls|clear [--config FILE] [--cache DIR]

Lists or empties the reference cache: the answers of shadow and reference models trained by
earlier runs (docs/reference-cache.md). ls prints one line per model (its key, architecture,
epochs, seed, engine, size, date) and the total; clear removes every entry.

  --cache DIR     the cache folder (default: the thresholds file's defaults.cache when a thresholds
                  file is found, then PRIVACY_GATES_CACHE, then node_modules/.cache/vitest-privacy-gates/
                  under the project root)
  --config FILE   thresholds file whose defaults.cache to use (default: PRIVACY_GATES_CONFIG, then
                  ./privacy-gates.json when it exists)
`

/** `privacy-gates cache ls|clear`. */
export async function cacheCommand(argv: string[], log: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { config: { type: 'string' }, cache: { type: 'string' } } })
  const [action, ...extra] = positionals
  if ((action !== 'ls' && action !== 'clear') || extra.length > 0) {
    throw new UsageError(`cache: expected "ls" or "clear", found ${positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' '))}`)
  }
  const cache = await cacheOption(values.cache, () => fileCache(values.config, warn))
  if (cache === null) {
    log('the reference cache is off (defaults.cache or PRIVACY_GATES_CACHE is false)')
    return
  }
  const { dir } = cache
  if (action === 'clear') {
    const { entries, bytes } = await clearCache(dir)
    log(`removed ${entries} cached reference ${entries === 1 ? 'model' : 'models'} (${formatSize(bytes)}) from ${dir}`)
    return
  }
  const listed = await listCache(dir)
  if (listed.length > 0) {
    log(formatTable(
      ['key', 'model', 'epochs', 'seed', 'engine', 'answers', 'size', 'written'],
      listed.map((e) => [
        e.key.slice(0, 12), e.damaged ? '(damaged: retrained when needed)' : e.model, String(e.epochs ?? ''), String(e.seed ?? ''), e.engine ?? '',
        e.shapes.join(' + '), formatSize(e.bytes), e.created.slice(0, 19).replace('T', ' '),
      ]),
    ))
  }
  log(`${listed.length} cached reference ${listed.length === 1 ? 'model' : 'models'}, ${formatSize(listed.reduce((s, e) => s + e.bytes, 0))} · ${dir}`)
}

/**
 * The cache folder of the thresholds file `--config` names or, without the flag, the one found
 * (`false`: off); `undefined` when no file is found and none was named: the cache is then where
 * the environment or the default puts it.
 */
async function fileCache(config: string | undefined, warn: (s: string) => void): Promise<string | false | undefined> {
  let file: string
  if (config !== undefined) {
    file = asUsage(() => findConfigFile(config, warn))
  } else {
    try {
      file = findConfigFile(undefined, warn)
    } catch {
      return undefined
    }
  }
  return asInput(() => loadConfigCache(file))
}
