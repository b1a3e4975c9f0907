import { parseArgs } from 'node:util'
import { membershipAttacks } from '../attacks/membership/registry.js'
import { needsPool, POOL_ATTACK_IDS, type MembershipAttackId } from '../attacks/membership/types.js'
import { EXIT, exitCodeOf, mostSevere, type ExitCode } from '../errors.js'
import { GATE_IDS } from '../gates/catalogue.js'
import { findConfig, loadConfig, type ResolvedConfig } from '../gates/config/index.js'
import { GATES, type GateSettings } from '../gates/gates.js'
import { createGateModel, type GateModel } from '../gates/model.js'
import { parseShard, resolveReferenceCache, type ReferenceCache, type Shard } from '../runtime/cache/location.js'
import { ShardTrained } from '../runtime/cache/train-through-cache.js'
import { isPredictionsTarget } from '../targets/predictions/types.js'
import { asInput } from './as-input.js'
import { UsageError } from './usage-error.js'

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
  const found = await asInput(() => findConfig({ option: values.config, env: process.env.PRIVACY_GATES_CONFIG, cwd: process.cwd(), optionName: '--config' }))
  if (found.warning) warn(found.warning)
  const config = await asInput(() => loadConfig(found.path))
  const cache = cacheOf(config, values.cache, shard)
  if (values.model !== undefined && config.models[values.model] === undefined) {
    throw new UsageError(`--model: ${config.file} has no model named "${values.model}"; known models: ${Object.keys(config.models).join(', ')}`)
  }
  const names = values.model === undefined ? Object.keys(config.models) : [values.model]
  const lines: ShareLine[] = []
  const codes: ExitCode[] = [EXIT.pass]
  for (const name of names) {
    try {
      const model = await asInput(() => createGateModel(config, name))
      await asInput(() => model.source())
      lines.push(...(await trainShare(model, cache)))
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e))
      codes.push(exitCodeOf(error))
      warn(`privacy-gates: model ${name}: its reference models were not trained: ${error.message}`)
    }
  }
  for (const l of lines) {
    log(`${l.model} · ${l.attack}: ${l.trained} trained, ${l.cached} already cached${shard.count > 1 ? `, ${l.skipped} left to other shards` : ''}`)
  }
  const trained = lines.reduce((s, l) => s + l.trained, 0)
  const cached = lines.reduce((s, l) => s + l.cached, 0)
  log(`train-references: shard ${shard.index}/${shard.count} · ${trained} models trained, ${cached} already cached · ${cache.dir}`)
  return mostSevere(codes)
}

/** The cache to train into: `--cache`, else the thresholds file's (which already applied the environment and the default). */
function cacheOf(config: ResolvedConfig, flag: string | undefined, shard: Shard): ReferenceCache {
  const base = flag !== undefined ? resolveReferenceCache(flag, { what: '--cache' }) : config.cache === false ? null : resolveReferenceCache(config.cache, { from: process.cwd() })
  if (base === null) {
    throw new UsageError(`the reference cache is off (${config.file}: defaults.cache, or PRIVACY_GATES_CACHE, is false): train-references has nowhere to put models; pass --cache DIR`)
  }
  return { dir: base.dir, shard }
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

function asUsage<T>(f: () => T): T {
  try {
    return f()
  } catch (e) {
    throw new UsageError((e as Error).message, { cause: e })
  }
}
