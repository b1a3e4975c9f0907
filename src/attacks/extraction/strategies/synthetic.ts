import { gaussianPoints, uniformPoints, type QueryStream, type Strategy, type StrategyContext } from './common.js'

/**
 * `synthetic`: the attacker has no records, only the feature ranges; it queries `budget` samples
 * drawn uniformly (or from a clipped Gaussian around the midpoint) inside them. Drawn row by row
 * from the stream's generator, so any prefix is the stream of a smaller budget.
 */
export const syntheticStrategy: Strategy = { needsPool: false, poolBound: false, run: async (ctx) => ({ stream: await syntheticStream(ctx) }) }

async function syntheticStream(ctx: StrategyContext): Promise<QueryStream> {
  if (ctx.ranges === null) {
    throw new TypeError('featureRanges: strategy "synthetic" needs the feature ranges: give a pool (its min/max per feature) or featureRanges, found neither')
  }
  const n = ctx.oracle.budget
  const queries = ctx.distribution === 'gaussian' ? gaussianPoints(ctx.ranges, n, ctx.rng) : uniformPoints(ctx.ranges, n, ctx.rng)
  const answers = await ctx.oracle.ask(queries)
  return { queries, answers }
}
