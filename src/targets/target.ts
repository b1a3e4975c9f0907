import { UnmeasurableTargetError } from '../errors.js'
import type { Matrix } from '../data/matrix.js'

/**
 * What a prediction interface returns (docs/architecture.md#the-prediction-interface): `probabilities` (rows that sum to 1),
 * `logits` (turned into probabilities with a softmax before any attack sees them), or `label` (one
 * column holding an integer class index in [0, classes) per row — the adapter then needs
 * `classes` — turned into one-hot rows; only label-only attacks learn anything from them). Later
 * controls add `top-k` and `rounded`.
 */
export type OutputMode = 'probabilities' | 'logits' | 'label'

/**
 * The model under test, seen only through its prediction interface.
 * Every adapter (tfjs model, predict function, HTTP endpoint, ...) ends up as one of these: it
 * batches queries, counts them and validates every answer, so attacks never see a malformed row.
 */
export interface Target {
  /** A readable name for messages and reports (`"tfjs LayersModel"`, `"predict function"`, a model id). */
  readonly name: string
  /** Number of input features when the adapter knows it (tfjs models do), else `undefined`. */
  readonly features: number | undefined
  /**
   * What the underlying interface returns. Answers of {@link Target.query} are always probability
   * rows (one-hot rows behind a `label` interface).
   */
  readonly outputMode: OutputMode
  /**
   * Sends `rows` to the interface (in batches) and returns one probability row per input row.
   * Throws a {@link TargetAnswerError} naming the row and value when an answer is malformed.
   */
  query(rows: Matrix): Promise<Matrix>
  /**
   * Rows the target sends its interface per call for rows of `cols` values, when it batches
   * (every target built by `createTarget` does). A caller that queries in chunks sends a multiple
   * of it, so that no call is cut short.
   */
  rowsPerCall?(cols: number): number
  /** Rows answered so far (the attacker's spent budget). */
  readonly queryCount: number
  /** Releases resources the adapter created (never the user's model). */
  dispose?(): void
  /**
   * For an adapter whose answers depend on more than the rows asked (a tfjs model's faster path
   * answers only once it agreed with tfjs): makes the next queries answered as a newly built target
   * would answer them and returns `true`, or returns `false` when it cannot (the target must then be
   * built anew to answer as a new one). Adapters that answer each row by its values alone leave it out.
   */
  restart?(): boolean
}

/**
 * Raised when a target answers with the wrong shape or with values that are not probabilities: the
 * target could not be measured (CLI exit code 3).
 */
export class TargetAnswerError extends UnmeasurableTargetError {
  override name = 'TargetAnswerError'
}

/**
 * Anything the matchers and `audit*` functions accept as the model under test (docs/architecture.md#what-the-matchers-and-audit-functions-accept):
 * a tfjs `LayersModel` or `GraphModel`, a predict function returning one probability row per input,
 * or a {@link Target} built by an adapter.
 */
export type TargetLike = Target | PredictFunction | TfModelLike

/**
 * `(rows) => probabilities`, one output row per input row. May be async. With
 * `{ outputMode: 'label', classes }` each output row holds one class index instead: `[[3], [1], …]`.
 */
export type PredictFunction = (rows: number[][]) => number[][] | Promise<number[][]>

/** The structural part of a tfjs `LayersModel` / `GraphModel` the adapter relies on. */
export interface TfModelLike {
  predict(x: unknown, config?: unknown): unknown
  // `shape` is optional because a GraphModel's TensorInfo may not declare it.
  readonly inputs: ReadonlyArray<{ shape?: ReadonlyArray<number | null> }>
  readonly outputs: ReadonlyArray<{ shape?: ReadonlyArray<number | null> }>
}
