import { GIVEN_OUTPUTS_ATTACK_IDS, runsOnGivenOutputs } from '../../attacks/membership/types.js'
import { GATE_IDS } from '../catalogue.js'
import type { AttackSettings } from '../../schema/types.js'
import type { ResolvedGates, ResolvedTarget } from './resolved-types.js'
import type { ConfigIssue } from './validate.js'

/**
 * What the schema cannot say about a `predictions` target, whose outputs were computed elsewhere
 * and which cannot be queried: every enabled gate must be a membership gate whose attack runs on
 * given outputs, `lira` and `rmia` need the reference outputs, and the data files are not needed
 * (the predictions hold the labels). One issue per gate.
 */
export function checkPredictionsGates(
  gates: ResolvedGates,
  target: Extract<ResolvedTarget, { type: 'predictions' }>,
  attackSettings: AttackSettings,
  pointer: string,
  file: string,
  issues: ConfigIssue[],
): void {
  for (const id of GATE_IDS) {
    const gate = gates[id]
    if (gate === undefined || gate.level === 'off') continue
    const attack = (gate as { attack?: string }).attack
    const at = `${pointer}/gates/${id}`
    if (attack === undefined) {
      issues.push({ file, pointer: at, message: `gate ${id} queries the model, and a "predictions" target holds outputs read from files: only the membership gates apply (switch it off with "level": "off")` })
      continue
    }
    const attacks = attack === 'strongest' ? (attackSettings.suite ?? []) : [attack]
    const refused = attacks.filter((a) => !runsOnGivenOutputs(a))
    if (refused.length > 0) {
      issues.push({
        file, pointer: attack === 'strongest' ? `${pointer}/attackSettings/suite` : `${at}/attack`,
        message: `attack ${refused.map((a) => `"${a}"`).join(', ')} needs queries or training on pool records, which a "predictions" target cannot answer; attacks that run on given outputs: ${GIVEN_OUTPUTS_ATTACK_IDS.join(', ')}`,
      })
    }
    const needsRefs = attacks.filter((a) => a === 'lira' || a === 'rmia')
    if (needsRefs.length > 0 && target.references === undefined) {
      issues.push({ file, pointer: `${pointer}/target`, message: `missing "references": attack ${needsRefs.map((a) => `"${a}"`).join(', ')} (gate ${id}) scores against reference models' outputs; add { "outputs": …, "inside": … } (docs/predictions.md)` })
    }
  }
}
