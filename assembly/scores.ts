// AssemblyScript source of the membership summary's WebAssembly module: the one sort of every score
// and the scans over that order (src/metrics/tagged-scores.ts is its JS side and its fallback).
//
// Compiled by `npm run build:wasm` (scripts/build-wasm.ts) into src/metrics/scores-wasm.ts; never
// imported by the TypeScript build. Every function works at byte addresses in this module's memory;
// the JS side owns the layout and grows the memory. No allocation happens here (runtime `stub`), and
// no SIMD: the module runs wherever WebAssembly does.
//
// Each function computes exactly what its JS counterpart does, in the same order, so the results
// are the same bits: sums are of integers below 2^53 (exact in any order) and every double is
// compared, not rounded.

/** 2048 buckets per digit: 8 KiB of counts, in L1 cache. */
const DIGIT_BITS: i32 = 11
const BUCKETS: i32 = 1 << DIGIT_BITS
const MASK: u64 = <u64>(BUCKETS - 1)
/** 11-bit digits of a 64-bit key, least significant first (the last has 9 bits). */
const DIGITS: i32 = 6

/** First byte the JS side may use for its buffers. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15
}

/**
 * The unsigned key of a float's bits (a float32's in a u32, a double's in a u64) whose order is the
 * typed-array sort's: all bits flipped for negatives, the sign bit for the rest.
 */
// @ts-ignore: decorator
@inline function keyOf<K>(bits: K): K {
  if (sizeof<K>() == 8) return <K>(<u64>bits ^ (<u64>(<i64>bits >> 63) | 0x8000000000000000))
  return <K>(<u32>bits ^ (<u32>(<i32>bits >> 31) | 0x80000000))
}

/**
 * Tags every score 2·label + side (side 0 for the first `n`, the members; 1 for the next `m`) in
 * place of its label, counts each tag into `classCounts` (2·classes int32, zeroed here), then sorts
 * the `n + m` doubles at `keys` ascending, carrying the tags along ({@link sortKeys}, stable).
 * `keys2`/`tags2` are the
 * scratch halves, `counts` 6 × 2048 int32. When every score is a float32 value (probabilities read
 * from a model), the sort runs on float32 keys, half the bytes to move, and writes the doubles
 * back. Returns where the results ended: bit 0 set when the scores are in `keys2` (else `keys`),
 * bit 1 when the tags are in `tags2` (else `tags`).
 */
export function sortTagged(keys: usize, tags: usize, keys2: usize, tags2: usize, counts: usize, classCounts: usize, n: i32, m: i32, classes: i32): i32 {
  const total = n + m
  memory.fill(classCounts, 0, <usize>(2 * classes) << 2)
  for (let i = 0; i < total; i++) {
    const at = tags + (<usize>i << 2)
    const t = (load<i32>(at) << 1) + (i >= n ? 1 : 0)
    store<i32>(at, t)
    const c = classCounts + (<usize>t << 2)
    store<i32>(c, load<i32>(c) + 1)
  }
  if (narrow(keys, keys2, total)) {
    // The float32 keys fill the first half of keys2, their scratch its second half.
    const swapped = sortKeys<u32>(keys2, tags, keys2 + (<usize>total << 2), tags2, counts, total)
    widen(swapped ? keys2 + (<usize>total << 2) : keys2, keys, total)
    return swapped << 1
  }
  const swapped = sortKeys<u64>(keys, tags, keys2, tags2, counts, total)
  return swapped | (swapped << 1)
}

/** Writes each double at `from` as float32 bits at `to`; false (and stops) at the first that is not a float32 value (NaN included). */
function narrow(from: usize, to: usize, total: i32): bool {
  for (let i = 0; i < total; i++) {
    const v = load<f64>(from + (<usize>i << 3))
    const f = <f32>v
    if (<f64>f != v) return false
    store<f32>(to + (<usize>i << 2), f)
  }
  return true
}

/** The float32 values at `from` as doubles at `to` (exact). */
function widen(from: usize, to: usize, total: i32): void {
  for (let i = 0; i < total; i++) store<f64>(to + (<usize>i << 3), <f64>load<f32>(from + (<usize>i << 2)))
}

/**
 * The LSD radix sort of float keys (`K`: u32 for float32 bits, u64 for doubles) with their tags:
 * 11-bit digits (three for u32, six for u64, the last shorter), one counting pass, then a scatter
 * per digit that not every key shares. Returns 1 when the result is in `keys2`/`tags2`.
 */
function sortKeys<K>(keys: usize, tags: usize, keys2: usize, tags2: usize, counts: usize, total: i32): i32 {
  const digits = sizeof<K>() == 8 ? DIGITS : 3
  const width = <usize>sizeof<K>()
  memory.fill(counts, 0, <usize>(digits * BUCKETS) << 2)
  for (let i = 0; i < total; i++) {
    const k = keyOf<K>(load<K>(keys + <usize>i * width))
    for (let d = 0; d < digits; d++) {
      const c = counts + ((<usize>(d * BUCKETS) + <usize>((k >> <K>(d * DIGIT_BITS)) & <K>MASK)) << 2)
      store<i32>(c, load<i32>(c) + 1)
    }
  }
  let src = keys, dst = keys2, srcTags = tags, dstTags = tags2, swapped = 0
  const first = keyOf<K>(load<K>(keys))
  for (let d = 0; d < digits; d++) {
    const base = counts + (<usize>(d * BUCKETS) << 2)
    const shift = <K>(d * DIGIT_BITS)
    // A digit every key shares leaves the order as it is.
    if (load<i32>(base + (<usize>((first >> shift) & <K>MASK) << 2)) == total) continue
    prefixSums(base)
    for (let i = 0; i < total; i++) {
      const bits = load<K>(src + <usize>i * width)
      const c = base + (<usize>((keyOf<K>(bits) >> shift) & <K>MASK) << 2)
      const j = load<i32>(c)
      store<i32>(c, j + 1)
      store<K>(dst + <usize>j * width, bits)
      store<i32>(dstTags + (<usize>j << 2), load<i32>(srcTags + (<usize>i << 2)))
    }
    const s = src; src = dst; dst = s
    const t = srcTags; srcTags = dstTags; dstTags = t
    swapped ^= 1
  }
  return swapped
}

/** One digit's counts at `base` turned into the first position of each bucket. */
function prefixSums(base: usize): void {
  let sum = 0
  for (let b = 0; b < BUCKETS; b++) {
    const c = base + (<usize>b << 2)
    const x = load<i32>(c)
    store<i32>(c, sum)
    sum += x
  }
}

/**
 * The groups of `total` sorted, NaN-free scores (groupTaggedScores): at each change of value a new
 * group (`-0` and `+0` share one, reported as `+0`), with its members (even tags) and non-members
 * (odd tags). Writes `values` (f64), `members` and `nonMembers` (i32); returns the number of groups.
 */
export function groups(sorted: usize, tags: usize, total: i32, values: usize, members: usize, nonMembers: usize): i32 {
  let g = 0
  let previous = load<f64>(sorted)
  let inGroup = 0, odd = 0
  for (let i = 0; i < total; i++) {
    const v = load<f64>(sorted + (<usize>i << 3))
    if (v != previous) {
      emit(values, members, nonMembers, g++, previous, inGroup, odd)
      previous = v
      inGroup = 0
      odd = 0
    }
    inGroup++
    odd += load<i32>(tags + (<usize>i << 2)) & 1
  }
  emit(values, members, nonMembers, g++, previous, inGroup, odd)
  return g
}

// @ts-ignore: decorator
@inline function emit(values: usize, members: usize, nonMembers: usize, g: i32, v: f64, inGroup: i32, odd: i32): void {
  store<f64>(values + (<usize>g << 3), v + 0)
  store<i32>(members + (<usize>g << 2), inGroup - odd)
  store<i32>(nonMembers + (<usize>g << 2), odd)
}

/**
 * Per class, the doubled Mann–Whitney U of its members against its non-members: each member adds
 * 2 × its class's non-members below its score + those tied with it. Writes `u2` (f64 per class);
 * `below` and `tied` are f64 scratch of the same length (zeroed here).
 */
export function doubledUByClass(sorted: usize, tags: usize, total: i32, classes: i32, u2: usize, below: usize, tied: usize): void {
  const bytes = <usize>classes << 3
  memory.fill(u2, 0, bytes)
  memory.fill(below, 0, bytes)
  memory.fill(tied, 0, bytes)
  let i = 0
  while (i < total) {
    const v = load<f64>(sorted + (<usize>i << 3))
    let end = i + 1
    while (end < total && load<f64>(sorted + (<usize>end << 3)) == v) end++
    if (end == i + 1) {
      // No branch on the side, which is random here: a non-member adds 1 to below, a member
      // 2 × below to u2; the other adds an exact +0.
      const t = load<i32>(tags + (<usize>i << 2))
      const c = <usize>(t >> 1) << 3
      const side = <f64>(t & 1)
      const b = load<f64>(below + c)
      store<f64>(below + c, b + side)
      store<f64>(u2 + c, load<f64>(u2 + c) + (1 - side) * (2 * b))
    } else {
      // A run of equal scores: its non-members tie with its members, then count as below.
      for (let k = i; k < end; k++) {
        const t = load<i32>(tags + (<usize>k << 2))
        if ((t & 1) == 1) { const c = tied + (<usize>(t >> 1) << 3); store<f64>(c, load<f64>(c) + 1) }
      }
      for (let k = i; k < end; k++) {
        const t = load<i32>(tags + (<usize>k << 2))
        const c = <usize>(t >> 1) << 3
        if ((t & 1) == 0) store<f64>(u2 + c, load<f64>(u2 + c) + (2 * load<f64>(below + c) + load<f64>(tied + c)))
      }
      for (let k = i; k < end; k++) {
        const c = <usize>(load<i32>(tags + (<usize>k << 2)) >> 1) << 3
        store<f64>(below + c, load<f64>(below + c) + load<f64>(tied + c))
        store<f64>(tied + c, 0)
      }
    }
    i = end
  }
}

/** Class `c`'s member scores into `members` and non-member scores into `nonMembers`, each ascending (one pass over the order). */
export function classScores(sorted: usize, tags: usize, total: i32, c: i32, members: usize, nonMembers: usize): void {
  const memberTag = 2 * c, nonMemberTag = 2 * c + 1
  let k: usize = 0, l: usize = 0
  for (let i = 0; i < total; i++) {
    const t = load<i32>(tags + (<usize>i << 2))
    if (t == memberTag) { store<f64>(members + (k << 3), load<f64>(sorted + (<usize>i << 3))); k++ }
    else if (t == nonMemberTag) { store<f64>(nonMembers + (l << 3), load<f64>(sorted + (<usize>i << 3))); l++ }
  }
}
