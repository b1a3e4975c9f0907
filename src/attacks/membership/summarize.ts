import { advantageOfGroups, delongOfGroups, groupScores, tprAtFprOfGroups } from '../../metrics/index.js'
import type { MembershipAttackId, MembershipResult } from './types.js'

/** FPR levels reported in `tprAtFpr` (DESIGN.md §4). */
export const FPR_LEVELS = ['0.01', '0.001'] as const

/**
 * Turns per-record scores into the aggregates of a {@link MembershipResult}. The scores themselves
 * are not kept: a report must not let a reader re-identify members.
 */
export function summarizeScores(
  attack: MembershipAttackId,
  memberScores: Float64Array,
  nonMemberScores: Float64Array,
  seed: number,
  fprLevels: readonly number[] = [],
): MembershipResult {
  // One sort serves every metric.
  const groups = groupScores(memberScores, nonMemberScores)
  const { auc, interval } = delongOfGroups(groups)
  const tpr = {} as MembershipResult['tprAtFpr']
  for (const level of [...FPR_LEVELS.map(Number), ...fprLevels]) tpr[String(level)] = tprAtFprOfGroups(groups, level)
  return {
    attack,
    auc,
    aucInterval: interval,
    advantage: advantageOfGroups(groups),
    tprAtFpr: tpr,
    members: memberScores.length,
    nonMembers: nonMemberScores.length,
    seed,
  }
}
