import { parseArgs } from 'node:util'
import { membershipAttacks } from '../attacks/membership/registry.js'
import { needsPool, POOL_ATTACK_IDS, type MembershipAttackId } from '../attacks/membership/types.js'
import { EXIT, mostSevere, type ExitCode } from '../errors.js'
import { GATE_IDS } from '../gates/catalogue.js'
import { GATES, type GateSettings } from '../gates/gates.js'
import type { GateModel } from '../gates/model.js'
import { parseShard, type ReferenceCache } from '../runtime/cache/location.js'
import { ShardTrained } from '../runtime/cache/train-through-cache.js'
import { isPredictionsTarget } from '../targets/predictions/types.js'
import { cacheOption } from './cache-option.js'
import { loadConfigModels } from './config-models.js'
import { forEachModel } from './measure-models.js'
import { asUsage, UsageError } from './usage-error.js'

export const TRAIN_REFERENCES_HELP = `privacy-gates train-references [--config FILE] [--model NAME] [--shard i/n] [--cache DIR]

Trains the shadow and reference models the gates of the thresholds file need (shadow, LiRA, RMIA,
and those of "strongest") into the reference cache, and measures nothing. With --shard i/n it
trains the i-th of n shares of every model's reference models, so n machines (a CI matrix) can
train them side by side; collect their cache folders into one, and \`privacy-gates check\` or
Vitest then reads every model from it and trains nothing (a share that is missing, e.g. from a
failed shard, is trained by the gate run, which says so). Models already cached are not trained
again. See docs/reference-cache.md.

  --config FILE   thresholds file (default: PRIVACY_GATES_CONFIG, then ./privacy-gates.json)
  --model NAME    only this model's references
  --shard i/n     the share to train, 1 ≤ i ≤ n (default 1/1: all of them)
  --cache DIR     the cache folder (default: the file's defaults.cache, then
                  PRIVACY_GATES_CACHE, then node_modules/.cache/vitest-privacy-gates/)
`

/** One attack's reference training for a share, as reported. */
interface ShareLine {
  model: string
  attack: MembershipAttackId
  trained: number
  cached: number
  skipped: number
}

/** `privacy-gates train-references`: returns the exit code (0, or the most severe of the models that failed). */
export async function trainReferencesCommand(argv: string[], log: (s: string) => void, warn: (s: string) => void): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: { config: { type: 'string' }, model: { type: 'string' }, shard: { type: 'string' }, cache: { type: 'string' } },
  })
  const shard = values.shard === undefined ? { index: 1, count: 1 } : asUsage(() => parseShard(values.shard!, '--shard'))
  const { config, names } = await loadConfigModels(values, warn)
  const base = await cacheOption(values.cache, () => config.cache)
  if (base === null) {
    throw new UsageError(`the reference cache is off (${config.file}: defaults.cache, or PRIVACY_GATES_CACHE, is false): train-references has nowhere to put models; pass --cache DIR`)
  }
  const cache: ReferenceCache = { dir: base.dir, shard }
  const lines: ShareLine[] = []
  const failures = await forEachModel(config, names, async (model) => {
    lines.push(...(await trainShare(model, cache)))
  })
  for (const f of failures) warn(`privacy-gates: model ${f.model}: its reference models were not trained: ${f.error.message}`)
  for (const l of lines) {
    log(`${l.model} · ${l.attack}: ${l.trained} trained, ${l.cached} already cached${shard.count > 1 ? `, ${l.skipped} left to other shards` : ''}`)
  }
  const trained = lines.reduce((s, l) => s + l.trained, 0)
  const cached = lines.reduce((s, l) => s + l.cached, 0)
  log(`train-references: shard ${shard.index}/${shard.count} · ${trained} models trained, ${cached} already cached · ${cache.dir}`)
  return mostSevere([EXIT.pass, ...failures.map((f) => f.code)])
}

/**
 * Runs, for every enabled gate of `model` that reads a membership attack training models of its
 * own, that attack through the gate's own measurement — so its data, settings, seed and therefore
 * its cache keys are the gate run's — with the sharded cache, which stops it once the share is
 * cached. `strongest` is split into its pool-trained attacks (each trains the same models alone
 * as inside the suite: the attack context is the same). Each attack and settings once.
 */
async function trainShare(model: GateModel, cache: ReferenceCache): Promise<ShareLine[]> {
  const source = await model.source()
  const lines: ShareLine[] = []
  const seen = new Set<string>()
  for (const id of GATE_IDS) {
    const conf = model.settings.gates[id] as (GateSettings & { level?: string }) | undefined
    if (!conf || conf.level === 'off' || conf.attack === undefined) continue
    for (const attack of poolAttacks(model, conf)) {
      const once = JSON.stringify([attack, conf.settings ?? null])
      if (seen.has(once)) continue
      seen.add(once)
      try {
        await GATES[id].measure(source, { ...conf, attack, cache })
        throw new Error(`${model.name} › ${id}: attack ${attack} finished without training a reference model`)
      } catch (e) {
        if (!(e instanceof ShardTrained)) throw e
        lines.push({ model: model.name, attack, trained: e.trained, cached: e.cached, skipped: e.skipped })
      }
    }
  }
  return lines
}

/** The attacks of a gate that train models on the pool: its attack, or those of its `strongest` suite the run would include. */
function poolAttacks(model: GateModel, conf: GateSettings): MembershipAttackId[] {
  // Outputs computed elsewhere come with their reference models' outputs: nothing trains.
  if (isPredictionsTarget(model.target)) return []
  if (conf.attack !== 'strongest') return conf.attack !== undefined && needsPool(conf.attack) ? [conf.attack] : []
  const suite = conf.suite ?? model.settings.attackSettings.suite
  if (suite !== undefined) return suite.filter(needsPool)
  // The default suite: every attack the interface and the data allow (as auditMembership picks it).
  if (model.settings.data.pool === undefined) return []
  return POOL_ATTACK_IDS.filter((a) => membershipAttacks[a]?.needs === 'labels' || model.target.outputMode !== 'label')
}
