/**
 * Synthetic membership problems for the attacks that train models of their own: overlapping
 * Gaussian blobs (3 classes, 6 features) and two kinds of target.
 *
 * - {@link blobTarget}: no TensorFlow.js. Answers with the Bayes posterior of the blobs, sharper (a
 *   larger inverse temperature) for the records of a known member set: what memorisation looks like
 *   from outside. Sharpness 1 gives a target that does not distinguish members at all.
 * - {@link trainedTarget}: an MLP that really memorises, trained with `trainClassifier` on few
 *   records; shadow models trained the same way on the pool imitate it.
 */
import type { AttackContext } from '../../../../src/attacks/membership/attack.js'
import type { AttackSettings } from '../../../../src/attacks/membership/types.js'
import type { DenseDataset } from '../../../../src/data/dataset.js'
import type { Matrix } from '../../../../src/data/matrix.js'
import { createRng } from '../../../../src/data/rng.js'
import { trainClassifier } from '../../../../src/runtime/train-classifier.js'
import { createTarget } from '../../../../src/targets/create-target.js'
import type { Target } from '../../../../src/targets/target.js'

export const FEATURES = 6
export const CLASSES = 3
const CENTRES = [
  [1, 0, 0, 1, 0, 0],
  [0, 1, 0, 0, 1, 0],
  [0, 0, 1, 0, 0, 1],
]
const SPREAD = 1

/** `n` seeded records of the three blobs. */
export function blobs(n: number, seed: number): DenseDataset {
  const rng = createRng(seed)
  const x = new Float32Array(n * FEATURES)
  const y = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(CLASSES)
    for (let j = 0; j < FEATURES; j++) x[i * FEATURES + j] = CENTRES[y[i]][j] + SPREAD * rng.normal()
  }
  return { x: { data: x, rows: n, cols: FEATURES }, y }
}

export interface Problem {
  members: DenseDataset
  nonMembers: DenseDataset
  pool: DenseDataset
}

/**
 * For {@link blobTarget}: 300 members, 300 non-members, a pool of 600. The seeds give a balanced
 * sample: on the target that ignores membership, max-confidence has AUC 0.501 (sampling noise
 * alone has a standard deviation of about 0.024 at 300 vs 300).
 */
export const blobProblem: Problem = { members: blobs(300, 22), nonMembers: blobs(300, 23), pool: blobs(600, 24) }

/**
 * For {@link trainedTarget}: 100 members (few, so the MLP memorises them), 300 non-members, and a
 * pool of 200, so that shadow models train on halves of the target's training-set size.
 */
export const smallProblem: Problem = { members: blobs(100, 31), nonMembers: blobs(300, 23), pool: blobs(200, 24) }

const key = (data: Float32Array, r: number) => Array.from(data.subarray(r * FEATURES, (r + 1) * FEATURES)).join(',')

/**
 * softmax(β · (−‖x − centre_c‖² / 2σ²)) over the classes c, with β = `memberSharpness` for the rows
 * of `members` and 1 for any other row.
 */
export function blobTarget(members: DenseDataset, memberSharpness: number): Target {
  const seen = new Set<string>()
  for (let r = 0; r < members.x.rows; r++) seen.add(key(members.x.data, r))
  return createTarget(async (rows: Matrix) => {
    const out = new Float32Array(rows.rows * CLASSES)
    for (let r = 0; r < rows.rows; r++) {
      const beta = seen.has(key(rows.data, r)) ? memberSharpness : 1
      const logits = CENTRES.map((c) => {
        let d = 0
        for (let j = 0; j < FEATURES; j++) d += (rows.data[r * FEATURES + j] - c[j]) ** 2
        return (-beta * d) / (2 * SPREAD * SPREAD)
      })
      const max = Math.max(...logits)
      const e = logits.map((l) => Math.exp(l - max))
      const s = e.reduce((a, b) => a + b, 0)
      e.forEach((v, c) => { out[r * CLASSES + c] = v / s })
    }
    return { data: out, rows: rows.rows, cols: CLASSES }
  }, { name: 'blob target', features: FEATURES, classes: CLASSES })
}

/** Training settings of {@link trainedTarget}, reused for the shadow models that imitate it. */
export const TARGET_TRAINING = { hidden: [64], epochs: 20, batchSize: 16, learningRate: 0.03 }

/** An MLP trained on `members` only ({@link TARGET_TRAINING}), behind `createTarget`. */
export async function trainedTarget(members: DenseDataset): Promise<Target> {
  const clf = await trainClassifier({ features: FEATURES, hidden: TARGET_TRAINING.hidden, classes: CLASSES }, members.x, members.y, {
    epochs: TARGET_TRAINING.epochs, batchSize: TARGET_TRAINING.batchSize, learningRate: TARGET_TRAINING.learningRate, seed: 99,
  })
  return createTarget((rows) => clf.predict(rows), { name: 'memorising MLP', features: FEATURES, classes: CLASSES, dispose: () => clf.dispose() })
}

/** Small budgets, so that each attack trains in about a second in this thread. */
export const SMALL: AttackSettings = { hidden: [16], epochs: 15, batchSize: 16, learningRate: 1e-2, workers: 1 }

/** The context `auditMembership` would build: the target queried once for members and non-members. */
export async function context(target: Target, problem: Problem, settings: AttackSettings, seed = 0): Promise<AttackContext> {
  return {
    target,
    members: problem.members,
    nonMembers: problem.nonMembers,
    memberAnswers: await target.query(problem.members.x),
    nonMemberAnswers: await target.query(problem.nonMembers.x),
    classes: CLASSES,
    pool: problem.pool,
    seed,
    settings,
  }
}
