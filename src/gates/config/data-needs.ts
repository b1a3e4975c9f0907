import { needsPool } from '../../attacks/membership/types.js'
import { GATE_CATALOGUE, GATE_IDS, type DataKey, type GateId } from '../catalogue.js'
import type { ResolvedGates, ResolvedModel } from './resolved-types.js'
import type { Data } from '../../schema/types.js'
import type { ConfigIssue } from './validate.js'

/**
 * Every enabled gate needs its data files. One issue per missing file (not per gate), naming every
 * gate that needs it, so one forgotten key is one problem.
 */
export function checkDataNeeds(
  gates: ResolvedGates,
  given: Data,
  data: ResolvedModel['data'],
  pointer: string,
  file: string,
  issues: ConfigIssue[],
): void {
  const missing = new Map<DataKey, GateId[]>()
  for (const id of GATE_IDS) {
    const gate = gates[id]
    if (gate === undefined || gate.level === 'off') continue
    const attack = (gate as { attack?: string }).attack
    const needs = attack !== undefined && needsPool(attack) ? [...GATE_CATALOGUE[id].needs, 'pool' as const] : GATE_CATALOGUE[id].needs
    for (const key of needs) {
      if (data[key] !== undefined) continue
      const list = missing.get(key) ?? []
      list.push(id)
      missing.set(key, list)
    }
  }
  for (const [key, ids] of missing) {
    const by = ids.length === 1 ? `the enabled gate ${ids[0]} needs it` : `the enabled gates ${ids.join(', ')} need it`
    const also = key === 'evaluation' && given.nonMembers === undefined ? ' (it defaults to "nonMembers", which is absent too)' : ''
    issues.push({ file, pointer: `${pointer}/data`, message: `missing key "${key}"${also}: ${by}` })
  }
}
