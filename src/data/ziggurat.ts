import type { Rng } from './rng.js'

/*
 * The ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating Random
 * Variables", 128 layers), with the layer index, the sign and the position inside the layer taken
 * from disjoint bits of one 32-bit draw (Doornik 2005, "An Improved Ziggurat Method to Generate
 * Normal Random Samples": Marsaglia & Tsang reuse the index bits in the value, which correlates
 * them). About 98.8% of draws cost one uniform, one table lookup and a multiply; the rest fall in
 * a wedge or the tail and are decided exactly against the density, so the output is standard
 * normal up to the 2⁻²⁴ resolution of the position within a layer.
 */

const LAYERS = 128
/** Where the tail starts, and the area of every layer (Marsaglia & Tsang's constants for 128 layers). */
const R = 3.442619855899
const V = 9.91256303526217e-3

const density = (x: number): number => Math.exp(-0.5 * x * x)

/** Right edges X[i] of the layers (X[0] = V / f(R), the base strip's virtual width; X[128] = 0), and f(X[i]). */
const X = new Float64Array(LAYERS + 1)
const F = new Float64Array(LAYERS + 1)
/** X[i+1] / X[i]: a position below it lies inside the curve whatever the height. */
const INSIDE = new Float64Array(LAYERS)
X[0] = V / density(R)
X[1] = R
for (let i = 1; i < LAYERS - 1; i++) X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i] + density(X[i])))
X[LAYERS] = 0
for (let i = 0; i <= LAYERS; i++) F[i] = density(X[i])
for (let i = 0; i < LAYERS; i++) INSIDE[i] = X[i + 1] / X[i]

const TWO_POW_32 = 4294967296
const TWO_POW_MINUS_24 = 2 ** -24

/**
 * Fills `out[start … end)` with independent standard normal draws from `rng`. Much faster than
 * `rng.normal()` (Box–Muller: a log, a square root and a cosine per draw), for bulk noise such as
 * DP-SGD's, which draws one value per model parameter per step. The stream differs from
 * `rng.normal()`'s; the same generator state gives the same values.
 *
 * @example
 * const noise = new Float64Array(1000)
 * fillNormal(noise, createRng(0))
 */
export function fillNormal(out: Float32Array | Float64Array, rng: Rng, start = 0, end = out.length): void {
  for (let k = start; k < end; k++) {
    for (;;) {
      // next() is a 32-bit integer over 2³², so this is that integer, exactly.
      const u = rng.next() * TWO_POW_32
      const i = u & (LAYERS - 1)
      const sign = u & LAYERS ? -1 : 1
      const p = (u >>> 8) * TWO_POW_MINUS_24
      const z = p * X[i]
      if (p < INSIDE[i]) { out[k] = sign * z; break }
      if (i === 0) { out[k] = sign * tail(rng); break }
      // A wedge: accept when a uniform height in the layer falls under the density.
      if (F[i] + rng.next() * (F[i + 1] - F[i]) < density(z)) { out[k] = sign * z; break }
    }
  }
}

/** A draw from the normal tail beyond R (Marsaglia 1964). 1 − next() is in (0, 1], so the logs are finite. */
function tail(rng: Rng): number {
  for (;;) {
    const x = -Math.log(1 - rng.next()) / R
    const y = -Math.log(1 - rng.next())
    if (2 * y >= x * x) return R + x
  }
}
