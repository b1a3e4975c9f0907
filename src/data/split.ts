import type { Rng } from './rng.js'

/** A uniformly random permutation of `0..n-1` (Fisher–Yates with the given generator). */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  shuffleInPlace(p, rng)
  return p
}

/** Shuffles `a` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: any }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = a[i]; a[i] = a[j]; a[j] = t
  }
  return a
}

/**
 * Cuts `indices` into consecutive parts of the given sizes; a final `rest` part takes what is left.
 * Throws when the sizes add up to more than there is.
 *
 * @example
 * const [members, nonMembers, pool] = splitSizes(permutation(1797, rng), [600, 600], true)
 */
export function splitSizes(indices: Int32Array, sizes: readonly number[], rest = false): Int32Array[] {
  const total = sizes.reduce((s, v) => s + v, 0)
  if (total > indices.length) {
    throw new RangeError(`split: asked for ${sizes.join(' + ')} = ${total} rows, but only ${indices.length} are available`)
  }
  const parts: Int32Array[] = []
  let at = 0
  for (const s of sizes) { parts.push(indices.slice(at, at + s)); at += s }
  if (rest) parts.push(indices.slice(at))
  return parts
}
