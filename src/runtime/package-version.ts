import { readFile } from 'node:fs/promises'

let version: Promise<string> | undefined

/**
 * This package's version, from its package.json (two levels up from `src/runtime/` and
 * `dist/runtime/`); `''` when it cannot be read.
 */
export function packageVersion(): Promise<string> {
  version ??= readFile(new URL('../../package.json', import.meta.url), 'utf8')
    .then((text) => String((JSON.parse(text) as { version?: unknown }).version ?? ''))
    .catch(() => '')
  return version
}
