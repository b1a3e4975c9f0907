import type { Dataset } from '../../data/dataset.js'

/**
 * How the attacker chooses its queries (README "Model extraction"):
 * - `pool`: label a seeded random subset of the attacker's pool;
 * - `synthetic`: uniform or Gaussian samples inside the feature ranges (no real records needed);
 * - `augment`: Jacobian-based augmentation (Papernot et al., 2017) grown from a pool seed set;
 * - `active`: rounds of uncertainty sampling (smallest top-2 margin) from the pool;
 * - `equation-solving`: exact extraction of a softmax-linear model (Tramèr et al., 2016).
 */
export type ExtractionStrategy = 'pool' | 'synthetic' | 'augment' | 'active' | 'equation-solving'

/** Options of {@link auditExtraction}. */
export interface ExtractionOptions {
  /**
   * Records the attacker may query; their labels (if any) are ignored. Required by `pool`,
   * `active` and `augment`; optional for `synthetic` and `equation-solving` (it then supplies the
   * feature ranges).
   */
  pool?: Dataset | number[][]
  /** Held-out labelled records for fidelity and accuracies. */
  evaluation: Dataset
  /**
   * The attacker's query budget: the target's query counter grows by at most this much for the
   * attack's own queries (evaluation queries are the auditor's). Default: the pool size
   * (`pool`, `active`, `augment`, `synthetic` with a pool), `max(budgets)` when `budgets` is given,
   * d + 1 + `verifyQueries` for `equation-solving`.
   */
  budget?: number
  /**
   * Budgets at which to measure the attack along ONE query stream (each point trains a surrogate
   * on the stream's first `b` queries). Every entry must be ≤ `budget`. Adds `curve` to the result.
   */
  budgets?: number[]
  /** Query strategy, default `pool`. See {@link ExtractionStrategy}. */
  strategy?: ExtractionStrategy
  /**
   * What the surrogate trains on. Default: `soft` (the returned probability rows) when the target's
   * output mode is `probabilities` or `logits`, `hard` (argmax labels) for `label` targets.
   */
  labels?: 'soft' | 'hard'
  /**
   * Per-feature `[min, max]` the attacker knows, one pair per feature. Used by `synthetic`, the
   * uniform fidelity and `equation-solving` when no pool is given (with a pool, its min/max win
   * unless this is given).
   */
  featureRanges?: Array<[number, number]>
  /** `synthetic` only: `uniform` (default) or `gaussian` (mean the range's midpoint, sd a quarter of its width, clipped). */
  distribution?: 'uniform' | 'gaussian'
  /** `augment` / `active`: size of the random seed set drawn from the pool. Default 40. */
  seedSize?: number
  /** `active`: pool records queried per round. Default 20. */
  roundSize?: number
  /**
   * `augment` / `active`: epochs of each intermediate surrogate (the final one uses `epochs`).
   * Default 60: a round trains on the few queries made so far, so this stays cheap, and on the
   * digits fixture fewer epochs gave worse uncertainty estimates (active at 100 queries, mean of 4
   * seeds: 20 → 0.935, 40 → 0.945, 60 → 0.949 fidelity).
   */
  roundEpochs?: number
  /** `augment`: step λ as a fraction of each feature's range. Default 0.1. */
  lambda?: number
  /** Number of uniform random points inside the feature ranges for `fidelityUniform`. Default 1000; 0 skips it. */
  uniformPoints?: number
  /** `equation-solving`: extra queries that check the solved model (within the budget). Default 10. */
  verifyQueries?: number
  /** `equation-solving`: largest allowed |p̂ − p| on the check queries. Default 1e-3. */
  tolerance?: number
  /** Hidden layer sizes of the surrogate MLP. Default `[64]`. */
  hidden?: number[]
  /** Default 100. */
  epochs?: number
  /** Default 32. */
  batchSize?: number
  /** Default 1e-3 (Adam). */
  learningRate?: number
  /**
   * Attackers to run: each runs the whole attack (its own stream, its own surrogates, its own
   * budget) with a seed drawn from `seed`'s generator; the first is the run of `seed`. Rates are
   * their mean and the intervals include their spread. Default 1.
   */
  repeats?: number
  /** Default 0. */
  seed?: number
}

/** One point of a budget curve: the attack measured on the stream's first `budget` queries. */
export interface ExtractionCurvePoint {
  budget: number
  /** Agreement with the target on the evaluation set. */
  fidelity: number
  /** Accuracy of the surrogate on the evaluation set's true labels. */
  surrogateAccuracy: number
  /** Agreement on uniform random inputs inside the feature ranges (`null` when `uniformPoints` is 0 or no ranges are known). */
  fidelityUniform: number | null
}

/** Aggregates of one extraction audit (docs/architecture.md#the-data-that-flows-through-an-audit). */
export interface ExtractionResult {
  strategy: ExtractionStrategy
  /** Share of evaluation records where surrogate and target predict the same class. */
  fidelity: number
  /**
   * Share of uniform random points inside the feature ranges where surrogate and target agree
   * (Tramèr's R_unif); `null` when `uniformPoints` is 0 or no ranges are known.
   */
  fidelityUniform: number | null
  surrogateAccuracy: number
  /**
   * 95% Wilson interval of `fidelity` over the evaluation records; with `repeats`, widened by the
   * runs' spread (an effective count, see `wilsonIntervalOfRepeats`).
   */
  fidelityInterval: [number, number]
  /** 95% interval of `surrogateAccuracy`, as `fidelityInterval`. */
  surrogateAccuracyInterval: [number, number]
  /** 95% interval of `fidelityUniform` over the uniform points; `null` when it is. */
  fidelityUniformInterval: [number, number] | null
  targetAccuracy: number
  /** The attack's own queries (never more than `budget`); with `repeats`, those of the first run. */
  queriesUsed: number
  budget: number
  /** What the surrogate was trained on. */
  labels: 'soft' | 'hard'
  evaluation: number
  /** Number of uniform points behind `fidelityUniform` (0 when skipped). */
  uniform: number
  /** Present when `budgets` was given: one point per distinct budget, ascending. */
  curve?: ExtractionCurvePoint[]
  /** `equation-solving` only: largest |p̂ − p| on the check queries (over all runs). */
  maxCheckError?: number
  /** Runs behind the rates (1 unless `repeats` was given). */
  repeats: number
  /** Present when `repeats` > 1: each run's rates at `budget`, in order (the first is the run of `seed`). */
  runs?: ExtractionRun[]
  seed: number
  /**
   * Per evaluation record, in order, the 0/1 outcomes behind the rates (see `agreementOutcomes`)
   * and the evaluation set's fingerprint (`recordsDigest`), for a paired comparison with another
   * run. `fidelity` and `surrogateAccuracy` only with one run: with `repeats` they are means.
   */
  outcomes?: ExtractionOutcomes
}

/** See {@link ExtractionResult.outcomes}: one `'0'`/`'1'` per evaluation record. */
export interface ExtractionOutcomes {
  records: string
  /** The target's argmax equals the true label. */
  targetCorrect: string
  /** The surrogate's argmax equals the target's. */
  fidelity?: string
  /** The surrogate's argmax equals the true label. */
  surrogateAccuracy?: string
}

/** One attacker of a repeated extraction audit, measured at the audit's budget. */
export interface ExtractionRun {
  seed: number
  fidelity: number
  surrogateAccuracy: number
  fidelityUniform: number | null
  queriesUsed: number
}
