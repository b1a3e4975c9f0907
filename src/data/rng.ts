/**
 * The package's only source of randomness: xoshiro128** (Blackman & Vigna, 2018), seeded through
 * splitmix32 so that small consecutive seeds give unrelated streams. 32-bit state arithmetic via
 * `Math.imul` keeps it exact in JavaScript, so the same seed gives the same numbers on every machine.
 *
 * @example
 * const rng = createRng(0)
 * rng.next()        // uniform in [0, 1)
 * rng.int(10)       // integer in [0, 10)
 */
export interface Rng {
  /** Uniform double in [0, 1) with 32 bits of randomness. */
  next(): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Standard normal draw (Box–Muller). */
  normal(): number
  /** A 32-bit integer to seed something else (another Rng, a tfjs initializer). */
  seed(): number
  /** An independent child generator, derived deterministically from this one. */
  fork(): Rng
}

/** Creates an {@link Rng} from an integer seed. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed: expected a finite number, found ${seed}`)
  let sm = seed >>> 0
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0
    let z = sm
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix()
  if ((a | b | c | d) === 0) a = 1
  const u32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t
    d = rotl(d, 11)
    return result
  }
  let spare: number | undefined
  const rng: Rng = {
    next: () => u32() / 4294967296,
    int: (n) => {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`rng.int: expected a positive integer, found ${n}`)
      return Math.floor((u32() / 4294967296) * n)
    },
    normal: () => {
      if (spare !== undefined) { const s = spare; spare = undefined; return s }
      let u = 0
      while (u === 0) u = rng.next()
      const v = rng.next()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
    seed: () => u32(),
    fork: () => createRng(u32()),
  }
  return rng
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
