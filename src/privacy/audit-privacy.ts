/**
 * The one-run privacy audit (Steinke, Nasr & Jagielski 2023): train once with m canaries, each in
 * or out with probability ½, score them, guess, and turn the number of right guesses into an ε
 * lower bound with {@link oneRunEpsilon}.
 */
import type { Matrix } from '../data/matrix.js'
import { createRng } from '../data/rng.js'
import { makeCanaries, type CanaryKind } from './canaries.js'
import { checkDelta, checkEpsilon, checkOpenProbability, deltaWarning } from './checks.js'
import { oneRunEpsilon } from './one-run.js'

/** A model the audited training returns: class probabilities per row. */
export interface AuditedModel {
  predict(x: Matrix): Promise<Matrix>
  dispose?(): void
}

/** The training run under audit: gets the training set (data plus included canaries), returns a model. */
export type TrainForAudit = (x: Matrix, y: Int32Array) => Promise<AuditedModel>

/** Options of {@link auditPrivacy}. */
export interface AuditPrivacyOptions {
  /** The training data (labels are class indices below `classes`). Never printed or returned. */
  data: { x: Matrix; y: Int32Array }
  /** Number of classes. */
  classes: number
  /** m: canaries to plant. */
  canaries: number
  /** `mislabelled` (default): records of `data` with a wrong label; `synthetic`: random inputs. */
  canaryKind?: CanaryKind
  /** Inclusion probability of each canary: ½, the only value the theorem covers. */
  include?: 0.5
  /** r: guesses to make, half "in" (highest scores), half "out" (lowest); at most m. Default m/5 rounded. */
  guesses?: number
  /** δ of the claim being audited (also the claim's δ when `claimedEpsilon` is set). */
  delta: number
  /** The bound holds with this probability. Default 0.95. */
  confidence?: number
  /**
   * The ε the training claims, if any: the audit then checks up front that m canaries and r guesses
   * could refute it at all, and says how many canaries would.
   */
  claimedEpsilon?: number
  /** Seed of the canaries and their inclusion. Default 0. */
  seed?: number
}

/** What the one-run audit found (aggregates only: no record, no canary, no score). */
export interface AuditPrivacyResult {
  /** The ε lower bound (Steinke et al. 2023, Theorem 3.1) at `confidence`. */
  epsilon: number
  /** The largest bound these m, r could give (every guess right): the audit's resolution. */
  maxEpsilon: number
  canaries: number
  /** Canaries that were trained on. */
  included: number
  guesses: number
  correct: number
  delta: number
  confidence: number
  /** Set when δ is not below 1/records. */
  warning?: string
}

/**
 * Audits a training procedure in one run: plants m canaries (each included with probability ½,
 * seeded), calls `train` once, scores every canary by the probability the model gives its canary
 * label (higher = more likely trained on), guesses "in" for the r/2 highest and "out" for the r/2
 * lowest, and returns the ε lower bound of Steinke, Nasr & Jagielski (2023) for the number right.
 * A training run that is (ε, δ)-DP yields a bound above ε with probability at most 1 − confidence.
 *
 * @throws RangeError naming the option: include ≠ ½, guesses outside [2, m], too few canaries to
 *   refute `claimedEpsilon` (with the number that would), bad δ or confidence.
 * @example
 * const r = await auditPrivacy((x, y) => trainClassifier(spec, x, y, { ...opts, dp }), {
 *   data: train, classes: 10, canaries: 200, guesses: 60, delta: 1e-5, claimedEpsilon: 2 })
 * r.epsilon   // ≤ 2 unless the DP training is broken
 */
export async function auditPrivacy(train: TrainForAudit, options: AuditPrivacyOptions): Promise<AuditPrivacyResult> {
  if (typeof train !== 'function') throw new TypeError('auditPrivacy: train: expected a function (x, y) => Promise<model with predict>')
  const { data, classes, canaries: m, delta } = options
  const kind = options.canaryKind ?? 'mislabelled'
  const confidence = options.confidence ?? 0.95
  const seed = options.seed ?? 0
  if (options.include !== undefined && options.include !== 0.5) {
    throw new RangeError(`include: the one-run bound (Steinke et al. 2023) assumes each canary is included with probability 0.5, found ${String(options.include)}; omit it`)
  }
  if (kind !== 'mislabelled' && kind !== 'synthetic') throw new RangeError(`canaryKind: expected "mislabelled" or "synthetic", found ${JSON.stringify(kind)}`)
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`classes: expected an integer ≥ 2, found ${String(classes)}`)
  const n = data.x.rows
  const maxCanaries = kind === 'mislabelled' ? n - 1 : Infinity
  if (!Number.isInteger(m) || m < 2 || m > maxCanaries) {
    throw new RangeError(`canaries: expected an integer in [2, ${maxCanaries}]${kind === 'mislabelled' ? ' (mislabelled canaries come out of the data)' : ''}, found ${String(m)}`)
  }
  const r = options.guesses ?? Math.max(2, Math.round(m / 5))
  if (!Number.isInteger(r) || r < 2 || r > m) throw new RangeError(`guesses: expected an integer in [2, canaries = ${m}], found ${String(r)}`)
  checkDelta(delta)
  checkOpenProbability(confidence, 'confidence')
  const maxEpsilon = oneRunEpsilon({ canaries: m, guesses: r, correct: r, delta, confidence })
  const floor = options.claimedEpsilon
  if (floor !== undefined) checkEpsilon(floor, 'claimedEpsilon')
  if (maxEpsilon <= (floor ?? 0)) {
    const needed = canariesNeeded(floor ?? 0, r / m, delta, confidence)
    throw new RangeError(
      `canaries: ${m} canaries with ${r} guesses can prove at most ε = ${maxEpsilon.toFixed(3)} at confidence ${confidence}, ` +
      `${floor === undefined ? 'a trivial bound' : `not above the claimed ε = ${floor}`}; ` +
      (needed === undefined ? 'no number of canaries up to 10⁶ at this guess rate would: make more guesses or lower delta' : `use at least ${needed} canaries (with guesses = ${Math.max(2, Math.round((needed * r) / m))})`),
    )
  }

  const rng = createRng(seed)
  const set = makeCanaries(data, classes, m, kind, rng.fork())
  const inclusion = rng.fork()
  const included = new Uint8Array(m)
  for (let i = 0; i < m; i++) included[i] = inclusion.next() < 0.5 ? 1 : 0
  const f = data.x.cols
  const rows = set.baseRows.length + included.reduce((a, b) => a + b, 0)
  const x = new Float32Array(rows * f)
  const y = new Int32Array(rows)
  let at = 0
  for (const row of set.baseRows) { x.set(data.x.data.subarray(row * f, (row + 1) * f), at * f); y[at++] = data.y[row] }
  for (let i = 0; i < m; i++) if (included[i]) { x.set(set.x.data.subarray(i * f, (i + 1) * f), at * f); y[at++] = set.y[i] }

  const model = await train({ data: x, rows, cols: f }, y)
  let scores: Float64Array
  try {
    const p = await model.predict(set.x)
    scores = Float64Array.from({ length: m }, (_, i) => p.data[i * p.cols + set.y[i]])
  } finally {
    model.dispose?.()
  }
  // Highest scores guessed in, lowest out; ties broken by canary index (deterministic).
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b)
  const guessIn = Math.ceil(r / 2)
  let correct = 0
  for (let k = 0; k < guessIn; k++) correct += included[order[k]]
  for (let k = m - (r - guessIn); k < m; k++) correct += 1 - included[order[k]]
  const epsilon = oneRunEpsilon({ canaries: m, guesses: r, correct, delta, confidence })
  const warning = deltaWarning(delta, rows)
  return { epsilon, maxEpsilon, canaries: m, included: included.reduce((a, b) => a + b, 0), guesses: r, correct, delta, confidence, ...(warning ? { warning } : {}) }
}

/** Smallest m whose perfect audit (r = rate·m guesses, all right) proves more than `epsilon`; undefined past 10⁶. */
export function canariesNeeded(epsilon: number, rate: number, delta: number, confidence: number): number | undefined {
  const proves = (m: number): boolean => {
    const r = Math.min(m, Math.max(2, Math.round(rate * m)))
    return oneRunEpsilon({ canaries: m, guesses: r, correct: r, delta, confidence }) > epsilon
  }
  let hi = 2
  while (!proves(hi)) { hi *= 2; if (hi > 1e6) return undefined }
  let lo = hi / 2
  if (lo < 2) return hi
  while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (proves(mid)) hi = mid; else lo = mid }
  return hi
}
