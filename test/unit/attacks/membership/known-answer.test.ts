import { describe, expect, it } from 'vitest'
import type { MembershipAttack } from '../../../../src/attacks/membership/attack.js'
import { entropyAttack } from '../../../../src/attacks/membership/entropy.js'
import { lossScores } from '../../../../src/attacks/membership/loss.js'
import { maxConfidenceScores } from '../../../../src/attacks/membership/max-confidence.js'
import { modifiedEntropyAttack } from '../../../../src/attacks/membership/modified-entropy.js'
import { createRng } from '../../../../src/data/rng.js'
import { auc, delongInterval, normalCdf } from '../../../../src/metrics/index.js'
import { fromFunction } from '../../../../src/targets/from-function.js'
import { makeContext } from './make-context.js'

// Known answer: if member scores are a monotone function of z ~ N(d, 1) and non-member scores the
// same function of z ~ N(0, 1), then P(member score > non-member score) = P(z_m − z_n > 0) with
// z_m − z_n ~ N(d, 2), i.e. the AUC is Φ(d/√2) exactly, whatever the function.
//
// The synthetic target reads z from the record (feature 0) and the label from feature 1, and
// answers q = 1/K + (1 − 1/K) · σ(z) on the label, (1 − q)/(K − 1) on every other class. q ≥ 1/K
// is the largest entry and increases with z, so max-confidence (q), loss (log q), entropy (the
// rest is spread evenly, so −H rises with q) and modified entropy ((1 − q) log q and
// r log(1 − r), r = (1 − q)/(K − 1), both rise with q) are all monotone in z by construction.

const K = 4
const N = 2000 // members, and again non-members: the AUC's standard error is about 0.009

function target() {
  return fromFunction(
    (rows) =>
      rows.map(([z, y]) => {
        const q = 1 / K + (1 - 1 / K) / (1 + Math.exp(-z))
        const row = new Array<number>(K).fill((1 - q) / (K - 1))
        row[y] = q
        return row
      }),
    { features: 2, name: 'latent-z target' },
  )
}

function records(n: number, mean: number, seed: number) {
  const rng = createRng(seed)
  const x: number[][] = [], y: number[] = [], z = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    z[i] = mean + rng.normal()
    const label = rng.int(K)
    x.push([z[i], label])
    y.push(label)
  }
  return { x, y, z }
}

/** The two attacks that already exist as scorers, wrapped like the registry does. */
const maxConfidence: Pick<MembershipAttack, 'id' | 'score'> = {
  id: 'max-confidence',
  score: async (ctx) => ({ members: maxConfidenceScores(ctx.memberAnswers), nonMembers: maxConfidenceScores(ctx.nonMemberAnswers) }),
}
const loss: Pick<MembershipAttack, 'id' | 'score'> = {
  id: 'loss',
  score: async (ctx) => ({ members: lossScores(ctx.memberAnswers, ctx.members.y), nonMembers: lossScores(ctx.nonMemberAnswers, ctx.nonMembers.y) }),
}

describe('known answer: scores monotone in z ~ N(d, 1) vs N(0, 1) give AUC Φ(d/√2)', () => {
  for (const [i, d] of [0, 0.5, 1, 2].entries()) {
    // Seeds fixed once and not tuned: with them the AUCs sit −1.0, 0.1, 1.4 and 1.3 standard errors
    // from Φ(d/√2), so they also fall inside the DeLong 95% interval, checked as well.
    it(`d = ${d}: AUC of max-confidence, loss, entropy and modified entropy within 3 standard errors of Φ(${d}/√2) = ${normalCdf(d / Math.SQRT2).toFixed(4)}`, async () => {
      const expected = normalCdf(d / Math.SQRT2)
      const members = records(N, d, 100 + i), nonMembers = records(N, 0, 200 + i)
      const ctx = await makeContext(target(), members, nonMembers)
      // The latent z itself: every attack must rank records as z does (up to float32 ties).
      const latent = auc(members.z, nonMembers.z)
      for (const attack of [maxConfidence, loss, entropyAttack, modifiedEntropyAttack]) {
        const scores = await attack.score(ctx)
        const { auc: a, variance, interval } = delongInterval(scores.members, scores.nonMembers)
        const se = Math.sqrt(variance)
        expect(Math.abs(a - expected), `${attack.id}: AUC ${a}, expected ${expected} ± 3 × ${se}`).toBeLessThanOrEqual(3 * se)
        expect(interval[0], `${attack.id}: DeLong 95% interval [${interval}]`).toBeLessThanOrEqual(expected)
        expect(interval[1], `${attack.id}: DeLong 95% interval [${interval}]`).toBeGreaterThanOrEqual(expected)
        expect(Math.abs(a - latent), `${attack.id} ranks as z does`).toBeLessThan(2e-3)
      }
    })
  }
})
