/** Scores sorted ascending, with the label of each carried along (see {@link sortWithLabels}). */
export interface SortedWithLabels {
  /** The scores, ascending in the typed-array sort's order (`-0` before `+0`). */
  scores: Float64Array
  /** `labels[i]`: the label of the score now at `scores[i]`. */
  labels: Int32Array
}

/** Bits per digit: 2048 buckets (8 KiB of counts) stay in L1 cache; a 32-bit word is 11 + 11 + 10 bits. */
const DIGIT_BITS = 11
const BUCKETS = 1 << DIGIT_BITS
const MASK = BUCKETS - 1
/** Digits of a 64-bit key, least significant first: three of the low word, three of the high word. */
const DIGITS = 6

/**
 * Sorts `scores` ascending and carries `labels` along: an LSD radix sort on the float64 bits, stable,
 * O(n) (at most six counting passes of 11 bits; a digit all keys share is skipped, so scores rounded
 * from float32 — zeros in their low 29 bits — take three). The JS twin of the summary's sort in
 * WebAssembly (`sortTagged` in assembly/scores.ts): `sortTaggedScores` runs it below 4,096 scores
 * and where WebAssembly does not run. Unlike the typed-array sort it carries a label.
 *
 * The order is exactly the typed-array sort's for numbers: each double is mapped to an unsigned key
 * whose order is the numeric one (sign bit flipped for positives, all bits flipped for negatives), so
 * `-0` comes before `+0` and the sorted scores equal `scores.slice().sort()` bit for bit. A NaN lands
 * at one end (first or last, by its sign bit): a caller that refuses NaN looks at both ends.
 *
 * Both arrays (of one length) are the sort's working space: their contents afterwards are
 * unspecified, and the result may use their buffers. Pass copies you own.
 *
 * @example
 * sortWithLabels(new Float64Array([0.5, -1, 0.2]), new Int32Array([7, 8, 9]))
 * // { scores: [-1, 0.2, 0.5], labels: [8, 9, 7] }
 */
export function sortWithLabels(scores: Float64Array, labels: Int32Array): SortedWithLabels {
  const n = scores.length
  // The doubles themselves move (one 8-byte stream and the labels); each pass reads its digit of
  // the mapped key through a 32-bit view of the same buffer.
  let src: Float64Array = scores, dst: Float64Array = new Float64Array(n)
  let srcWords: Uint32Array = new Uint32Array(src.buffer, src.byteOffset, 2 * n), dstWords: Uint32Array = new Uint32Array(dst.buffer)
  let lab: Int32Array = labels, lab2: Int32Array = new Int32Array(n)
  const counts = new Int32Array(DIGITS * BUCKETS)
  for (let i = 0; i < n; i++) {
    const h = srcWords[2 * i + HIGH], flip = h >> 31
    // Negative doubles (sign bit set): flip every bit; others: flip the sign bit only.
    const kh = h ^ (flip | 0x80000000), kl = srcWords[2 * i + LOW] ^ flip
    counts[kl & MASK]++
    counts[BUCKETS + ((kl >>> 11) & MASK)]++
    counts[2 * BUCKETS + (kl >>> 22)]++
    counts[3 * BUCKETS + (kh & MASK)]++
    counts[4 * BUCKETS + ((kh >>> 11) & MASK)]++
    counts[5 * BUCKETS + (kh >>> 22)]++
  }
  const offsets = new Int32Array(BUCKETS)
  for (let d = 0; d < DIGITS; d++) {
    const base = d * BUCKETS
    const shift = (d % 3) * DIGIT_BITS
    // A digit every key shares leaves the order as it is: look at the first key's.
    const h0 = srcWords[HIGH], flip0 = h0 >> 31
    const first = d < 3 ? srcWords[LOW] ^ flip0 : h0 ^ (flip0 | 0x80000000)
    if (counts[base + ((first >>> shift) & MASK)] === n) continue
    let sum = 0
    for (let b = 0; b < BUCKETS; b++) { offsets[b] = sum; sum += counts[base + b] }
    if (d < 3) {
      for (let i = 0; i < n; i++) {
        const j = offsets[((srcWords[2 * i + LOW] ^ (srcWords[2 * i + HIGH] >> 31)) >>> shift) & MASK]++
        dst[j] = src[i]; lab2[j] = lab[i]
      }
    } else {
      for (let i = 0; i < n; i++) {
        const h = srcWords[2 * i + HIGH]
        const j = offsets[((h ^ ((h >> 31) | 0x80000000)) >>> shift) & MASK]++
        dst[j] = src[i]; lab2[j] = lab[i]
      }
    }
    const s = src; src = dst; dst = s
    const w = srcWords; srcWords = dstWords; dstWords = w
    const l = lab; lab = lab2; lab2 = l
  }
  return { scores: src, labels: lab }
}

/** Index of a double's high and low 32-bit words in a `Uint32Array` view (the platform's byte order). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
const HIGH = LITTLE_ENDIAN ? 1 : 0
const LOW = LITTLE_ENDIAN ? 0 : 1
