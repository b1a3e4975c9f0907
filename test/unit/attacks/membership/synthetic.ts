/**
 * A synthetic membership problem without TensorFlow.js on the target side: overlapping Gaussian
 * blobs, and a target that answers with the Bayes posterior of the blobs, made sharper (a larger
 * inverse temperature) for records of a known member set. That is what memorisation looks like
 * from outside: the model is more confident on the records it was trained on.
 */
import type { AttackContext } from '../../../../src/attacks/membership/attack.js'
import type { AttackSettings } from '../../../../src/attacks/membership/types.js'
import type { DenseDataset } from '../../../../src/data/dataset.js'
import type { Matrix } from '../../../../src/data/matrix.js'
import { createRng } from '../../../../src/data/rng.js'
import { createTarget } from '../../../../src/targets/create-target.js'
import type { Target } from '../../../../src/targets/target.js'
import { trainClassifier } from '../../../../src/runtime/train.js'

export const FEATURES = 6
export const CLASSES = 3
const CENTRES = [
  [1, 0, 0, 1, 0, 0],
  [0, 1, 0, 0, 1, 0],
  [0, 0, 1, 0, 0, 1],
]
const SPREAD = Number(process.env.SPREAD ?? 0.6)

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

const key = (data: Float32Array, r: number) => Array.from(data.subarray(r * FEATURES, (r + 1) * FEATURES)).join(',')

/**
 * The target: softmax(β · (−‖x − centre_c‖² / 2σ²)) over classes c, β = `memberSharpness` for the
 * rows of `members` and 1 for any other row. `memberSharpness: 1` gives a target that does not
 * distinguish members at all.
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

/**
 * A target that really memorises: an MLP trained with `trainClassifier` on `members` only, for many
 * epochs, wrapped with `createTarget`. Shadow models trained the same way on the pool imitate it.
 */
export async function trainedTarget(settings: { hidden: number[]; epochs: number; learningRate: number; batchSize: number }, seed = 99): Promise<Target> {
  const clf = await trainClassifier({ features: FEATURES, hidden: settings.hidden, classes: CLASSES }, members.x, members.y, { ...settings, seed })
  return createTarget((rows) => clf.predict(rows), { name: 'overfit MLP', features: FEATURES, classes: CLASSES, dispose: () => clf.dispose() })
}

/** Members, non-members and a pool from disjoint seeds, and the context of an attack on `target`. */
export const members = blobs(Number(process.env.NM ?? 100), 11)
export const nonMembers = blobs(Number(process.env.NM ?? 100), 12)
export const pool = blobs(Number(process.env.NP ?? 200), 13)

/** Small budgets, so that each attack trains in about a second. */
export const SMALL: AttackSettings = { hidden: [16], epochs: 15, batchSize: 16, learningRate: 1e-2, workers: 1 }

export async function context(target: Target, settings: AttackSettings, seed = 0, poolData: DenseDataset | undefined = pool): Promise<AttackContext> {
  return {
    target,
    members,
    nonMembers,
    memberAnswers: await target.query(members.x),
    nonMemberAnswers: await target.query(nonMembers.x),
    classes: CLASSES,
    pool: poolData,
    seed,
    settings,
  }
}
