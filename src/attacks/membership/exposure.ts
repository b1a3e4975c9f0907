import { EXPOSED_LIST_MAX, type MembershipExposure } from './types.js'
import { countBelow } from '../../metrics/sorted-counts.js'

/**
 * The members each level of `riskLevels` (in (0, 1)) puts at risk. A member's p-value is the
 * conformal p-value of its score among the non-members' scores,
 *
 *     p(x) = (1 + |{ z ∈ non-members : score(z) ≥ score(x) }|) / (|non-members| + 1),
 *
 * valid for "x was not trained on" whatever the attack's score distribution (non-members and an
 * untrained x are exchangeable), so levels mean the same for LiRA and RMIA and across seeds. Ties
 * count against x. Members are ordered by p, then by score, then by row; `ids[i]` names member i,
 * else its row index.
 */
export function recordExposure(
  memberScores: Float64Array,
  nonMemberScores: Float64Array,
  riskLevels: readonly number[],
  ids?: readonly (string | number)[],
): MembershipExposure {
  const n = memberScores.length
  const m = nonMemberScores.length
  if (m === 0) throw new RangeError('recordExposure: nonMemberScores: expected at least one non-member score, found 0')
  if (ids !== undefined && ids.length !== n) throw new RangeError(`recordExposure: ids: expected one id per member (${n}), found ${ids.length}`)
  const sorted = nonMemberScores.slice().sort()
  const p = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    // Non-members scoring at least the member's score count against it.
    p[i] = (1 + m - countBelow(sorted, memberScores[i])) / (m + 1)
  }
  const order = Array.from(p.keys()).sort((a, b) => p[a] - p[b] || memberScores[b] - memberScores[a] || a - b)
  const minimumPValue = 1 / (m + 1)
  const atRisk: MembershipExposure['atRisk'] = {}
  for (const risk of riskLevels) {
    if (!(risk > 0 && risk < 1)) throw new RangeError(`riskLevels: expected per-record risk levels in (0, 1), found ${String(risk)}`)
    // 1 − ρ carries rounding (1 − 0.99 = 0.010000000000000009); a p of exactly 1/100 must count.
    const alpha = (1 - risk) * (1 + 1e-12)
    let members = 0
    for (const v of p) if (v <= alpha) members++
    const exposed = order.slice(0, Math.min(members, EXPOSED_LIST_MAX)).map((i) => ({ id: ids === undefined ? i : ids[i], risk: 1 - p[i] }))
    atRisk[String(risk)] = { members, expectedByChance: n * (1 - risk), estimable: minimumPValue <= alpha, exposed }
  }
  return { minimumPValue, atRisk }
}
