import { argmaxRows, takeRows, type Matrix } from '../../../data/matrix.js'
import { permutation } from '../../../data/split.js'
import { toLayersModel } from '../../../runtime/layers-model.js'
import { tf } from '../../../runtime/tf.js'
import type { Classifier } from '../../../runtime/classifier.js'
import { concatRows, type FeatureRanges, type QueryStream, type Strategy, type StrategyContext } from './common.js'

/**
 * `augment`: Jacobian-based dataset augmentation (Papernot et al., 2017). A random seed set of
 * `seedSize` pool records is labelled; each round trains a surrogate for `roundEpochs` on all
 * queries so far and adds, for every query x in order, x + λ·range·sign(∇ₓ p_y(x)), where y is the
 * target's label for x and p_y the surrogate's probability of it, clipped to the feature ranges.
 * The set (at most) doubles per round until the budget is spent; the last round is cut to the
 * budget. The gradient is exact: `tf.grad` through the surrogate's tfjs model. Round sizes do not
 * depend on the budget, so any prefix of the stream is the stream of a smaller budget.
 */
export const augmentStrategy: Strategy = { needsPool: true, poolBound: false, run: async (ctx) => ({ stream: await augmentStream(ctx) }) }

async function augmentStream(ctx: StrategyContext): Promise<QueryStream> {
  const pool = ctx.pool
  if (pool === null) throw new TypeError('pool: strategy "augment" needs the attacker pool (its seed set), found none')
  if (ctx.ranges === null) throw new TypeError('featureRanges: strategy "augment" needs feature ranges, found none')
  const { oracle } = ctx
  const seedCount = Math.min(ctx.seedSize, oracle.budget, pool.rows)
  let queries = takeRows(pool, permutation(pool.rows, ctx.rng).subarray(0, seedCount))
  let answers = await oracle.ask(queries)
  while (oracle.remaining > 0) {
    const take = Math.min(queries.rows, oracle.remaining)
    const surrogate = await ctx.trainRound(queries, answers)
    let grads: Float32Array
    try {
      grads = await labelGradients(surrogate, queries, argmaxRows(answers), take)
    } finally {
      surrogate.dispose()
    }
    const next = step(queries, grads, take, ctx.lambda, ctx.ranges)
    const nextAnswers = await oracle.ask(next)
    queries = concatRows(queries, next)
    answers = concatRows(answers, nextAnswers)
  }
  return { queries, answers }
}

/** ∇ₓ p_label(x) of the surrogate for the first `n` rows of `x` (row-major, n × features). */
async function labelGradients(surrogate: Classifier, x: Matrix, labels: Int32Array, n: number): Promise<Float32Array> {
  const model = toLayersModel(surrogate)
  try {
    const g = tf.tidy(() => {
      const xs = tf.tensor2d(x.data.subarray(0, n * x.cols), [n, x.cols])
      const mask = tf.oneHot(tf.tensor1d(labels.subarray(0, n), 'int32'), surrogate.spec.classes).toFloat()
      // Rows are independent, so the gradient of the sum is each row's own gradient.
      const f = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(model.apply(t) as tf.Tensor, mask))
      return tf.grad(f)(xs)
    })
    try {
      return (await g.data()) as Float32Array
    } finally {
      g.dispose()
    }
  } finally {
    model.dispose()
  }
}

function step(x: Matrix, grads: Float32Array, n: number, lambda: number, ranges: FeatureRanges): Matrix {
  const f = x.cols
  const out = new Float32Array(n * f)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) {
      const lo = ranges.min[j], hi = ranges.max[j]
      const v = x.data[i * f + j] + lambda * (hi - lo) * Math.sign(grads[i * f + j])
      out[i * f + j] = Math.min(hi, Math.max(lo, v))
    }
  }
  return { data: out, rows: n, cols: f }
}
