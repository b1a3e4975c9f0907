import type { MatcherState } from 'vitest'
import { measureDetection } from '../../measures/detection.js'
import type { TargetLike } from '../../targets/target.js'
import { fmt } from '../format.js'
import { finishControlGate, numberIn, requireOptions } from './control-gate.js'
import type { FlagExtractionOptions } from './control-options.js'

/**
 * `await expect(model).toFlagExtraction({ within: 300, pool, evaluation, strategy: 'augment' })`
 * runs the extraction attack through a governed interface (PRADA, δ 0.9 by default) and passes when
 * the detector flags the attacker within `within` of the attack's queries. The same run replays
 * evaluation records as benign clients and reports how many were flagged (the false-flag rate);
 * with `maxFalseFlagRate` a higher rate fails the test too.
 */
export async function toFlagExtraction(this: MatcherState, received: unknown, options: FlagExtractionOptions) {
  const matcher = 'toFlagExtraction'
  requireOptions(matcher, options, '{ within, pool, evaluation, strategy?, ... }')
  const { maxFalseFlagRate, ...detection } = options
  if (maxFalseFlagRate !== undefined) numberIn(maxFalseFlagRate, 0, 1, `${matcher}: maxFalseFlagRate`)
  const r = await measureDetection(received as TargetLike, detection)
  const detected = r.flaggedAt !== null && r.flaggedAt <= r.within
  const falseOk = maxFalseFlagRate === undefined || r.falseFlagRate <= maxFalseFlagRate
  const benign = `${r.benignFlagged} of ${r.benignClients} benign clients flagged (${r.benignQueriesPerClient} queries each)`
  const failure = !detected
    ? `Extraction (strategy ${r.strategy}) was not flagged within ${r.within} queries (W ${r.w === null ? 'never tested' : fmt(r.w)} ≥ δ ${r.delta}); ${benign}`
    : `False-flag rate ${fmt(r.falseFlagRate)} is above maxFalseFlagRate ${maxFalseFlagRate}: ${benign}`
  return finishControlGate(this, {
    matcher, gate: 'extractionDetection', metric: 'extraction_detection_queries', label: 'Extraction detection',
    // Queries until flagged; an attack never flagged is recorded at its full query count.
    value: r.flaggedAt ?? r.queriesUsed, threshold: r.within, direction: 'below', pass: detected && falseOk, failure,
    attack: `extraction:${r.strategy}`,
    facts: [
      ['strategy', r.strategy], ['flagged', r.flaggedAt === null ? 'no' : `at query ${r.flaggedAt} (W ${fmt(r.w as number)} < δ ${r.delta})`],
      ['attack queries', r.queriesUsed], ['surrogate fidelity', fmt(r.fidelity)], ['benign', benign], ['false-flag rate', fmt(r.falseFlagRate)], ['seed', r.seed],
    ],
    details: {
      strategy: r.strategy, flagged: r.flaggedAt !== null, flaggedAt: r.flaggedAt ?? -1, queriesUsed: r.queriesUsed, delta: r.delta,
      ...(r.w === null ? {} : { w: r.w }), fidelity: r.fidelity, benignClients: r.benignClients, benignFlagged: r.benignFlagged,
      benignQueriesPerClient: r.benignQueriesPerClient, falseFlagRate: r.falseFlagRate, seed: r.seed,
    },
    warnings: r.falseFlagRate > 0 ? [`${benign}: the detector also flags benign traffic at δ ${r.delta}`] : [],
    hint: 'PRADA catches synthetic queries (small steps from earlier ones); natural-data attacks (pool, active) look benign to it — pair it with rate limits, per-client budgets and output minimisation.',
  })
}
