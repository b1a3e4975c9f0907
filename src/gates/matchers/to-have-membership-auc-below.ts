import { auditMembership } from '../../attacks/membership/audit.js'
import type { MembershipOptions } from '../../attacks/membership/types.js'
import type { TargetLike } from '../../targets/target.js'
import { fmt, fmtInterval, gateMessage } from '../format.js'
import { storeGateRecord } from '../record.js'
import { checkThreshold } from '../threshold.js'
import type { MatcherState } from 'vitest'

/** Options of `toHaveMembershipAucBelow`: the data to attack and the attack to run. */
export type MembershipMatcherOptions = MembershipOptions

const HINT =
  'return fewer or rounded probabilities (top-1, a label only), regularise the model (weight decay, dropout) or stop training earlier.'

/**
 * `await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers })` passes when the
 * membership attack's AUC is below `max`.
 */
export async function toHaveMembershipAucBelow(
  this: MatcherState,
  received: TargetLike,
  max: number,
  options: MembershipMatcherOptions,
) {
  checkThreshold(max, 'toHaveMembershipAucBelow')
  const result = await auditMembership(received, options)
  const pass = result.auc < max
  storeGateRecord(this.task, {
    gate: 'membershipAuc',
    metric: 'membership_auc',
    value: result.auc,
    threshold: max,
    direction: 'below',
    pass,
    negated: Boolean(this.isNot),
    interval: result.aucInterval,
    attack: result.attack,
    details: {
      members: result.members,
      nonMembers: result.nonMembers,
      seed: result.seed,
      advantage: result.advantage,
      tprAt1PctFpr: result.tprAtFpr['0.01'].tpr,
    },
  })
  const headline = this.isNot
    ? `Expected membership AUC not to be below ${fmt(max)}, but it is ${fmt(result.auc)}${fmtInterval(result.aucInterval)}`
    : `Membership AUC ${fmt(result.auc)}${fmtInterval(result.aucInterval)} is not below the threshold ${fmt(max)}`
  return {
    pass,
    message: () =>
      gateMessage(
        headline,
        [
          ['attack', result.attack],
          ['members', result.members],
          ['non-members', result.nonMembers],
          ['seed', result.seed],
          ['advantage', fmt(result.advantage)],
          ['TPR at 1% FPR', fmt(result.tprAtFpr['0.01'].tpr)],
        ],
        HINT,
      ),
  }
}
