import { sliceRows, takeRows } from '../../../data/matrix.js'
import { permutation } from '../../../data/split.js'
import { concatRows, type QueryStream, type Strategy, type StrategyContext } from './common.js'

/**
 * `active`: uncertainty sampling from the pool, in the spirit of Knockoff Nets' adaptive strategy.
 * A random seed set (`seedSize` records) is labelled first; then, round after round, a surrogate
 * trained for `roundEpochs` on everything labelled so far scores the unlabelled pool and the
 * `roundSize` records with the smallest margin between its two most likely classes are queried
 * (most uncertain first; ties by seeded pool order). Round sizes do not depend on the budget, so
 * any prefix of the stream is the stream of a smaller budget.
 */
export const activeStrategy: Strategy = { needsPool: true, poolBound: true, run: async (ctx) => ({ stream: await activeStream(ctx) }) }

async function activeStream(ctx: StrategyContext): Promise<QueryStream> {
  const pool = ctx.pool
  if (pool === null) throw new TypeError('pool: strategy "active" needs the attacker pool (records to choose from), found none')
  const { oracle } = ctx
  const order = permutation(pool.rows, ctx.rng)
  const seedCount = Math.min(ctx.seedSize, oracle.budget)
  let queries = takeRows(pool, order.subarray(0, seedCount))
  let answers = await oracle.ask(queries)
  let unlabelled = Array.from(order.subarray(seedCount))
  while (oracle.remaining > 0) {
    const take = Math.min(ctx.roundSize, oracle.remaining)
    const surrogate = await ctx.trainRound(queries, answers)
    let probs
    try {
      probs = await surrogate.predict(takeRows(pool, unlabelled))
    } finally {
      surrogate.dispose()
    }
    const margins = new Float64Array(unlabelled.length)
    for (let i = 0; i < unlabelled.length; i++) {
      const row = sliceRows(probs, i, i + 1).data
      let a = -Infinity, b = -Infinity
      for (const p of row) {
        if (p > a) { b = a; a = p } else if (p > b) b = p
      }
      margins[i] = a - b
    }
    const ranked = unlabelled.map((_, i) => i).sort((i, j) => margins[i] - margins[j] || i - j)
    const chosen = new Set(ranked.slice(0, take))
    const picked = ranked.slice(0, take).map((i) => unlabelled[i])
    unlabelled = unlabelled.filter((_, i) => !chosen.has(i))
    const batch = takeRows(pool, picked)
    const batchAnswers = await oracle.ask(batch)
    queries = concatRows(queries, batch)
    answers = concatRows(answers, batchAnswers)
  }
  return { queries, answers }
}
