import type { RecordPValues } from './record-risk.js'

/** At most this many exposed members are listed per risk level (the count is always complete). */
export const EXPOSED_LIST_MAX = 100

/** A member the per-record test flags: its id (the data's id column, else its row index) and its risk, 1 − p. */
export interface ExposedRecord {
  id: string | number
  risk: number
}

/** What the per-record test finds at one risk level ρ (a record is at risk when p ≤ 1 − ρ). */
export interface ExposureAtRisk {
  /** Members at risk. */
  members: number
  /** Non-members the same test flags: false alarms, an empirical check of the test's level. */
  nonMembers: number
  /** Members expected at risk by chance alone if no member were more exposed than a non-member: members × (1 − ρ). */
  expectedByChance: number
  /** `false` when the test cannot reach p ≤ 1 − ρ at all (RMIA with a population under 1/(1 − ρ) − 1): nothing can be at risk. */
  estimable: boolean
  /** The members at risk, most exposed first, at most {@link EXPOSED_LIST_MAX}: ids and risks, never a feature value. */
  exposed: ExposedRecord[]
}

/**
 * Which members one attack's per-record test exposes (docs/attacks.md#which-records-are-exposed):
 * for each risk level asked for, keyed by the level as a string. Ids and risks only.
 */
export interface MembershipExposure {
  /** Smallest p-value the test can give: 0 for LiRA, 1/(|population| + 1) for RMIA. */
  minimumPValue: number
  atRisk: { [risk: string]: ExposureAtRisk }
}

/**
 * The exposure of the members at each level of `riskLevels` (each in (0, 1)). Members are ordered
 * by p-value, the attack's score breaking ties (RMIA's p-values tie for every member that beats
 * the whole population), then by row. `ids[i]` names member i; without ids, its row index.
 */
export function recordExposure(
  pValues: RecordPValues,
  memberScores: Float64Array,
  riskLevels: readonly number[],
  ids?: readonly (string | number)[],
): MembershipExposure {
  const p = pValues.members
  if (memberScores.length !== p.length) {
    throw new RangeError(`recordExposure: memberScores: expected one score per member p-value (${p.length}), found ${memberScores.length}`)
  }
  if (ids !== undefined && ids.length !== p.length) {
    throw new RangeError(`recordExposure: ids: expected one id per member (${p.length}), found ${ids.length}`)
  }
  const order = Array.from(p.keys()).sort((a, b) => p[a] - p[b] || memberScores[b] - memberScores[a] || a - b)
  const atRisk: MembershipExposure['atRisk'] = {}
  for (const risk of riskLevels) {
    if (!(risk > 0 && risk < 1)) throw new RangeError(`riskLevels: expected per-record risk levels in (0, 1), found ${String(risk)}`)
    const alpha = 1 - risk
    let members = 0
    for (const v of p) if (v <= alpha) members++
    let nonMembers = 0
    for (const v of pValues.nonMembers) if (v <= alpha) nonMembers++
    const exposed = order.slice(0, Math.min(members, EXPOSED_LIST_MAX)).map((i) => ({ id: ids === undefined ? i : ids[i], risk: 1 - p[i] }))
    atRisk[String(risk)] = { members, nonMembers, expectedByChance: p.length * alpha, estimable: pValues.minimum <= alpha, exposed }
  }
  return { minimumPValue: pValues.minimum, atRisk }
}
