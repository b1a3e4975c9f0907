import { UsageError } from './usage-error.js'

/**
 * A flag's integer value: decimal digits only (a leading minus where `min` allows negatives), so
 * `1e3`, `0x10` or `2.5` are refused rather than read as numbers; at least `min`. Otherwise a
 * usage error (exit code 2) naming the flag, what it expects (`what`, default "an integer ≥ min")
 * and what was given.
 *
 * @example
 * integerFlag('8', '--k', 1)     // 8
 * integerFlag('2.5', '--k', 1)   // UsageError: --k: expected an integer ≥ 1, found "2.5"
 */
export function integerFlag(v: string, flag: string, min = Number.MIN_SAFE_INTEGER, what?: string): number {
  const n = Number(v)
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag}: expected ${what ?? `an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}`}, found ${JSON.stringify(v)}`)
  }
  return n
}

/** `--repeats N` of `check`: a positive integer (default 1, no spread). */
export function repeatsOption(v: string | undefined): number {
  return v === undefined ? 1 : integerFlag(v, '--repeats', 1, 'a positive integer number of seeds')
}
