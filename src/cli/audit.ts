import { parseArgs } from 'node:util'
import { auditMembership, givenOutputsGap } from '../attacks/membership/audit.js'
import { membershipAttackIds, membershipAttacks } from '../attacks/membership/registry.js'
import { needsPool, type MembershipAttackId, type MembershipResult } from '../attacks/membership/types.js'
import type { Dataset } from '../data/dataset.js'
import { fmt } from '../gates/format.js'
import { createGateModel } from '../gates/model.js'
import { formatTable } from '../report/table.js'
import { isPredictionsTarget } from '../targets/predictions/types.js'
import { InputError } from '../errors.js'
import { asInput } from './as-input.js'
import { loadConfigModels } from './config-models.js'
import { integerFlag } from './integer-flag.js'
import { UsageError } from './usage-error.js'

export const AUDIT_HELP = `privacy-gates audit --model NAME [--config FILE] [--attacks LIST] [--markdown]

Runs membership attacks side by side on one model of the thresholds file and prints, per attack,
AUC with its 95% interval, advantage, TPR at 1% and 0.1% FPR, and the worst class's AUC.

  --model NAME      the model (required)
  --config FILE     thresholds file (default: PRIVACY_GATES_CONFIG, then ./privacy-gates.json)
  --attacks LIST    comma-separated attack ids, or "all" (default: all; the pool-trained ones
                    need data.pool)
  --k N             shadow / reference models (overrides attackSettings.k)
  --epochs N        their training epochs (overrides attackSettings.epochs)
  --markdown        print a Markdown table (as in the README)
`

/** `privacy-gates audit`: one row per attack. Returns the results. */
export async function auditCommand(argv: string[], log: (s: string) => void, warn: (s: string) => void): Promise<MembershipResult[]> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string' }, config: { type: 'string' }, attacks: { type: 'string' },
      k: { type: 'string' }, epochs: { type: 'string' }, markdown: { type: 'boolean', default: false },
    },
  })
  if (!values.model) throw new UsageError('--model: which model of the thresholds file to audit')
  const ids = parseAttacks(values.attacks)
  const { config, names: [name] } = await loadConfigModels(values, warn)
  const model = await asInput(() => createGateModel(config, name))
  const source = await asInput(() => model.source())
  const settings = { ...model.settings.attackSettings, ...positive(values.k, '--k', 'k'), ...positive(values.epochs, '--epochs', 'epochs') }
  const results: MembershipResult[] = []
  const skipped: string[] = []
  const given = model.target
  if (isPredictionsTarget(given)) {
    // Outputs read from files: the attacks that need no query, lira and rmia on the given reference outputs.
    for (const id of ids) {
      const gap = givenOutputsGap(id, given)
      if (gap !== undefined) { skipped.push(`${id} (${gap})`); continue }
      results.push(await auditMembership(given, { attack: id, settings, seed: source.seed }))
    }
  }
  if (!isPredictionsTarget(given) && (!source.members || !source.nonMembers)) throw new InputError(`${model.configFile}: models.${model.name}.data needs members and nonMembers`)
  const pool = source.pool !== undefined && !Array.isArray(source.pool) ? (source.pool as Dataset) : undefined
  for (const id of isPredictionsTarget(given) ? [] : ids) {
    const attack = membershipAttacks[id]!
    if (needsPool(id) && !pool) { skipped.push(`${id} (needs data.pool)`); continue }
    if (attack.needs === 'probabilities' && model.target.outputMode === 'label') { skipped.push(`${id} (needs probabilities)`); continue }
    results.push(await auditMembership(model.target, {
      members: source.members!, nonMembers: source.nonMembers!, attack: id, settings, seed: source.seed, ...(needsPool(id) ? { pool } : {}),
      ...(source.referenceCache === undefined ? {} : { cache: source.referenceCache }),
    }))
  }
  const header = ['attack', 'AUC (95% CI)', 'advantage', 'TPR @ 1% FPR', 'TPR @ 0.1% FPR', 'worst class AUC']
  const tpr = (r: MembershipResult, level: '0.01' | '0.001') => `${fmt(r.tprAtFpr[level].tpr)}${r.tprAtFpr[level].estimable ? '' : '*'}`
  const rows = results.map((r) => [
    r.attack, `${fmt(r.auc)} (${fmt(r.aucInterval[0])}–${fmt(r.aucInterval[1])})`, fmt(r.advantage), tpr(r, '0.01'), tpr(r, '0.001'),
    r.worstClass ? `${fmt(r.worstClass.auc)} (class ${r.worstClass.class})` : '—',
  ])
  const first = results[0]
  const note = [
    first ? `${model.name}: ${first.members} members, ${first.nonMembers} non-members, seed ${first.seed}` : `${model.name}: no attack could run`,
    ...(results.some((r) => !r.tprAtFpr['0.001'].estimable) ? ['* not estimable: fewer non-members than 1/FPR'] : []),
    ...(skipped.length ? [`skipped: ${skipped.join(', ')}`] : []),
  ]
  log(values.markdown ? markdown(header, rows) + '\n\n' + note.join('  \n') : formatTable(header, rows) + '\n' + note.join('\n'))
  return results
}

function markdown(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')
}

function parseAttacks(list: string | undefined): MembershipAttackId[] {
  if (list === undefined || list === 'all') return membershipAttackIds
  const ids = list.split(',').map((s) => s.trim()).filter(Boolean)
  for (const id of ids) {
    if (!membershipAttacks[id as MembershipAttackId]) {
      throw new UsageError(`--attacks: unknown attack "${id}"; expected a comma-separated list of ${membershipAttackIds.join(', ')}, or all`)
    }
  }
  return ids as MembershipAttackId[]
}

function positive(v: string | undefined, flag: string, key: string): Record<string, number> {
  return v === undefined ? {} : { [key]: integerFlag(v, flag, 1) }
}
