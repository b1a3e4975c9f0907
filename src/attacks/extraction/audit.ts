import { describeValue } from '../../data/describe.js'
import { toDense, type Dataset } from '../../data/dataset.js'
import { argmaxRows, fromRows, sliceRows, type Matrix } from '../../data/matrix.js'
import { createRng, type Rng } from '../../data/rng.js'
import { recordsDigest } from '../../data/digest.js'
import { accuracy, agreementOutcomes, fidelity, wilsonIntervalOfRepeats } from '../../metrics/index.js'
import { initBackend } from '../../runtime/backend.js'
import { progress, type ProgressTask } from '../../runtime/progress.js'
import { trainClassifier } from '../../runtime/train-classifier.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import { toTarget } from '../../targets/to-target.js'
import type { Target, TargetLike } from '../../targets/target.js'
import { checkFeatures, checkLabels, seedOption } from '../validate.js'
import { activeStrategy } from './strategies/active.js'
import { augmentStrategy } from './strategies/augment.js'
import { BudgetedOracle, rangesOf, trainingLabels, uniformPoints, type FeatureRanges, type Strategy, type StrategyContext } from './strategies/common.js'
import { equationSolvingStrategy } from './strategies/equation-solving.js'
import { poolStrategy } from './strategies/pool.js'
import { syntheticStrategy } from './strategies/synthetic.js'
import type { ExtractionCurvePoint, ExtractionOptions, ExtractionResult, ExtractionRun, ExtractionStrategy } from './types.js'

const STRATEGIES: Readonly<Record<ExtractionStrategy, Strategy>> = {
  pool: poolStrategy,
  synthetic: syntheticStrategy,
  augment: augmentStrategy,
  active: activeStrategy,
  'equation-solving': equationSolvingStrategy,
}
const STRATEGY_NAMES = Object.keys(STRATEGIES)

/** The auditor's data, shared by every run of the attack. */
interface Scoring {
  evaluation: { x: Matrix; y: Int32Array }
  targetPred: Int32Array
  uniform: { x: Matrix; targetPred: Int32Array } | null
}

/** One copy of the target, however it was made: a trained surrogate or a strategy's solved model. */
interface Copy {
  predict(x: Matrix): Promise<Matrix> | Matrix
  dispose(): void
}

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
 * Each rate comes with a 95% Wilson interval over the records it was measured on. With
 * `repeats: R`, R attackers run the same attack with reseeded streams and surrogates (each its own
 * budget; the first is the run of `seed`), every rate is their mean and its interval also holds
 * their spread (see `wilsonIntervalOfRepeats`); `runs` lists each.
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
  const strategyName = options.strategy ?? SCHEMA_DEFAULTS.Strategy
  if (!STRATEGY_NAMES.includes(strategyName)) {
    throw new RangeError(`strategy: unknown extraction strategy ${JSON.stringify(strategyName)}; expected one of ${STRATEGY_NAMES.map((s) => `"${s}"`).join(', ')}`)
  }
  const strategy = STRATEGIES[strategyName]
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
  const repeats = intOption(options.repeats, 'repeats', 1, 1)
  const lambda = positiveNumber(options.lambda, 'lambda', 0.1)
  const tolerance = positiveNumber(options.tolerance, 'tolerance', 1e-3)
  await initBackend()
  const t = toTarget(target)
  const sets: Array<[string, Matrix]> = pool ? [['pool', pool], ['evaluation', evaluation.x]] : [['evaluation', evaluation.x]]
  const features = checkFeatures(t, sets)
  const ranges = options.featureRanges !== undefined ? rangesOption(options.featureRanges, features) : pool ? rangesOf(pool) : null
  const { budget, budgets } = budgetOptions(options, strategyName, strategy, pool, features, verify)

  const labels = labelsOption ?? (t.outputMode === 'label' ? 'hard' : 'soft')
  const hidden = options.hidden ?? [64]
  const epochs = options.epochs ?? 100
  const train = (x: Matrix, answers: Matrix, epochCount: number, trainSeed: number, task?: ProgressTask) =>
    trainClassifier({ features, hidden, classes: answers.cols }, x, trainingLabels(answers, labels), {
      batchSize: options.batchSize ?? 32, learningRate: options.learningRate ?? 1e-3, seed: trainSeed, epochs: epochCount,
      // Only with progress on: asking for the epoch callback makes training read back each batch's loss.
      ...(task ? { onEpoch: () => task.tick() } : {}),
    })

  const rng = createRng(seed)
  const runSeeds = [seed]
  let scoring: Scoring | null = null
  let solvedLabels = false
  // The first run's surrogate predictions at the audit's budget: its per-record outcomes (one run only).
  let mainPred: Int32Array | undefined
  const keepMain = (run: number, b: number) => (run === 0 && b === budget ? (pred: Int32Array) => { mainPred = pred } : undefined)
  const runs: Array<{ queriesUsed: number; maxCheckError?: number; points: Map<number, ExtractionCurvePoint> }> = []
  for (let run = 0; run < repeats; run++) {
    // Run 0 draws from the generator of `seed` exactly as a single audit does; later runs take their
    // seeds from the same generator afterwards, so repeats never change the first run.
    const runRng = run === 0 ? rng : createRng(runSeeds[run])
    const streamRng = runRng.fork()
    const trainSeed = runRng.seed()
    const uniformRng = run === 0 ? runRng.fork() : null
    const suffix = repeats > 1 ? ` run ${run + 1} of ${repeats}` : ''
    const queryTask = progress().start(`extraction (${strategyName})${suffix}: queries`, budget, 'queries')
    const oracle = new BudgetedOracle(t, budget, strategyName, (rows) => queryTask.tick(rows))
    const ctx: StrategyContext = {
      oracle, pool, ranges, features, target: { name: t.name, outputMode: t.outputMode }, rng: streamRng,
      seedSize, roundSize, lambda, distribution, verify, tolerance,
      trainRound: (x, answers) => train(x, answers, roundEpochs, trainSeed),
    }
    const outcome = await strategy.run(ctx).finally(() => queryTask.done())
    const queriesUsed = oracle.spent
    if (run === 0) {
      checkLabels(evaluation, 'copy' in outcome ? outcome.copy.classes : outcome.stream.answers.cols, 'evaluation')
      scoring = {
        evaluation,
        targetPred: argmaxRows(await t.query(evaluation.x)),
        uniform: await uniformSet(t, ranges, uniformCount, uniformRng as Rng),
      }
      for (let r = 1; r < repeats; r++) runSeeds.push(rng.seed())
    }
    const points = new Map<number, ExtractionCurvePoint>()
    if ('copy' in outcome) {
      // A solved copy stands for every budget it could be asked at (it ignores budgets).
      solvedLabels = true
      const { copy } = outcome
      points.set(budget, await score(budget, { predict: (x) => copy.predict(x), dispose: () => {} }, scoring as Scoring, keepMain(run, budget)))
      runs.push({ queriesUsed, maxCheckError: copy.maxCheckError, points })
      continue
    }
    const { stream } = outcome
    for (const b of [...new Set([...budgets, budget])].sort((x, y) => x - y)) {
      const n = Math.min(b, stream.queries.rows)
      const p = progress()
      const task = p.enabled ? p.start(`extraction (${strategyName})${suffix}: surrogate on ${n} queries`, epochs, 'epochs') : undefined
      let surrogate
      try {
        surrogate = await train(sliceRows(stream.queries, 0, n), sliceRows(stream.answers, 0, n), epochs, trainSeed, task)
      } finally {
        task?.done()
      }
      points.set(b, await score(b, surrogate, scoring as Scoring, keepMain(run, b)))
    }
    runs.push({ queriesUsed, points })
  }
  const { targetPred, uniform } = scoring as Scoring
  const at = (b: number) => runs.map((r) => r.points.get(b) as ExtractionCurvePoint)
  const main = meanPoint(budget, at(budget))
  const mainRuns = at(budget)
  const result: ExtractionResult = {
    strategy: strategyName,
    fidelity: main.fidelity,
    fidelityUniform: main.fidelityUniform,
    surrogateAccuracy: main.surrogateAccuracy,
    fidelityInterval: wilsonIntervalOfRepeats(mainRuns.map((p) => p.fidelity), evaluation.y.length),
    surrogateAccuracyInterval: wilsonIntervalOfRepeats(mainRuns.map((p) => p.surrogateAccuracy), evaluation.y.length),
    fidelityUniformInterval: uniform ? wilsonIntervalOfRepeats(mainRuns.map((p) => p.fidelityUniform as number), uniform.x.rows) : null,
    targetAccuracy: accuracy(targetPred, evaluation.y),
    queriesUsed: runs[0].queriesUsed,
    budget,
    labels: solvedLabels ? 'soft' : labels,
    evaluation: evaluation.y.length,
    uniform: uniform ? uniform.x.rows : 0,
    repeats,
    seed,
    outcomes: {
      records: recordsDigest(evaluation),
      targetCorrect: agreementOutcomes(targetPred, evaluation.y),
      // With repeats the rates are means over attackers: no one 0/1 outcome per record stands for them.
      ...(repeats === 1 && mainPred ? { fidelity: agreementOutcomes(mainPred, targetPred), surrogateAccuracy: agreementOutcomes(mainPred, evaluation.y) } : {}),
    },
  }
  if (runs[0].maxCheckError !== undefined) result.maxCheckError = Math.max(...runs.map((r) => r.maxCheckError as number))
  if (options.budgets !== undefined) result.curve = budgets.map((b) => meanPoint(b, at(b)))
  if (repeats > 1) {
    result.runs = mainRuns.map((p, i): ExtractionRun => ({
      seed: runSeeds[i], fidelity: p.fidelity, surrogateAccuracy: p.surrogateAccuracy, fidelityUniform: p.fidelityUniform, queriesUsed: runs[i].queriesUsed,
    }))
  }
  return result
}

/** Scores one copy on the auditor's data, then disposes it. */
async function score(budget: number, copy: Copy, s: Scoring, keep?: (pred: Int32Array) => void): Promise<ExtractionCurvePoint> {
  try {
    const pred = argmaxRows(await copy.predict(s.evaluation.x))
    keep?.(pred)
    return {
      budget,
      // Against the target's answers, not the true labels: the two differ wherever the target is wrong.
      fidelity: fidelity(pred, s.targetPred),
      surrogateAccuracy: accuracy(pred, s.evaluation.y),
      fidelityUniform: s.uniform ? fidelity(argmaxRows(await copy.predict(s.uniform.x)), s.uniform.targetPred) : null,
    }
  } finally {
    copy.dispose()
  }
}

/** The runs' mean at one budget (the run itself when there is one, so a single audit is unchanged). */
function meanPoint(budget: number, points: ExtractionCurvePoint[]): ExtractionCurvePoint {
  if (points.length === 1) return points[0]
  const mean = (f: (p: ExtractionCurvePoint) => number) => points.reduce((a, p) => a + f(p), 0) / points.length
  return {
    budget,
    fidelity: mean((p) => p.fidelity),
    surrogateAccuracy: mean((p) => p.surrogateAccuracy),
    fidelityUniform: points[0].fidelityUniform === null ? null : mean((p) => p.fidelityUniform as number),
  }
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
  options: ExtractionOptions, name: ExtractionStrategy, strategy: Strategy, pool: Matrix | null, features: number, verify: number,
): { budget: number; budgets: number[] } {
  const fixed = strategy.fixedQueries?.(features, verify)
  let budgets: number[] = []
  if (options.budgets !== undefined) {
    if (fixed !== undefined) {
      throw new RangeError(`budgets: not supported with strategy "${name}" (it always spends ${fixed.count} queries); remove budgets`)
    }
    if (!Array.isArray(options.budgets) || options.budgets.length === 0) {
      throw new TypeError(`budgets: expected a non-empty array of positive integers, found ${describeValue(options.budgets)}`)
    }
    options.budgets.forEach((b, i) => positiveBudget(b, `budgets[${i}]`))
    budgets = [...new Set(options.budgets)].sort((a, b) => a - b)
  }
  if (strategy.needsPool && pool === null) {
    throw new TypeError(`pool: strategy "${name}" needs the attacker pool (records to query), found none`)
  }
  let budget: number
  if (options.budget !== undefined) budget = positiveBudget(options.budget, 'budget')
  else if (budgets.length > 0) budget = budgets[budgets.length - 1]
  else if (fixed !== undefined) budget = fixed.count
  else if (pool !== null) budget = pool.rows
  else throw new TypeError(`budget: strategy "${name}" without a pool needs an explicit budget (a positive integer), found undefined`)
  const over = budgets.find((b) => b > budget)
  if (over !== undefined) throw new RangeError(`budgets: ${over} is larger than budget ${budget}; every curve point must fit in the attack's budget`)
  if (strategy.poolBound && pool !== null && budget > pool.rows) {
    throw new RangeError(`budget: ${budget} queries asked, but the attacker pool has only ${pool.rows} records (strategy "${name}" queries each record at most once)`)
  }
  if (fixed !== undefined && budget < fixed.count) {
    throw new RangeError(`budget: strategy "${name}" needs ${fixed.why}, ${fixed.count} in all; found budget ${budget}`)
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
