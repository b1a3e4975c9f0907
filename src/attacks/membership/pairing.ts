import { delongComponents } from '../../metrics/index.js'
import type { AttackScores } from './attack.js'
import type { MembershipPairing } from './types.js'

/**
 * What a later run needs to test its AUC against this one's on the same records (the paired
 * DeLong test): the records' fingerprint and DeLong's structural components of the scores, as plain
 * integer arrays (they travel through test metadata into the JSON report). No score is kept.
 */
export function membershipPairing(records: string, scores: AttackScores): MembershipPairing {
  const c = delongComponents(scores.members, scores.nonMembers)
  return { records, members: Array.from(c.members), nonMembers: Array.from(c.nonMembers) }
}
