import type { Rng } from './rng.js'

/*
 * The ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating Random
 * Variables", 128 layers), with the layer index, the sign and the position inside the layer taken
 * from disjoint bits of one 32-bit draw (Doornik 2005, "An Improved Ziggurat Method to Generate
 * Normal Random Samples": Marsaglia & Tsang reuse the index bits in the value, which correlates
 * them). About 98.8% of draws cost one uniform, one table lookup and a multiply; the rest fall in
 * a wedge or the tail and are decided exactly against the density, so the output is standard
 * normal up to the 2⁻²⁴ resolution of the position within a layer.
 *
 * The uniforms come from xoshiro128** (the generator of rng.ts) run on a 128-bit state held in an
 * Int32Array rather than in an Rng: the hot loop keeps the state in local variables, which halves
 * the cost of a draw against calling `rng.next()`. The WebAssembly kernel (assembly/kernel.ts,
 * `noisyMean`) runs the same algorithm on the same tables ({@link ZIGGURAT_TABLES}, copied into its
 * memory), so for the same state both give the same draws unless their exp or log round a wedge or
 * tail decision differently in the last bit.
 */

const LAYERS = 128
/** Where the tail starts, and the area of every layer (Marsaglia & Tsang's constants for 128 layers). */
const R = 3.442619855899
const V = 9.91256303526217e-3

const density = (x: number): number => Math.exp(-0.5 * x * x)

/**
 * The sampler's tables, in one float64 array so they can be copied into the wasm kernel as they are:
 * at 0, the right edges X[i] of the layers (X[0] = V / f(R), the base strip's virtual width;
 * X[1] = R, where the tail starts; X[128] = 0); at {@link ZIGGURAT_F}, f(X[i]); at
 * {@link ZIGGURAT_INSIDE}, X[i+1] / X[i] (a position below it lies inside the curve whatever the
 * height); at {@link ZIGGURAT_SIGNED}, X[j % 128] with the sign of bit 7 of j (j < 256), so the
 * draw's sign bit picks a signed edge instead of a branch that mispredicts half the time. Built once
 * from R and V.
 */
export const ZIGGURAT_TABLES = new Float64Array(5 * LAYERS + 2)
/** Offset of f(X[i]) in {@link ZIGGURAT_TABLES}. */
export const ZIGGURAT_F = LAYERS + 1
/** Offset of X[i+1] / X[i] in {@link ZIGGURAT_TABLES}. */
export const ZIGGURAT_INSIDE = 2 * LAYERS + 2
/** Offset of the signed edges in {@link ZIGGURAT_TABLES}. */
export const ZIGGURAT_SIGNED = 3 * LAYERS + 2

const X = ZIGGURAT_TABLES.subarray(0, LAYERS + 1)
const F = ZIGGURAT_TABLES.subarray(ZIGGURAT_F, ZIGGURAT_F + LAYERS + 1)
const INSIDE = ZIGGURAT_TABLES.subarray(ZIGGURAT_INSIDE, ZIGGURAT_INSIDE + LAYERS)
X[0] = V / density(R)
X[1] = R
for (let i = 1; i < LAYERS - 1; i++) X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i] + density(X[i])))
X[LAYERS] = 0
for (let i = 0; i <= LAYERS; i++) F[i] = density(X[i])
for (let i = 0; i < LAYERS; i++) INSIDE[i] = X[i + 1] / X[i]
const SIGNED = ZIGGURAT_TABLES.subarray(ZIGGURAT_SIGNED, ZIGGURAT_SIGNED + 2 * LAYERS)
for (let j = 0; j < 2 * LAYERS; j++) SIGNED[j] = j & LAYERS ? -X[j & (LAYERS - 1)] : X[j]

const TWO_POW_32 = 4294967296
const TWO_POW_MINUS_24 = 2 ** -24

/**
 * A 128-bit xoshiro128** state for {@link addNormalNoise} (four int32 words, never all zero),
 * seeded from `rng` so that the noise is one more stream of a run's seed.
 */
export function normalState(rng: Rng): Int32Array {
  const state = Int32Array.from({ length: 4 }, () => rng.seed())
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1
  return state
}

/**
 * out[k] = (out[k] + scale·z) / divisor for k in [start, end), each z an independent standard
 * normal draw — DP-SGD's noisy mean, or plain draws with scale 1, divisor 1 on zeros. Advances
 * `state` (from {@link normalState}); the same state gives the same values.
 *
 * @example
 * const noise = new Float64Array(1000)
 * addNormalNoise(noise, normalState(createRng(0)), 1, 1)
 */
export function addNormalNoise(out: Float32Array | Float64Array, state: Int32Array, scale: number, divisor: number, start = 0, end = out.length): void {
  let a = state[0], b = state[1], c = state[2], d = state[3]
  for (let k = start; k < end; k++) {
    // xoshiro128**, inlined: the output, then the state update.
    const m = Math.imul(b, 5)
    const u = Math.imul((m << 7) | (m >>> 25), 9)
    const t = b << 9
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t
    d = (d << 11) | (d >>> 21)
    const p = (u >>> 8) * TWO_POW_MINUS_24
    let z: number
    if (p < INSIDE[u & (LAYERS - 1)]) {
      z = p * SIGNED[u & (2 * LAYERS - 1)]
    } else {
      state[0] = a; state[1] = b; state[2] = c; state[3] = d
      z = rareDraw(state, u)
      a = state[0]; b = state[1]; c = state[2]; d = state[3]
    }
    out[k] = (out[k] + scale * z) / divisor
  }
  state[0] = a; state[1] = b; state[2] = c; state[3] = d
}

/** The next uniform in [0, 1) from `state` (xoshiro128**, as in rng.ts), 32 bits. */
function nextUniform(state: Int32Array): number {
  let a = state[0], b = state[1], c = state[2], d = state[3]
  const m = Math.imul(b, 5)
  const u = Math.imul((m << 7) | (m >>> 25), 9) >>> 0
  const t = b << 9
  c ^= a; d ^= b; b ^= c; a ^= d; c ^= t
  d = (d << 11) | (d >>> 21)
  state[0] = a; state[1] = b; state[2] = c; state[3] = d
  return u / TWO_POW_32
}

/**
 * The rest of a draw whose first 32 bits `u` did not land inside its layer (about 1.2% of draws):
 * a wedge or the tail, decided against the density; a rejection starts a fresh draw. Returns the
 * signed value.
 */
function rareDraw(state: Int32Array, u: number): number {
  for (;;) {
    const i = u & (LAYERS - 1)
    const p = (u >>> 8) * TWO_POW_MINUS_24
    const sign = u & LAYERS ? -1 : 1
    const z = p * X[i]
    if (p < INSIDE[i]) return sign * z
    if (i === 0) return sign * tail(state)
    // A wedge: accept when a uniform height in the layer falls under the density.
    if (F[i] + nextUniform(state) * (F[i + 1] - F[i]) < density(z)) return sign * z
    u = nextUniform(state) * TWO_POW_32
  }
}

/** A draw from the normal tail beyond R (Marsaglia 1964). 1 − uniform is in (0, 1], so the logs are finite. */
function tail(state: Int32Array): number {
  for (;;) {
    const x = -Math.log(1 - nextUniform(state)) / R
    const y = -Math.log(1 - nextUniform(state))
    if (2 * y >= x * x) return R + x
  }
}
