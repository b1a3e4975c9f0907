import { basename } from 'node:path'
import { performance } from 'node:perf_hooks'
import { auditExtraction } from '../attacks/extraction/audit.js'
import type { ExtractionStrategy } from '../attacks/extraction/types.js'
import { auditMembership } from '../attacks/membership/audit.js'
import { measureAccuracy } from '../measures/accuracy.js'
import { loadDataset } from '../data/load.js'
import { InputError } from '../errors.js'
import { takeRows } from '../data/matrix.js'
import { createRng } from '../data/rng.js'
import { permutation, splitSizes } from '../data/split.js'
import { activeBackend, initBackend } from '../runtime/backend.js'
import { resolveEngine } from '../runtime/engine/choose.js'
import { progress } from '../runtime/progress.js'
import { trainClassifier } from '../runtime/train-classifier.js'
import { createTarget } from '../targets/create-target.js'
import type { ExtractionChart, MembershipRunChart } from '../gates/record.js'
import { fitScaling, type Scaling } from './preprocess.js'

/** Settings of one lab run (the quick lab's values are the defaults). */
export interface LabOptions {
  /** CSV or JSON file with a header and a label column. */
  dataset: string
  /** Label column (default: the last column). */
  label?: string
  seed: number
  scaling: Scaling
  /** Target training set size; default 600 when the data has more than 1,200 rows, else ⌊n/3⌋. */
  members?: number
  /** Held-out set size (also the evaluation set); default as `members`. */
  nonMembers?: number
  /** Target MLP hidden layers, default [256]. */
  targetHidden?: number[]
  /** Default 200. */
  targetEpochs?: number
  /** Surrogate MLP hidden layers, default [64]. */
  surrogateHidden?: number[]
  /** Default 100. */
  surrogateEpochs?: number
  /** Extraction query strategy (default `pool`). */
  strategy?: ExtractionStrategy
  /** Extraction budget (default: the whole pool). */
  budget?: number
  /**
   * Also measure the extraction at a quarter and half of the budget, for the HTML report's budget
   * chart (two more surrogates; the row's numbers do not change). Default false.
   */
  budgetCurve?: boolean
  /**
   * Train the target with DP-SGD calibrated to this ε (clip norm 1, Poisson batches of expected size
   * 32, δ = 1/(10·members)) on the `js`/`wasm` engine; absent: non-private training.
   */
  dpEpsilon?: number
  /**
   * Reference models of an offline LiRA column (`membership_auc_lira`), each trained the target's
   * way (architecture, epochs, batch size, learning rate and, for a DP row, the same DP-SGD settings)
   * on half the attacker pool, in worker threads. Default {@link LAB_LIRA_MODELS} for a DP row, 0
   * (no LiRA, an empty column) otherwise: the CLI asks for it in the non-private row of a DP run.
   */
  liraModels?: number
}

/**
 * LiRA reference models of the lab's DP rows: the fewest that give offline LiRA a variance to fit
 * (one σ pooled over all records below 4 models), and two fill two cores with one round of training.
 */
export const LAB_LIRA_MODELS = 2

/** A lab run with what the HTML report draws of it (aggregates only). */
export interface LabRun {
  row: LabRow
  charts: { membership: MembershipRunChart[]; extraction: ExtractionChart }
}

/** One row of the lab's results CSV. Aggregates only. */
export interface LabRow {
  dataset: string
  seed: number
  /** The tfjs backend (users' models, when any). */
  backend: string
  /** The training engine of the target and the surrogate (`wasm`, `js` or `tfjs`). */
  engine: string
  members: number
  non_members: number
  target_train_accuracy: number
  target_clean_accuracy: number
  membership_auc: number
  membership_auc_lo: number
  membership_auc_hi: number
  membership_advantage: number
  membership_auc_loss: number
  /** Offline LiRA's AUC (`liraModels` references trained the target's way); empty when not run. */
  membership_auc_lira: number | ''
  surrogate_fidelity: number
  surrogate_accuracy: number
  queries: number
  /** The ε the target was trained to with DP-SGD; empty for non-private training. */
  dp_epsilon: number | ''
  /** The accountant's ε of that run at `dp_delta` (empty when non-private). */
  accountant_epsilon: number | ''
  dp_delta: number | ''
  /**
   * The largest empirical ε lower bound of the two membership attacks (Clopper–Pearson at 95% over
   * every threshold, union-bounded) for (ε, dp_delta) claims — 0 δ when non-private.
   */
  empirical_epsilon: number
  seconds: number
}

/** Column order of the lab CSV. */
export const LAB_COLUMNS: ReadonlyArray<keyof LabRow> = [
  'dataset', 'seed', 'backend', 'engine', 'members', 'non_members', 'target_train_accuracy', 'target_clean_accuracy',
  'membership_auc', 'membership_auc_lo', 'membership_auc_hi', 'membership_advantage', 'membership_auc_loss', 'membership_auc_lira',
  'surrogate_fidelity', 'surrogate_accuracy', 'queries', 'dp_epsilon', 'accountant_epsilon', 'dp_delta', 'empirical_epsilon', 'seconds',
]

/**
 * The privacy and extraction lab: shuffle with the seed; train a target MLP on the members;
 * measure its accuracy, the max-confidence (and loss, and with `liraModels` LiRA) membership AUC, and the fidelity of a surrogate
 * trained on its labels for the attacker pool (the rows left after members and non-members).
 * Uses the same `audit*` functions as the matchers. With `dpEpsilon` the target is trained with
 * DP-SGD, and the row adds the accountant's ε and the attacks' empirical ε lower bound.
 */
export async function runLab(options: LabOptions): Promise<LabRow> {
  return (await runLabWithCharts(options)).row
}

/** {@link runLab}, also returning the chart aggregates of its attacks (ROC, histograms, budget points). */
export async function runLabWithCharts(options: LabOptions): Promise<LabRun> {
  const t0 = performance.now()
  await initBackend()
  const ds = await loadDataset(options.dataset, { label: options.label })
  const n = ds.rows
  const all = { data: ds.x, rows: ds.rows, cols: ds.features }
  // 600 / 600 as in the classic lab when the data leaves a pool; smaller data sets split in thirds.
  const defaultSize = n > 1200 ? 600 : Math.floor(n / 3)
  const memberCount = options.members ?? defaultSize
  const nonMemberCount = options.nonMembers ?? defaultSize
  const rng = createRng(options.seed)
  const [mi, ni, pi] = splitSizes(permutation(n, rng), [memberCount, nonMemberCount], true)
  if (pi.length === 0) throw new InputError(`${options.dataset}: no rows left for the attacker pool after ${memberCount} members and ${nonMemberCount} non-members (${n} rows)`)
  const scale = fitScaling(options.scaling, takeRows(all, mi))
  const members = { x: scale(takeRows(all, mi)), y: mi.map((i) => ds.y[i]) }
  const nonMembers = { x: scale(takeRows(all, ni)), y: ni.map((i) => ds.y[i]) }
  const pool = scale(takeRows(all, pi))
  const poolY = pi.map((i) => ds.y[i])
  const features = ds.features

  const epochs = options.targetEpochs ?? 200
  const p = progress()
  const task = p.enabled ? p.start('lab: training the target', epochs, 'epochs') : undefined
  const targetSpec = { features, hidden: options.targetHidden ?? [256], classes: ds.classes }
  const dp = options.dpEpsilon === undefined ? undefined : { targetEpsilon: options.dpEpsilon, clipNorm: 1, delta: 1 / (10 * memberCount) }
  const dpTraining = dp ? { dp } : {}
  const liraModels = options.liraModels ?? (dp ? LAB_LIRA_MODELS : 0)
  if (!Number.isInteger(liraModels) || liraModels < 0) throw new RangeError(`liraModels: expected an integer ≥ 0, found ${String(liraModels)}`)
  let model
  try {
    model = await trainClassifier(
      targetSpec,
      members.x,
      members.y,
      // the epoch callback only with progress on: it makes training read back each batch's loss
      {
        epochs, batchSize: 32, learningRate: 1e-3, seed: rng.seed(), ...(task ? { onEpoch: () => task.tick() } : {}),
        ...dpTraining,
      },
    )
  } finally {
    task?.done()
  }
  try {
    const target = createTarget((x) => model.predict(x), { name: 'lab target', features })
    const asDataset = (d: typeof members) => ({ x: d.x.data, y: d.y, features })
    const train = await measureAccuracy(target, asDataset(members))
    const clean = await measureAccuracy(target, asDataset(nonMembers))
    // One suite run: the attacks score the same answers, so members and non-members are queried once.
    // LiRA's references train like the target (the LiRA paper's setting), with DP-SGD for a DP row.
    const lira = liraModels > 0 ? {
      pool: { x: pool.data, y: Int32Array.from(poolY), features },
      settings: { k: liraModels, hidden: targetSpec.hidden, epochs, batchSize: 32, learningRate: 1e-3 },
      referenceTraining: dpTraining,
    } : {}
    const suite = await auditMembership(target, {
      members: asDataset(members), nonMembers: asDataset(nonMembers), attack: 'strongest', seed: options.seed,
      suite: liraModels > 0 ? ['max-confidence', 'loss', 'lira'] : ['max-confidence', 'loss'],
      ...lira,
      delta: dp ? dp.delta : 0,
      // The lab report draws the ROC curves and histograms.
      charts: true,
    })
    const [mc, loss, liraResult] = suite.results
    const budget = options.budget ?? pool.rows
    const curve = options.budgetCurve ? [...new Set([Math.floor(budget / 4), Math.floor(budget / 2), budget])].filter((b) => b >= 1) : undefined
    const ex = await auditExtraction(target, {
      pool: { x: pool.data, y: new Int32Array(pool.rows), features },
      evaluation: asDataset(nonMembers),
      hidden: options.surrogateHidden ?? [64],
      epochs: options.surrogateEpochs ?? 100,
      // The classic lab trains the copy on the target's predicted labels (as the scikit-learn reference).
      labels: 'hard',
      strategy: options.strategy,
      budget: options.budget,
      ...(curve ? { budgets: curve } : {}),
      seed: options.seed,
    })
    const row: LabRow = {
      dataset: basename(options.dataset).replace(/\.(csv|json)$/i, ''),
      seed: options.seed,
      backend: activeBackend(),
      engine: resolveEngine('auto', targetSpec, 32, dp !== undefined),
      members: memberCount,
      non_members: nonMemberCount,
      target_train_accuracy: train.accuracy,
      target_clean_accuracy: clean.accuracy,
      membership_auc: mc.auc,
      membership_auc_lo: mc.aucInterval[0],
      membership_auc_hi: mc.aucInterval[1],
      membership_advantage: mc.advantage,
      membership_auc_loss: loss.auc,
      membership_auc_lira: liraResult ? liraResult.auc : '',
      surrogate_fidelity: ex.fidelity,
      surrogate_accuracy: ex.surrogateAccuracy,
      queries: ex.queriesUsed,
      dp_epsilon: dp ? dp.targetEpsilon : '',
      accountant_epsilon: model.privacy ? model.privacy.epsilon : '',
      dp_delta: dp ? dp.delta : '',
      empirical_epsilon: Math.max(mc.empiricalEpsilon?.epsilon ?? 0, loss.empiricalEpsilon?.epsilon ?? 0),
      seconds: (performance.now() - t0) / 1000,
    }
    const run = (r: typeof mc): MembershipRunChart[] =>
      r.charts ? [{ attack: r.attack, auc: r.auc, members: r.members, nonMembers: r.nonMembers, ...r.charts }] : []
    const points = (ex.curve ?? [{ budget: ex.budget, fidelity: ex.fidelity, surrogateAccuracy: ex.surrogateAccuracy }])
      .map((p) => ({ budget: p.budget, fidelity: p.fidelity, surrogateAccuracy: p.surrogateAccuracy }))
    return {
      row,
      charts: {
        membership: [...run(mc), ...run(loss), ...(liraResult ? run(liraResult) : [])],
        extraction: { strategy: ex.strategy, labels: ex.labels, budget: ex.budget, targetAccuracy: ex.targetAccuracy, points },
      },
    }
  } finally {
    model.dispose()
  }
}
