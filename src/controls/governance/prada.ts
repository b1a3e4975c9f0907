import { shapiroWilk } from '../../metrics/shapiro-wilk.js'

/** Settings of the PRADA detector. */
export interface PradaOptions {
  /**
   * Flag when Shapiro–Wilk W of the distance set falls below this. Default {@link PRADA_DELTA}.
   */
  delta?: number
  /**
   * Distances needed before the test runs. Default {@link PRADA_MIN_DISTANCES}: W of a handful of
   * points swings widely, so the paper waits for 100.
   */
  minDistances?: number
}

/**
 * Default δ = 0.9, the order of the thresholds Juuti et al. (2019) tuned: benign query streams of
 * natural data keep W high (their minimum distances look roughly normal), while synthetic attack
 * queries — small perturbations of earlier queries (Papernot's Jacobian augmentation) — add a spike
 * of tiny distances next to the natural ones and pull W down. On the digits fixture, benign
 * clients stayed at W 0.976–0.986 and the augment attack fell to 0.84 (docs/controls.md, "Query
 * governance"). Lower δ when benign clients are flagged; raise it to catch subtler attacks, at the
 * price of more false flags.
 */
export const PRADA_DELTA = 0.9
/** Default number of distances before the first test, as in the paper. */
export const PRADA_MIN_DISTANCES = 100

/** One client's detector state, as reported. */
export interface PradaState {
  /** Rows seen. */
  queries: number
  /** Size of the distance set D. */
  distances: number
  /** W of the last test (null before `minDistances` distances). */
  w: number | null
  flagged: boolean
  /** Row (1-based, in this client's stream) at which the detector first flagged; null when not flagged. */
  flaggedAt: number | null
  /** W when it first flagged. */
  flaggedW: number | null
}

/** A per-client PRADA detector. */
export interface Prada {
  /** Feeds one answered row and its predicted class; returns whether the client is flagged (it stays so). */
  observe(row: Float32Array, predictedClass: number): boolean
  state(): PradaState
}

interface ClassSet {
  /** The growing set G_c: rows kept as reference points for class c. */
  rows: Float32Array[]
  /** D_Gc: the distances with which rows joined G_c (for the threshold). */
  joined: number[]
  threshold: number
}

/**
 * PRADA (Juuti, Szyller, Marchal, Asokan, 2019, "PRADA: Protecting against DNN model stealing
 * attacks"), Algorithm 1, for one client. For each query x with predicted class c: when the growing
 * set G_c is empty, x starts it; otherwise d = min L2 distance from x to G_c joins the distance set
 * D, and x joins G_c when d exceeds the threshold T_c = max(0, mean − sd) of the distances with which
 * earlier points joined G_c. Once D has `minDistances` values, Shapiro–Wilk W is computed over D
 * after every query; W < δ flags the client (and it stays flagged: the evidence does not go away).
 *
 * Why it works: natural queries of one class lie at spread-out, roughly normally distributed
 * distances; attack queries that are small steps from earlier ones (augmentation) or drawn without
 * regard to the data create a second mode of distances that normality rejects.
 *
 * Cost: each query is compared with every kept row of its class, and W sorts D, so a client's n-th
 * query costs O(n·features + n log n).
 *
 * @example
 * const p = createPrada({ delta: 0.9 })
 * for (...) if (p.observe(row, argmax(answer))) console.log('client flagged', p.state().flaggedAt)
 */
export function createPrada(options: PradaOptions = {}): Prada {
  const { delta, minDistances } = checkPradaOptions(options, 'detector')
  const sets = new Map<number, ClassSet>()
  const distances: number[] = []
  let queries = 0
  let w: number | null = null
  let flaggedAt: number | null = null
  let flaggedW: number | null = null
  return {
    observe(row, c) {
      queries++
      const set = sets.get(c)
      if (set === undefined) {
        sets.set(c, { rows: [Float32Array.from(row)], joined: [], threshold: 0 })
      } else {
        let min = Infinity
        for (const g of set.rows) min = Math.min(min, distance(g, row, min))
        distances.push(min)
        if (min > set.threshold) {
          set.rows.push(Float32Array.from(row))
          set.joined.push(min)
          set.threshold = Math.max(0, meanMinusSd(set.joined))
        }
      }
      // A constant distance set (every query repeated) has no W; it is as abnormal as it gets.
      if (distances.length >= minDistances) w = allEqual(distances) ? 0 : shapiroWilk(distances).w
      if (flaggedAt === null && w !== null && w < delta) {
        flaggedAt = queries
        flaggedW = w
      }
      return flaggedAt !== null
    },
    state: () => ({ queries, distances: distances.length, w, flagged: flaggedAt !== null, flaggedAt, flaggedW }),
  }
}

/** L2 distance; stops early once past `bound` (only the minimum matters). */
function distance(a: Float32Array, b: Float32Array, bound: number): number {
  const limit = bound * bound
  let s = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i]
    s += d * d
    if (s > limit) return Infinity
  }
  return Math.sqrt(s)
}

function meanMinusSd(v: number[]): number {
  let mean = 0
  for (const x of v) mean += x
  mean /= v.length
  let ss = 0
  for (const x of v) ss += (x - mean) ** 2
  return mean - Math.sqrt(ss / v.length)
}

function allEqual(v: number[]): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false
  return true
}

/** Validates {@link PradaOptions}; returns them with defaults. */
export function checkPradaOptions(options: PradaOptions, what: string): Required<PradaOptions> {
  if (options === null || typeof options !== 'object') throw new TypeError(`${what}: expected { delta?, minDistances? }, found ${options === null ? 'null' : typeof options}`)
  const delta = options.delta ?? PRADA_DELTA
  const minDistances = options.minDistances ?? PRADA_MIN_DISTANCES
  if (typeof delta !== 'number' || !(delta > 0 && delta < 1)) throw new RangeError(`${what}.delta: expected a number in (0, 1), found ${String(options.delta)}`)
  if (!Number.isInteger(minDistances) || minDistances < 3) throw new RangeError(`${what}.minDistances: expected an integer ≥ 3 (Shapiro–Wilk needs 3 values), found ${String(options.minDistances)}`)
  return { delta, minDistances }
}
