import type { Matrix } from '../../../data/matrix.js'
import { argmaxRows } from '../../../data/matrix.js'
import type { Rng } from '../../../data/rng.js'
import type { Classifier, TrainLabels } from '../../../runtime/classifier.js'
import type { Target } from '../../../targets/target.js'

/** Per-feature `[min, max]` of the inputs the attacker knows (float64). */
export interface FeatureRanges {
  readonly min: Float64Array
  readonly max: Float64Array
}

/** Raised when the target fails during an attack; names the queries spent so far. */
export class ExtractionQueryError extends Error {
  override name = 'ExtractionQueryError'
  /**
   * @param message what failed
   * @param queriesUsed the attack's queries the target had answered before it failed
   */
  constructor(message: string, readonly queriesUsed: number, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/**
 * The attacker's view of the target: every query goes through here, so the budget is enforced in
 * one place (a strategy asking for more is a bug and throws before querying) and a target failure
 * becomes an {@link ExtractionQueryError} naming the queries spent.
 */
export class BudgetedOracle {
  private readonly start: number

  /**
   * @param target the target under attack
   * @param budget the most rows the attack may send
   * @param strategy the strategy's name, for messages
   */
  /**
   * @param onAnswered called with the number of rows after each answered query (progress lines)
   */
  constructor(
    private readonly target: Target,
    readonly budget: number,
    private readonly strategy: string,
    private readonly onAnswered?: (rows: number) => void,
  ) {
    this.start = target.queryCount
  }

  /** The attack's queries answered so far (the target's counter since the oracle was made). */
  get spent(): number {
    return this.target.queryCount - this.start
  }

  /** Budget not yet spent. */
  get remaining(): number {
    return this.budget - this.spent
  }

  /** Sends `rows` to the target; refuses (without querying) when they exceed the remaining budget. */
  async ask(rows: Matrix): Promise<Matrix> {
    if (rows.rows > this.remaining) {
      throw new RangeError(
        `extraction (strategy "${this.strategy}"): ${rows.rows} queries asked with only ${this.remaining} of budget ${this.budget} left`,
      )
    }
    try {
      const answers = await this.target.query(rows)
      this.onAnswered?.(rows.rows)
      return answers
    } catch (err) {
      const spent = this.spent
      throw new ExtractionQueryError(
        `extraction (strategy "${this.strategy}"): the target stopped answering after ${spent} of budget ${this.budget} queries: ${(err as Error)?.message ?? String(err)}`,
        spent,
        { cause: err },
      )
    }
  }
}

/** The attack's query stream: queries in the order sent and the target's answers (probability rows). */
export interface QueryStream {
  readonly queries: Matrix
  readonly answers: Matrix
}

/** What every strategy gets from `auditExtraction`. */
export interface StrategyContext {
  readonly oracle: BudgetedOracle
  /** The attacker's pool, when given. */
  readonly pool: Matrix | null
  /** Feature ranges (from the pool, or `featureRanges`), when known. */
  readonly ranges: FeatureRanges | null
  readonly features: number
  /** What the target answers and its name, for strategies that need scores (messages name it). */
  readonly target: { readonly name: string; readonly outputMode: Target['outputMode'] }
  /** The stream's randomness (never the surrogate's training seed). */
  readonly rng: Rng
  /** Trains an intermediate surrogate (few epochs) on queries and their answers. The caller disposes it. */
  trainRound(x: Matrix, answers: Matrix): Promise<Classifier>
  readonly seedSize: number
  readonly roundSize: number
  readonly lambda: number
  readonly distribution: 'uniform' | 'gaussian'
  /** `equation-solving`: check queries and the largest allowed probability error on them. */
  readonly verify: number
  readonly tolerance: number
}

/**
 * A copy of the target the strategy made itself, without a surrogate to train (equation solving
 * recovers the model's parameters). Scored like a trained surrogate.
 */
export interface SolvedCopy {
  readonly classes: number
  /** Class probabilities of the copy for `x`. */
  predict(x: Matrix): Matrix
  /** Largest |p̂ − p| on the strategy's check queries. */
  readonly maxCheckError: number
}

/**
 * What a strategy hands back: the query stream (the audit trains surrogates on its prefixes) or a
 * finished copy (the audit scores it as it is).
 */
export type StrategyOutcome = { readonly stream: QueryStream } | { readonly copy: SolvedCopy }

/**
 * An extraction strategy: how it picks queries, and what it needs. `auditExtraction` reads only
 * these fields, so a new strategy is one file and one entry in the audit's table.
 */
export interface Strategy {
  /** Needs the attacker pool (records to query or to seed from). */
  readonly needsPool: boolean
  /** Queries each pool record at most once, so the budget cannot exceed the pool. */
  readonly poolBound: boolean
  /**
   * Queries the strategy always spends (it then refuses smaller budgets and `budgets`, and this is
   * its default budget); absent when any budget works and any prefix of its stream is a smaller run.
   */
  fixedQueries?(features: number, verify: number): { count: number; why: string }
  /** Spends at most `ctx.oracle.budget` queries (or refuses) and returns the stream or the copy. */
  run(ctx: StrategyContext): Promise<StrategyOutcome>
}

/** Labels for the surrogate from the target's answers: argmax labels, or rows renormalised to sum to 1. */
export function trainingLabels(answers: Matrix, mode: 'soft' | 'hard'): TrainLabels {
  if (mode === 'hard') return argmaxRows(answers)
  const out = new Float32Array(answers.data.length)
  const k = answers.cols
  for (let r = 0; r < answers.rows; r++) {
    let sum = 0
    for (let c = 0; c < k; c++) sum += answers.data[r * k + c]
    for (let c = 0; c < k; c++) out[r * k + c] = sum > 0 ? Math.min(1, answers.data[r * k + c] / sum) : 1 / k
  }
  return { data: out, rows: answers.rows, cols: k }
}

/** Rows of `a` followed by rows of `b` (same width). */
export function concatRows(a: Matrix, b: Matrix): Matrix {
  if (a.rows === 0) return b
  if (b.rows === 0) return a
  const data = new Float32Array(a.data.length + b.data.length)
  data.set(a.data)
  data.set(b.data, a.data.length)
  return { data, rows: a.rows + b.rows, cols: a.cols }
}

/** Per-feature min and max of the rows of `m`. */
export function rangesOf(m: Matrix): FeatureRanges {
  const min = new Float64Array(m.cols).fill(Infinity)
  const max = new Float64Array(m.cols).fill(-Infinity)
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      const v = m.data[r * m.cols + c]
      if (v < min[c]) min[c] = v
      if (v > max[c]) max[c] = v
    }
  }
  return { min, max }
}

/** `n` points drawn uniformly inside `ranges` (row by row, feature by feature, from `rng`). */
export function uniformPoints(ranges: FeatureRanges, n: number, rng: Rng): Matrix {
  const f = ranges.min.length
  const data = new Float32Array(n * f)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) data[i * f + j] = ranges.min[j] + rng.next() * (ranges.max[j] - ranges.min[j])
  }
  return { data, rows: n, cols: f }
}

/** `n` Gaussian points: mean the range midpoint, sd a quarter of its width, clipped to the range. */
export function gaussianPoints(ranges: FeatureRanges, n: number, rng: Rng): Matrix {
  const f = ranges.min.length
  const data = new Float32Array(n * f)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) {
      const lo = ranges.min[j], hi = ranges.max[j]
      const v = (lo + hi) / 2 + ((hi - lo) / 4) * rng.normal()
      data[i * f + j] = Math.min(hi, Math.max(lo, v))
    }
  }
  return { data, rows: n, cols: f }
}
