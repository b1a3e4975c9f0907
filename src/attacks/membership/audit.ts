import { toDense } from '../../data/dataset.js'
import { initBackend } from '../../runtime/backend.js'
import { toTarget } from '../../targets/to-target.js'
import type { TargetLike } from '../../targets/target.js'
import { checkFeatures, checkLabels, seedOption } from '../validate.js'
import { membershipAttackIds, scoreAttacks } from './attacks.js'
import { summarizeScores } from './summarize.js'
import type { MembershipOptions, MembershipResult } from './types.js'

/**
 * Runs a membership-inference attack against `target` and returns aggregates (AUC with its DeLong
 * interval, advantage, TPR at low FPR). The target is queried once per member and non-member.
 *
 * @example
 * const result = await auditMembership(model, { members, nonMembers, attack: 'loss' })
 * result.auc // 0.5 ≈ random guessing, higher = stronger membership signal
 */
export async function auditMembership(target: TargetLike, options: MembershipOptions): Promise<MembershipResult> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('auditMembership: expected options { members, nonMembers, attack?, seed? }')
  }
  const attack = options.attack ?? 'max-confidence'
  const score = scoreAttacks[attack]
  if (!score) {
    throw new RangeError(`attack: unknown membership attack "${String(attack)}"; expected one of ${membershipAttackIds.join(', ')}`)
  }
  const seed = seedOption(options.seed)
  const fprLevels = options.fprLevels ?? []
  for (const f of fprLevels) {
    if (typeof f !== 'number' || !(f > 0 && f <= 1)) throw new RangeError(`fprLevels: expected FPR levels in (0, 1], found ${String(f)}`)
  }
  const members = toDense(options.members, 'members')
  const nonMembers = toDense(options.nonMembers, 'nonMembers')
  for (const [what, ds] of [['members', members], ['nonMembers', nonMembers]] as const) {
    if (ds.y.length < 2) throw new RangeError(`${what}: has 1 record; at least 2 are needed to estimate an AUC and its interval`)
  }
  await initBackend()
  const t = toTarget(target)
  checkFeatures(t, [['members', members.x], ['nonMembers', nonMembers.x]])
  const pm = await t.query(members.x)
  checkLabels(members, pm.cols, 'members')
  const pn = await t.query(nonMembers.x)
  checkLabels(nonMembers, pn.cols, 'nonMembers')
  return summarizeScores(attack, score(pm, members.y), score(pn, nonMembers.y), seed, fprLevels)
}
