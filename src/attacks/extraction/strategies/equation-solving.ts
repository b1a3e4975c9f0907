import type { Matrix } from '../../../data/matrix.js'
import { InputError } from '../../../errors.js'
import type { Rng } from '../../../data/rng.js'
import type { BudgetedOracle, FeatureRanges, Strategy } from './common.js'

/** A recovered softmax-linear model: logits = x·W + b, class 0 as the reference (its row is zero). */
export interface LinearModel {
  /** features × classes, row-major (float64). */
  readonly weights: Float64Array
  readonly bias: Float64Array
  readonly features: number
  readonly classes: number
}

/** Raised when the target is not softmax-linear (or cannot be solved); names the queries spent. An input error (exit 2): the strategy does not fit the model given. */
export class NotLinearError extends InputError {
  override name = 'NotLinearError'
  /**
   * @param message why the solved model was refused
   * @param queriesUsed the attack's queries spent before refusing
   */
  constructor(message: string, readonly queriesUsed: number) {
    super(message)
  }
}

/** Queries `equation-solving` needs: d + 1 to solve plus the check queries. */
export function equationSolvingQueries(features: number, verify: number): number {
  return features + 1 + verify
}

/**
 * `equation-solving` as a {@link Strategy}: it needs scores (not labels) and the feature ranges,
 * always spends d + 1 + `verify` queries, and returns the solved model as a copy (no surrogate).
 */
export const equationSolvingStrategy: Strategy = {
  needsPool: false,
  poolBound: false,
  fixedQueries: (d, verify) => ({ count: equationSolvingQueries(d, verify), why: `d + 1 = ${d + 1} queries to solve plus ${verify} to check (verifyQueries)` }),
  async run(ctx) {
    if (ctx.target.outputMode === 'label') {
      throw new TypeError(`strategy: "equation-solving" needs probability or logit answers, but the target (${ctx.target.name}) returns labels (outputMode 'label'); 0 queries spent`)
    }
    if (ctx.ranges === null) {
      throw new TypeError('featureRanges: strategy "equation-solving" needs the feature ranges: give a pool (its min/max per feature) or featureRanges, found neither')
    }
    const { model, maxCheckError } = await solveLinear(ctx.oracle, ctx.ranges, ctx.verify, ctx.tolerance, ctx.rng)
    return { copy: { classes: model.classes, maxCheckError, predict: (x) => linearProbabilities(model, x) } }
  },
}

/**
 * `equation-solving` (Tramèr et al., 2016): for a softmax-linear target, log(p_k / p_0) =
 * (w_k − w_0)·x + (b_k − b_0) for every class k, so d + 1 queries in general position give, per
 * class-logit difference, a square linear system for (w_k − w_0, b_k − b_0); all k − 1 systems share
 * the same d + 1 queries (so the total is d + 1, within the (d+1)·k bound). The systems are solved
 * in float64 by Gaussian elimination with partial pivoting. `verify` further random queries check
 * the solution: when some |p̂ − p| exceeds `tolerance` the target is not softmax-linear and the
 * attack is refused with a {@link NotLinearError} naming the queries spent.
 *
 * Query points: the midpoint of the feature ranges plus Gaussian noise of sd a quarter of each
 * range (1/4 when a range is empty), so constant features still vary and the system is well posed.
 */
export async function solveLinear(
  oracle: BudgetedOracle, ranges: FeatureRanges, verify: number, tolerance: number, rng: Rng,
): Promise<{ model: LinearModel; maxCheckError: number }> {
  const d = ranges.min.length
  const points = queryPoints(ranges, d + 1 + verify, rng)
  const answers = await oracle.ask(points)
  const k = answers.cols
  const n = d + 1
  // A: n × n (x, 1); B: n × (k − 1) log-odds against class 0.
  const a = new Float64Array(n * n)
  const b = new Float64Array(n * (k - 1))
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) a[i * n + j] = points.data[i * d + j]
    a[i * n + d] = 1
    const p0 = answers.data[i * k]
    for (let c = 1; c < k; c++) {
      const pc = answers.data[i * k + c]
      if (!(p0 > 0 && pc > 0)) {
        throw new NotLinearError(
          `strategy "equation-solving": the target answered probability 0 for query ${i} (class ${pc > 0 ? 0 : c}); log-odds are undefined, so the linear system cannot be set up (${oracle.spent} queries spent)`,
          oracle.spent,
        )
      }
      b[i * (k - 1) + c - 1] = Math.log(pc) - Math.log(p0)
    }
  }
  const theta = solve(a, b, n, k - 1)
  if (theta === null) {
    throw new NotLinearError(`strategy "equation-solving": the ${n} × ${n} query system is singular (${oracle.spent} queries spent)`, oracle.spent)
  }
  const weights = new Float64Array(d * k)
  const bias = new Float64Array(k)
  for (let c = 1; c < k; c++) {
    for (let j = 0; j < d; j++) weights[j * k + c] = theta[j * (k - 1) + c - 1]
    bias[c] = theta[d * (k - 1) + c - 1]
  }
  const model: LinearModel = { weights, bias, features: d, classes: k }
  let maxCheckError = 0
  const probs = linearProbabilities(model, points)
  for (let i = n; i < points.rows; i++) {
    for (let c = 0; c < k; c++) maxCheckError = Math.max(maxCheckError, Math.abs(probs.data[i * k + c] - answers.data[i * k + c]))
  }
  if (!(maxCheckError <= tolerance)) {
    throw new NotLinearError(
      `strategy "equation-solving": the target is not softmax-linear: the model solved from ${n} queries misses the ${verify} check queries by up to ${maxCheckError.toPrecision(3)} in probability (tolerance ${tolerance}); ${oracle.spent} queries spent`,
      oracle.spent,
    )
  }
  return { model, maxCheckError }
}

/** Class probabilities of a {@link LinearModel} (softmax of x·W + b, in float64). */
export function linearProbabilities(model: LinearModel, x: Matrix): Matrix {
  const { features: d, classes: k, weights, bias } = model
  const out = new Float32Array(x.rows * k)
  const z = new Float64Array(k)
  for (let i = 0; i < x.rows; i++) {
    let max = -Infinity
    for (let c = 0; c < k; c++) {
      let s = bias[c]
      for (let j = 0; j < d; j++) s += x.data[i * d + j] * weights[j * k + c]
      z[c] = s
      if (s > max) max = s
    }
    let sum = 0
    for (let c = 0; c < k; c++) { z[c] = Math.exp(z[c] - max); sum += z[c] }
    for (let c = 0; c < k; c++) out[i * k + c] = z[c] / sum
  }
  return { data: out, rows: x.rows, cols: k }
}

function queryPoints(ranges: FeatureRanges, n: number, rng: Rng): Matrix {
  const d = ranges.min.length
  const data = new Float32Array(n * d)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const width = ranges.max[j] - ranges.min[j]
      data[i * d + j] = (ranges.min[j] + ranges.max[j]) / 2 + (width > 0 ? width : 1) * 0.25 * rng.normal()
    }
  }
  return { data, rows: n, cols: d }
}

/** Solves A·X = B (A n × n, B n × m, row-major) in place; null when A is singular. */
function solve(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array | null {
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r
    if (Math.abs(a[pivot * n + col]) < 1e-12) return null
    if (pivot !== col) {
      for (let c = 0; c < n; c++) { const t = a[col * n + c]; a[col * n + c] = a[pivot * n + c]; a[pivot * n + c] = t }
      for (let c = 0; c < m; c++) { const t = b[col * m + c]; b[col * m + c] = b[pivot * m + c]; b[pivot * m + c] = t }
    }
    const inv = 1 / a[col * n + col]
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] * inv
      if (f === 0) continue
      for (let c = col; c < n; c++) a[r * n + c] -= f * a[col * n + c]
      for (let c = 0; c < m; c++) b[r * m + c] -= f * b[col * m + c]
    }
  }
  const x = new Float64Array(n * m)
  for (let r = n - 1; r >= 0; r--) {
    for (let c = 0; c < m; c++) {
      let s = b[r * m + c]
      for (let j = r + 1; j < n; j++) s -= a[r * n + j] * x[j * m + c]
      x[r * m + c] = s / a[r * n + r]
    }
  }
  return x
}
