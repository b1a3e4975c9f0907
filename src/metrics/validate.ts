/**
 * Argument checks shared by the metrics. Every message names the argument, says what was expected
 * and what was found (docs/architecture.md#errors), so a bad score array is caught at the metric, not three layers
 * up in a gate message.
 */

/**
 * Throws unless `value` is a non-empty `Float64Array`.
 * The type is checked at run time too because a plain `number[]` would be sorted as strings by the
 * comparator-free `sort()` the metrics rely on, silently giving wrong answers to JavaScript callers.
 *
 * @param name the argument's name as the caller sees it, e.g. `"memberScores"`
 */
export function expectScores(name: string, value: unknown): asserts value is Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new TypeError(`${name}: expected a Float64Array of scores, found ${describe(value)}`)
  }
  if (value.length === 0) {
    throw new RangeError(`${name}: expected at least one score, found an empty Float64Array`)
  }
}

/**
 * Throws naming the first NaN in `scores` (which must contain one: callers detect NaN cheaply
 * after sorting, where it collects at the end, and only then pay for this scan).
 */
export function throwNaN(name: string, scores: Float64Array): never {
  const at = scores.findIndex((v) => Number.isNaN(v))
  throw new RangeError(`${name}: expected scores without NaN, found NaN at index ${at}`)
}

/**
 * Throws unless `a` and `b` are non-empty `Int32Array`s of the same length.
 *
 * @param names the two arguments' names, e.g. `["predicted", "labels"]`
 */
export function expectPairedLabels(names: readonly [string, string], a: unknown, b: unknown): void {
  for (const [name, value] of [[names[0], a], [names[1], b]] as const) {
    if (!(value instanceof Int32Array)) {
      throw new TypeError(`${name}: expected an Int32Array of class indices, found ${describe(value)}`)
    }
    if (value.length === 0) {
      throw new RangeError(`${name}: expected at least one entry, found an empty Int32Array`)
    }
  }
  const la = (a as Int32Array).length
  const lb = (b as Int32Array).length
  if (la !== lb) {
    throw new RangeError(`${names[0]}, ${names[1]}: expected the same length, found ${la} and ${lb}`)
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an Array of length ${value.length}`
  if (typeof value === 'object') return article((value as object).constructor?.name ?? 'object')
  return `${typeof value} ${String(value)}`
}

function article(noun: string): string {
  // 'u' left out on purpose: "a Uint8Array", "a Uint32Array" are the names met here.
  return `${/^[aeio]/i.test(noun) ? 'an' : 'a'} ${noun}`
}

/**
 * A finite, non-empty sample as a fresh `Float64Array` (callers may sort it in place). Accepts any
 * array-like of numbers, since distribution comparisons take user data (confidence logs), not the
 * package's own score arrays.
 *
 * @param name the argument's name as the caller sees it, e.g. `"reference"`
 */
export function finiteSample(v: ArrayLike<number>, name: string): Float64Array {
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number') {
    throw new TypeError(`${name}: expected an array of numbers, found ${v === null ? 'null' : typeof v}`)
  }
  if (v.length === 0) throw new RangeError(`${name}: expected at least one value, found an empty sample`)
  const out = Float64Array.from(v)
  for (let k = 0; k < out.length; k++) {
    if (!Number.isFinite(out[k])) throw new RangeError(`${name}[${k}]: expected a finite number, found ${out[k]}`)
  }
  return out
}
