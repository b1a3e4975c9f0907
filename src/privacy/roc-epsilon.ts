import type { ScoreGroups } from '../metrics/score-groups.js'
import { checkDelta, checkOpenProbability } from './checks.js'
import { epsilonFromLimits } from './clopper-pearson.js'
import { clopperPearsonUpper } from './incomplete-beta.js'

/** The empirical ε lower bound of a membership audit, with what it holds for. */
export interface EmpiricalEpsilon {
  /** The largest Clopper–Pearson ε lower bound over the ROC's thresholds (0 when none breaks ε = 0). */
  epsilon: number
  /** The bound holds with probability ≥ 1 − alpha, jointly over all thresholds. */
  alpha: number
  /** δ of the (ε, δ) claims the bound refutes. */
  delta: number
  /** Thresholds tried; each was tested at alpha / thresholds (Bonferroni). */
  thresholds: number
}

/**
 * The ε lower bound from a membership attack's scores (member = score ≥ threshold), maximised over
 * every distinct threshold. Choosing the best threshold after seeing the scores would overstate the
 * bound, so the choice is paid for with a union bound: each of the T thresholds is tested at level
 * α/T (Bonferroni, jax_privacy's default strategy), so all T bounds hold together with probability
 * ≥ 1 − α and so does their maximum. No data is spent on a split.
 *
 * @example
 * epsilonLowerBoundOfGroups(groupScores(memberScores, nonMemberScores), { alpha: 0.05, delta: 1e-5 }).epsilon
 */
export function epsilonLowerBoundOfGroups(groups: ScoreGroups, options: { alpha: number; delta: number }): EmpiricalEpsilon {
  const { alpha, delta } = options
  checkOpenProbability(alpha, 'alpha')
  checkDelta(delta)
  const G = groups.values.length
  const level = alpha / G
  const nPos = groups.memberCount, nNeg = groups.nonMemberCount
  let best = 0
  let tp = 0, fp = 0
  // Each limit depends on one group's count only, and moving the threshold past one score changes
  // one group's count: the other limit is the previous threshold's. -1: not computed yet.
  let fpAt = -1, fprUpper = 1, fnAt = -1, fnrUpper = 1
  // Thresholds from the highest score down: "member" = score ≥ values[g].
  for (let g = G - 1; g >= 0; g--) {
    tp += groups.members[g]
    fp += groups.nonMembers[g]
    const fn = nPos - tp
    // The Clopper–Pearson limits are never below the point rates, so the point estimate of each
    // direction caps the bound: skip the threshold when even that cannot beat the best so far.
    if (pointCap(fp / nNeg, fn / nPos, delta) <= best) continue
    // clopperPearsonEpsilon's arithmetic (α/2 per limit), with its limits reused across thresholds.
    if (fp !== fpAt) { fprUpper = clopperPearsonUpper(fp, nNeg, level / 2); fpAt = fp }
    if (fn !== fnAt) { fnrUpper = clopperPearsonUpper(fn, nPos, level / 2); fnAt = fn }
    best = Math.max(best, epsilonFromLimits(fprUpper, fnrUpper, delta))
  }
  return { epsilon: best, alpha, delta, thresholds: G }
}

function pointCap(fpr: number, fnr: number, delta: number): number {
  const a = 1 - delta - fpr, b = 1 - delta - fnr
  return Math.max(a > 0 ? Math.log(a / fnr) : -Infinity, b > 0 ? Math.log(b / fpr) : -Infinity)
}
