import { takeRows } from '../../../data/matrix.js'
import { permutation } from '../../../data/split.js'
import type { QueryStream, Strategy, StrategyContext } from './common.js'

/**
 * `pool`: the attacker labels `budget` records of its pool, a seeded random subset sent in one go.
 * The stream is the pool in a seeded order, so any prefix is the stream of a smaller budget.
 */
export const poolStrategy: Strategy = { needsPool: true, poolBound: true, run: async (ctx) => ({ stream: await poolStream(ctx) }) }

async function poolStream(ctx: StrategyContext): Promise<QueryStream> {
  const pool = ctx.pool
  if (pool === null) throw new TypeError('pool: strategy "pool" needs the attacker pool (records to query), found none')
  const queries = takeRows(pool, permutation(pool.rows, ctx.rng).subarray(0, ctx.oracle.budget))
  const answers = await ctx.oracle.ask(queries)
  return { queries, answers }
}
