import { describeValue } from '../../data/describe.js'
import { toDense, type Dataset } from '../../data/dataset.js'
import { argmaxRows, fromRows, sliceRows, type Matrix } from '../../data/matrix.js'
import { createRng, type Rng } from '../../data/rng.js'
import { accuracy, fidelity } from '../../metrics/index.js'
import { initBackend } from '../../runtime/backend.js'
import { progress, type ProgressTask } from '../../runtime/progress.js'
import { trainClassifier } from '../../runtime/train-classifier.js'
import { toTarget } from '../../targets/to-target.js'
import type { Target, TargetLike } from '../../targets/target.js'
import { checkFeatures, checkLabels, seedOption } from '../validate.js'
import { activeStrategy } from './strategies/active.js'
import { augmentStrategy } from './strategies/augment.js'
import { BudgetedOracle, rangesOf, trainingLabels, uniformPoints, type FeatureRanges, type Strategy, type StrategyContext } from './strategies/common.js'
import { equationSolvingQueries, linearProbabilities, solveLinear } from './strategies/equation-solving.js'
import { poolStrategy } from './strategies/pool.js'
import { syntheticStrategy } from './strategies/synthetic.js'
import type { ExtractionCurvePoint, ExtractionOptions, ExtractionResult, ExtractionStrategy } from './types.js'

const STRATEGIES: Readonly<Record<Exclude<ExtractionStrategy, 'equation-solving'>, Strategy>> = {
  pool: poolStrategy,
  synthetic: syntheticStrategy,
  augment: augmentStrategy,
  active: activeStrategy,
}
const STRATEGY_NAMES = [...Object.keys(STRATEGIES), 'equation-solving']

/**
 * Model extraction as an attacker would run it. The attacker spends at most `budget` queries
 * choosing them with `strategy` (`pool`, `synthetic`, `augment`, `active`: see
 * {@link ExtractionStrategy}), trains a surrogate MLP on the answers (soft labels when the interface
 * returns probabilities or logits, hard labels behind a `label` interface; `labels` forces one) and
 * is scored on the evaluation set (`fidelity`, `surrogateAccuracy`) and on uniform random inputs
 * inside the feature ranges (`fidelityUniform`, Tramèr's R_unif). `equation-solving` recovers a
 * softmax-linear target exactly from d + 1 queries (plus `verifyQueries` checks) and refuses a
 * non-linear one. With `budgets`, one query stream of `budget` queries is measured at each prefix
 * (`curve`). Queries that score the evaluation set and the uniform points are the auditor's, not
 * the attacker's: `queriesUsed` counts only the attack.
 *
 * @throws RangeError / TypeError naming the option on bad input; `ExtractionQueryError` (with
 *   `queriesUsed`) when the target stops answering; `NotLinearError` when `equation-solving` meets
 *   a non-linear target.
 * @example
 * const r = await auditExtraction(model, { pool, evaluation, budget: 600, strategy: 'active', budgets: [100, 200, 400] })
 * r.fidelity        // share of evaluation records where the copy agrees with the target
 * r.curve           // [{ budget: 100, fidelity, surrogateAccuracy, fidelityUniform }, …]
 */
export async function auditExtraction(target: TargetLike, options: ExtractionOptions): Promise<ExtractionResult> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('auditExtraction: expected options { pool, evaluation, budget?, strategy?, seed?, ... }')
  }
  const strategy = options.strategy ?? 'pool'
  if (!STRATEGY_NAMES.includes(strategy)) {
    throw new RangeError(`strategy: unknown extraction strategy ${JSON.stringify(strategy)}; expected one of ${STRATEGY_NAMES.map((s) => `"${s}"`).join(', ')}`)
  }
  const seed = seedOption(options.seed)
  const pool = options.pool === undefined ? null : poolMatrix(options.pool)
  const evaluation = toDense(options.evaluation, 'evaluation')
  const labelsOption = oneOf(options.labels, 'labels', ['soft', 'hard'])
  const distribution = oneOf(options.distribution, 'distribution', ['uniform', 'gaussian']) ?? 'uniform'
  const seedSize = intOption(options.seedSize, 'seedSize', 1, 40)
  const roundSize = intOption(options.roundSize, 'roundSize', 1, 20)
  const roundEpochs = intOption(options.roundEpochs, 'roundEpochs', 1, 60)
  const uniformCount = intOption(options.uniformPoints, 'uniformPoints', 0, 1000)
  const verify = intOption(options.verifyQueries, 'verifyQueries', 1, 10)
  const lambda = positiveNumber(options.lambda, 'lambda', 0.1)
  const tolerance = positiveNumber(options.tolerance, 'tolerance', 1e-3)
  await initBackend()
  const t = toTarget(target)
  const sets: Array<[string, Matrix]> = pool ? [['pool', pool], ['evaluation', evaluation.x]] : [['evaluation', evaluation.x]]
  const features = checkFeatures(t, sets)
  const ranges = options.featureRanges !== undefined ? rangesOption(options.featureRanges, features) : pool ? rangesOf(pool) : null
  const { budget, budgets } = budgetOptions(options, strategy, pool, features, verify)

  const rng = createRng(seed)
  const streamRng = rng.fork()
  const trainSeed = rng.seed()
  const uniformRng = rng.fork()
  const queryTask = progress().start(`extraction (${strategy}): queries`, budget, 'queries')
  const oracle = new BudgetedOracle(t, budget, strategy, (rows) => queryTask.tick(rows))

  if (strategy === 'equation-solving') {
    if (t.outputMode === 'label') {
      throw new TypeError(`strategy: "equation-solving" needs probability or logit answers, but the target (${t.name}) returns labels (outputMode 'label'); 0 queries spent`)
    }
    if (ranges === null) {
      throw new TypeError('featureRanges: strategy "equation-solving" needs the feature ranges: give a pool (its min/max per feature) or featureRanges, found neither')
    }
    const { model, maxCheckError } = await solveLinear(oracle, ranges, verify, tolerance, streamRng).finally(() => queryTask.done())
    const queriesUsed = oracle.spent
    checkLabels(evaluation, model.classes, 'evaluation')
    const targetPred = argmaxRows(await t.query(evaluation.x))
    const surrogatePred = argmaxRows(linearProbabilities(model, evaluation.x))
    const uniform = await uniformSet(t, ranges, uniformCount, uniformRng)
    return {
      strategy,
      fidelity: fidelity(surrogatePred, targetPred),
      fidelityUniform: uniform ? fidelity(argmaxRows(linearProbabilities(model, uniform.x)), uniform.targetPred) : null,
      surrogateAccuracy: accuracy(surrogatePred, evaluation.y),
      targetAccuracy: accuracy(targetPred, evaluation.y),
      queriesUsed,
      budget,
      labels: 'soft',
      evaluation: evaluation.y.length,
      uniform: uniform ? uniform.x.rows : 0,
      maxCheckError,
      seed,
    }
  }

  const labels = labelsOption ?? (t.outputMode === 'label' ? 'hard' : 'soft')
  const hidden = options.hidden ?? [64]
  const trainOptions = {
    batchSize: options.batchSize ?? 32,
    learningRate: options.learningRate ?? 1e-3,
    seed: trainSeed,
  }
  const train = (x: Matrix, answers: Matrix, epochs: number, task?: ProgressTask) =>
    trainClassifier({ features, hidden, classes: answers.cols }, x, trainingLabels(answers, labels), {
      ...trainOptions, epochs,
      // Only with progress on: asking for the epoch callback makes training read back each batch's loss.
      ...(task ? { onEpoch: () => task.tick() } : {}),
    })
  const ctx: StrategyContext = {
    oracle, pool, ranges, features, rng: streamRng, seedSize, roundSize, lambda, distribution,
    trainRound: (x, answers) => train(x, answers, roundEpochs),
  }
  const stream = await STRATEGIES[strategy](ctx).finally(() => queryTask.done())
  const queriesUsed = oracle.spent
  const classes = stream.answers.cols
  checkLabels(evaluation, classes, 'evaluation')

  const targetPred = argmaxRows(await t.query(evaluation.x))
  const uniform = await uniformSet(t, ranges, uniformCount, uniformRng)
  const epochs = options.epochs ?? 100
  const points = new Map<number, ExtractionCurvePoint>()
  for (const b of [...new Set([...budgets, budget])].sort((x, y) => x - y)) {
    const n = Math.min(b, stream.queries.rows)
    const p = progress()
    const task = p.enabled ? p.start(`extraction (${strategy}): surrogate on ${n} queries`, epochs, 'epochs') : undefined
    let surrogate
    try {
      surrogate = await train(sliceRows(stream.queries, 0, n), sliceRows(stream.answers, 0, n), epochs, task)
    } finally {
      task?.done()
    }
    try {
      const surrogatePred = argmaxRows(await surrogate.predict(evaluation.x))
      points.set(b, {
        budget: b,
        fidelity: fidelity(surrogatePred, targetPred),
        surrogateAccuracy: accuracy(surrogatePred, evaluation.y),
        fidelityUniform: uniform ? fidelity(argmaxRows(await surrogate.predict(uniform.x)), uniform.targetPred) : null,
      })
    } finally {
      surrogate.dispose()
    }
  }
  const main = points.get(budget) as ExtractionCurvePoint
  const result: ExtractionResult = {
    strategy,
    fidelity: main.fidelity,
    fidelityUniform: main.fidelityUniform,
    surrogateAccuracy: main.surrogateAccuracy,
    targetAccuracy: accuracy(targetPred, evaluation.y),
    queriesUsed,
    budget,
    labels,
    evaluation: evaluation.y.length,
    uniform: uniform ? uniform.x.rows : 0,
    seed,
  }
  if (options.budgets !== undefined) result.curve = budgets.map((b) => points.get(b) as ExtractionCurvePoint)
  return result
}

/** The auditor's uniform points inside the ranges and the target's labels for them (null when skipped). */
async function uniformSet(
  t: Target, ranges: FeatureRanges | null, n: number, rng: Rng,
): Promise<{ x: Matrix; targetPred: Int32Array } | null> {
  if (ranges === null || n === 0) return null
  const x = uniformPoints(ranges, n, rng)
  return { x, targetPred: argmaxRows(await t.query(x)) }
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

function budgetOptions(
  options: ExtractionOptions, strategy: ExtractionStrategy, pool: Matrix | null, features: number, verify: number,
): { budget: number; budgets: number[] } {
  let budgets: number[] = []
  if (options.budgets !== undefined) {
    if (strategy === 'equation-solving') {
      throw new RangeError('budgets: not supported with strategy "equation-solving" (it always spends d + 1 queries plus the checks); remove budgets')
    }
    if (!Array.isArray(options.budgets) || options.budgets.length === 0) {
      throw new TypeError(`budgets: expected a non-empty array of positive integers, found ${describeValue(options.budgets)}`)
    }
    options.budgets.forEach((b, i) => positiveBudget(b, `budgets[${i}]`))
    budgets = [...new Set(options.budgets)].sort((a, b) => a - b)
  }
  const needsPool = strategy === 'pool' || strategy === 'active' || strategy === 'augment'
  if (needsPool && pool === null) {
    throw new TypeError(`pool: strategy "${strategy}" needs the attacker pool (records to query), found none`)
  }
  let budget: number
  if (options.budget !== undefined) budget = positiveBudget(options.budget, 'budget')
  else if (budgets.length > 0) budget = budgets[budgets.length - 1]
  else if (strategy === 'equation-solving') budget = equationSolvingQueries(features, verify)
  else if (pool !== null) budget = pool.rows
  else throw new TypeError(`budget: strategy "${strategy}" without a pool needs an explicit budget (a positive integer), found undefined`)
  const over = budgets.find((b) => b > budget)
  if (over !== undefined) throw new RangeError(`budgets: ${over} is larger than budget ${budget}; every curve point must fit in the attack's budget`)
  if ((strategy === 'pool' || strategy === 'active') && pool !== null && budget > pool.rows) {
    throw new RangeError(`budget: ${budget} queries asked, but the attacker pool has only ${pool.rows} records (strategy "${strategy}" queries each record at most once)`)
  }
  if (strategy === 'equation-solving' && budget < equationSolvingQueries(features, verify)) {
    throw new RangeError(
      `budget: strategy "equation-solving" needs d + 1 = ${features + 1} queries to solve plus ${verify} to check (verifyQueries), ${equationSolvingQueries(features, verify)} in all; found budget ${budget}`,
    )
  }
  return { budget, budgets }
}

function positiveBudget(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`${what}: expected a positive integer number of queries, found ${String(v)}`)
  }
  return v
}

function rangesOption(v: unknown, features: number): FeatureRanges {
  if (!Array.isArray(v) || v.length !== features) {
    throw new RangeError(`featureRanges: expected ${features} [min, max] pairs (one per feature), found ${Array.isArray(v) ? `${v.length} entries` : describeValue(v)}`)
  }
  const min = new Float64Array(features), max = new Float64Array(features)
  v.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !Number.isFinite(pair[0]) || !Number.isFinite(pair[1]) || pair[0] > pair[1]) {
      throw new RangeError(`featureRanges[${i}]: expected [min, max] with finite min ≤ max, found ${JSON.stringify(pair)}`)
    }
    min[i] = pair[0]; max[i] = pair[1]
  })
  return { min, max }
}

function oneOf<T extends string>(v: unknown, what: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined
  if (!allowed.includes(v as T)) throw new RangeError(`${what}: expected ${allowed.map((a) => `"${a}"`).join(' or ')}, found ${JSON.stringify(v)}`)
  return v as T
}

function intOption(v: unknown, what: string, min: number, fallback: number): number {
  if (v === undefined) return fallback
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`${what}: expected an integer ≥ ${min}, found ${String(v)}`)
  return v
}

function positiveNumber(v: unknown, what: string, fallback: number): number {
  if (v === undefined) return fallback
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${what}: expected a finite number > 0, found ${String(v)}`)
  return v
}
