import type { Matrix } from '../../data/matrix.js'
import { createRng } from '../../data/rng.js'
import type { TrainJob } from '../../runtime/train-job.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import { trainMany } from '../../runtime/train-many.js'
import type { AttackContext, AttackScores, MembershipAttack } from './attack.js'
import { insideMasks, referenceSettings, requirePool, trainReferenceModels } from './reference-models.js'

/** Default number of shadow models. */
export const SHADOW_DEFAULT_K = 4

/** Hidden layers of the attack classifier(s). Small: the inputs are a few probabilities. */
export const ATTACK_CLASSIFIER_HIDDEN: readonly number[] = [32]

/** Adam learning rate of the attack classifier(s), whatever `settings.learningRate` is. */
export const ATTACK_CLASSIFIER_LEARNING_RATE = 1e-3
/** Mini-batch size of the attack classifier(s), whatever `settings.batchSize` is. */
export const ATTACK_CLASSIFIER_BATCH_SIZE = 32

/**
 * Features of the global attack classifier for each row of probabilities: the row sorted in
 * descending order (so the classifier sees the shape of the distribution, whatever the class),
 * followed by the one-hot true label (so it can still learn class-specific confidence levels).
 * `2 × classes` columns.
 */
export function globalFeatures(p: Matrix, labels: Int32Array): Matrix {
  const c = p.cols
  const out = new Float32Array(p.rows * 2 * c)
  for (let r = 0; r < p.rows; r++) {
    const sorted = p.data.slice(r * c, (r + 1) * c).sort().reverse()
    out.set(sorted, r * 2 * c)
    out[r * 2 * c + c + labels[r]] = 1
  }
  return { data: out, rows: p.rows, cols: 2 * c }
}

/** Indices of the rows whose label is `cls`. */
function rowsOfClass(labels: Int32Array, cls: number): Int32Array {
  const idx: number[] = []
  for (let r = 0; r < labels.length; r++) if (labels[r] === cls) idx.push(r)
  return Int32Array.from(idx)
}

function pick(p: Matrix, rows: Int32Array): Matrix {
  const out = new Float32Array(rows.length * p.cols)
  rows.forEach((r, i) => out.set(p.data.subarray(r * p.cols, (r + 1) * p.cols), i * p.cols))
  return { data: out, rows: rows.length, cols: p.cols }
}

/** Stacks matrices of equal width row-wise. */
function stack(parts: readonly Matrix[]): Matrix {
  const cols = parts[0].cols
  const rows = parts.reduce((s, m) => s + m.rows, 0)
  const data = new Float32Array(rows * cols)
  let at = 0
  for (const m of parts) { data.set(m.data, at); at += m.data.length }
  return { data, rows, cols }
}

/** Column 1 (P(in)) of each row of a 2-class probability matrix. */
function inProbability(p: Matrix): Float64Array {
  const out = new Float64Array(p.rows)
  for (let r = 0; r < p.rows; r++) out[r] = p.data[r * 2 + 1]
  return out
}

/**
 * The shadow-model attack of Shokri et al. (2017, "Membership Inference Attacks Against Machine
 * Learning Models"):
 *
 * 1. Train k shadow models (`settings.k`, default 4) that imitate the target, each on a random half
 *    of the attacker pool (complementary pairs of halves, seeded by `ctx.seed`); the other half is
 *    its OUT set. Architecture `hidden` (default [64]), `epochs` 50, `batchSize` 32, Adam
 *    `learningRate` 1e-3, through `trainMany` with `workers`.
 * 2. Label every (shadow, pool record) pair `in` or `out` (k × |pool| rows, balanced for even k)
 *    and train an attack classifier on the shadow's answer: an MLP with hidden layer [32], classes
 *    out/in, `settings.epochs` epochs, batch 32, Adam 1e-3 (fixed, see the constants), through
 *    `trainMany`. Features: the probability vector sorted in descending order plus the one-hot true
 *    label (`perClass: false`, the default: one global classifier), or, with `perClass: true`, one
 *    classifier per class (as in the paper) on the unsorted probability vector of that class's
 *    records.
 * 3. Apply it to the target's answers for the members and non-members:
 *
 *        score(x) = P(in | target's probabilities for x, y)
 *
 * What each variant can see: the sorted vector hides which entry is the true class, so the global
 * classifier learns at most what max-confidence-like statistics reveal; the per-class classifiers
 * see p_y and can reach what the loss reveals (on a memorising MLP they match the loss attack's AUC).
 *
 * Cost: k shadow trainings on half the pool each, one (or `classes`) attack classifier trainings
 * on k × |pool| rows; no query beyond the answers already in `ctx`.
 */
export const shadowAttack: MembershipAttack = {
  id: 'shadow',
  needs: 'probabilities',
  formula: 'P(in | sorted p(x), y) of an attack classifier trained on k shadow models\' in/out answers',
  async score(ctx: AttackContext): Promise<AttackScores> {
    const settings = referenceSettings(ctx.settings, SHADOW_DEFAULT_K)
    // referenceSettings checked every setting against the schema (perClass a boolean).
    const perClass = ctx.settings?.perClass ?? SCHEMA_DEFAULTS.AttackSettings.perClass
    const pool = requirePool(ctx, 'shadow', settings.k, 'shadow models')
    const { members, nonMembers, classes } = ctx
    if (perClass) {
      // Refused up front rather than after training the shadows.
      for (const [what, ds] of [['members', members], ['nonMembers', nonMembers]] as const) {
        for (const cls of new Set(ds.y)) {
          if (!pool.y.includes(cls)) {
            throw new RangeError(
              `settings.perClass: ${what} has records of class ${cls}, but the pool has none, so no attack classifier can be trained for it; ` +
                'add pool records of that class or use perClass: false',
            )
          }
        }
      }
    }
    const rng = createRng(ctx.seed)
    const { halves, predictions } = await trainReferenceModels(pool, classes, settings, rng.fork(), [pool.x], ctx.referenceTraining)
    const inside = insideMasks(pool.y.length, halves)
    const inLabels = Int32Array.from(inside.flatMap((mask) => Array.from(mask)))
    const shadowAnswers = stack(predictions.map(([p]) => p))
    const shadowLabels = Int32Array.from({ length: shadowAnswers.rows }, (_, i) => pool.y[i % pool.y.length])

    // The attack classifier keeps its own batch size and learning rate: `settings.learningRate` is
    // tuned for the shadows (a high one makes them overfit like the target in few epochs), and the
    // same rate collapses a classifier of a few probabilities to a constant answer.
    const options = { epochs: settings.epochs, batchSize: ATTACK_CLASSIFIER_BATCH_SIZE, learningRate: ATTACK_CLASSIFIER_LEARNING_RATE }
    const workers = settings.workers === undefined ? {} : { workers: settings.workers }

    if (!perClass) {
      const job: TrainJob = {
        spec: { features: 2 * classes, hidden: [...ATTACK_CLASSIFIER_HIDDEN], classes: 2 },
        x: globalFeatures(shadowAnswers, shadowLabels),
        y: inLabels,
        options: { ...options, seed: rng.seed() },
        predict: [globalFeatures(ctx.memberAnswers, members.y), globalFeatures(ctx.nonMemberAnswers, nonMembers.y)],
      }
      const [[pm, pn]] = await trainMany([job], workers)
      return { members: inProbability(pm), nonMembers: inProbability(pn) }
    }

    // One classifier per class that occurs among the audited records, trained in one trainMany
    // call. Each predicts its class's members and non-members stacked (one matrix: either part may
    // be empty, the whole never is).
    const audited = [...new Set([...members.y, ...nonMembers.y])].sort((p, q) => p - q)
    const jobs: TrainJob[] = []
    const memberRows: Int32Array[] = []
    const nonMemberRows: Int32Array[] = []
    for (const cls of audited) {
      const train = rowsOfClass(shadowLabels, cls)
      const mRows = rowsOfClass(members.y, cls)
      const nRows = rowsOfClass(nonMembers.y, cls)
      memberRows.push(mRows)
      nonMemberRows.push(nRows)
      jobs.push({
        spec: { features: classes, hidden: [...ATTACK_CLASSIFIER_HIDDEN], classes: 2 },
        x: pick(shadowAnswers, train),
        y: Int32Array.from(train, (r) => inLabels[r]),
        options: { ...options, seed: rng.seed() },
        predict: [stack([pick(ctx.memberAnswers, mRows), pick(ctx.nonMemberAnswers, nRows)])],
      })
    }
    const results = await trainMany(jobs, workers)
    const scores = { members: new Float64Array(members.y.length), nonMembers: new Float64Array(nonMembers.y.length) }
    results.forEach(([p], i) => {
      const s = inProbability(p)
      const mRows = memberRows[i]
      mRows.forEach((r, j) => { scores.members[r] = s[j] })
      nonMemberRows[i].forEach((r, j) => { scores.nonMembers[r] = s[mRows.length + j] })
    })
    return scores
  },
}
