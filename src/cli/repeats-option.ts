import { UsageError } from './usage-error.js'

/** `--repeats N` of `check`: a positive integer (default 1, no spread), else a usage error naming it. */
export function repeatsOption(v: string | undefined): number {
  if (v === undefined) return 1
  const n = Number(v)
  if (!/^\d+$/.test(v.trim()) || !Number.isInteger(n) || n < 1) {
    throw new UsageError(`--repeats: expected a positive integer number of seeds, found ${JSON.stringify(v)}`)
  }
  return n
}
