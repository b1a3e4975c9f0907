import { toDense, type Dataset } from '../../data/dataset.js'
import { argmaxRows, fromRows, takeRows, type Matrix } from '../../data/matrix.js'
import { createRng } from '../../data/rng.js'
import { permutation } from '../../data/split.js'
import { accuracy, fidelity } from '../../metrics/index.js'
import { initBackend } from '../../runtime/backend.js'
import { trainClassifier } from '../../runtime/train.js'
import { toTarget } from '../../targets/to-target.js'
import type { TargetLike } from '../../targets/target.js'
import { checkFeatures, checkLabels, seedOption } from '../validate.js'
import type { ExtractionOptions, ExtractionResult } from './types.js'

/**
 * Model extraction with the `pool` strategy: the attacker sends `budget` records of its pool (a
 * seeded random subset) to the target, keeps the predicted labels, and trains a surrogate MLP on
 * them. Fidelity and both accuracies are measured on the evaluation set. Queries made to score
 * the evaluation set are the auditor's, not the attacker's: `queriesUsed` counts only the attack.
 *
 * @example
 * const r = await auditExtraction(model, { pool, evaluation, budget: 500 })
 * r.fidelity // share of evaluation records where the copy agrees with the target
 */
export async function auditExtraction(target: TargetLike, options: ExtractionOptions): Promise<ExtractionResult> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('auditExtraction: expected options { pool, evaluation, budget?, seed?, ... }')
  }
  const strategy = options.strategy ?? 'pool'
  if (strategy !== 'pool') throw new RangeError(`strategy: unknown extraction strategy "${String(strategy)}"; expected "pool"`)
  const seed = seedOption(options.seed)
  const pool = poolMatrix(options.pool)
  const evaluation = toDense(options.evaluation, 'evaluation')
  const budget = budgetOption(options.budget, pool.rows)
  await initBackend()
  const t = toTarget(target)
  const features = checkFeatures(t, [['pool', pool], ['evaluation', evaluation.x]])

  const rng = createRng(seed)
  const queries = takeRows(pool, permutation(pool.rows, rng).subarray(0, budget))
  const before = t.queryCount
  const answers = await t.query(queries)
  const queriesUsed = t.queryCount - before
  const classes = answers.cols
  checkLabels(evaluation, classes, 'evaluation')

  const surrogate = await trainClassifier(
    { features, hidden: options.hidden ?? [64], classes },
    queries,
    argmaxRows(answers),
    {
      epochs: options.epochs ?? 100,
      batchSize: options.batchSize ?? 32,
      learningRate: options.learningRate ?? 1e-3,
      seed: rng.seed(),
    },
  )
  try {
    const targetPred = argmaxRows(await t.query(evaluation.x))
    const surrogatePred = argmaxRows(await surrogate.predict(evaluation.x))
    return {
      strategy,
      fidelity: fidelity(surrogatePred, targetPred),
      surrogateAccuracy: accuracy(surrogatePred, evaluation.y),
      targetAccuracy: accuracy(targetPred, evaluation.y),
      queriesUsed,
      budget,
      evaluation: evaluation.y.length,
      seed,
    }
  } finally {
    surrogate.dispose()
  }
}

/** The attacker's pool as a matrix; labels, when given, are dropped (the attacker has none). */
function poolMatrix(pool: Dataset | number[][]): Matrix {
  if (Array.isArray(pool)) {
    const m = fromRows(pool, 'pool')
    if (m.rows === 0) throw new RangeError('pool: is empty (0 rows); the attacker needs records to query')
    return m
  }
  return toDense(pool, 'pool').x
}

function budgetOption(budget: unknown, poolRows: number): number {
  if (budget === undefined) return poolRows
  if (typeof budget !== 'number' || !Number.isInteger(budget) || budget <= 0) {
    throw new RangeError(`budget: expected a positive integer number of queries, found ${String(budget)}`)
  }
  if (budget > poolRows) {
    throw new RangeError(`budget: ${budget} queries asked, but the attacker pool has only ${poolRows} records (strategy "pool" queries each record at most once)`)
  }
  return budget
}
