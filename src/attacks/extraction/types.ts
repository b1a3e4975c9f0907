import type { Dataset } from '../../data/dataset.js'

/** Options of {@link auditExtraction}. */
export interface ExtractionOptions {
  /** Records the attacker may query; their labels (if any) are ignored. */
  pool: Dataset | number[][]
  /** Held-out labelled records for fidelity and accuracies. */
  evaluation: Dataset
  /** Number of pool rows to query (default: the whole pool). Must be 1..pool size. */
  budget?: number
  /** Query strategy. The foundation has `pool` (label the first `budget` pool rows after a seeded shuffle). */
  strategy?: 'pool'
  /** Hidden layer sizes of the surrogate MLP. Default `[64]`. */
  hidden?: number[]
  /** Default 100. */
  epochs?: number
  /** Default 32. */
  batchSize?: number
  /** Default 1e-3 (Adam). */
  learningRate?: number
  /** Default 0. */
  seed?: number
}

/** Aggregates of one extraction audit (DESIGN.md §4). */
export interface ExtractionResult {
  strategy: 'pool'
  /** Share of evaluation records where surrogate and target predict the same class. */
  fidelity: number
  surrogateAccuracy: number
  targetAccuracy: number
  queriesUsed: number
  budget: number
  evaluation: number
  seed: number
}
