/**
 * A short description of any value for error messages ("found an array of length 3",
 * "found the string \"x\"", "found a promise"): says what was received without dumping it, which
 * could print records.
 */
export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (v === undefined) return 'undefined'
  if (Array.isArray(v)) return `an array of length ${v.length}`
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`
  if (typeof v === 'object') {
    if (typeof (v as { then?: unknown }).then === 'function') return 'a promise'
    return `an object with keys [${Object.keys(v).slice(0, 6).join(', ')}]`
  }
  if (typeof v === 'function') return 'a function'
  return `${typeof v} ${String(v)}`
}

/**
 * {@link describeValue} for a value read from a data file, where the value may be part of a record:
 * its type and size, never its content ("found a string of 4 characters", "found a number").
 */
export function describeDataValue(v: unknown): string {
  if (typeof v === 'string') return `a string of ${v.length} character${v.length === 1 ? '' : 's'}`
  if (typeof v === 'number') return 'a number'
  if (typeof v === 'boolean') return 'a boolean'
  return describeValue(v)
}

/**
 * `v` when it is a positive integer; otherwise a RangeError naming `what` and what was found
 * (`options.batchSize: expected a positive integer, found 0`).
 */
export function positiveInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`${what}: expected a positive integer, found ${typeof v === 'number' ? v : describeValue(v)}`)
  }
  return v
}

/** {@link positiveInt} for an optional setting: `undefined` passes through (the default applies). */
export function optionalPositiveInt(v: unknown, what: string): number | undefined {
  return v === undefined ? undefined : positiveInt(v, what)
}

/** `512 B`, `2.1 kB`, `3.4 MB` (decimal units, as HTTP tools print them). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`
  return `${(bytes / 1e6).toFixed(1)} MB`
}
