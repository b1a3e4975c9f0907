import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import '../../../src/setup.js'
import { createRng } from '../../../src/data/rng.js'
import type { PrivacyGatesMeta } from '../../../src/gates/record.js'

// Feature 0 of each record is the confidence the target answers with: members get higher values,
// so the max-confidence AUC is known to be well above 0.5.
const target = (rows: number[][]) => rows.map(([c]) => [c, 1 - c])
function records(n: number, mean: number, seed: number) {
  const rng = createRng(seed)
  const x = Array.from({ length: n }, () => [Math.min(1, Math.max(0.5, mean + 0.1 * rng.normal()))])
  return { x, y: x.map(() => 0) }
}
const members = records(200, 0.8, 1)
const nonMembers = records(200, 0.7, 2)
const plain = (e: unknown) => stripVTControlCharacters((e as Error).message)

describe('toHaveMembershipAucBelow', () => {
  it('passes under a high threshold and records the result in the test metadata', async ({ task }) => {
    await expect(target).toHaveMembershipAucBelow(0.95, { members, nonMembers })
    const [record] = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(record).toMatchObject({ gate: 'membershipAuc', metric: 'membership_auc', threshold: 0.95, pass: true, negated: false, attack: 'max-confidence' })
    expect(record.value).toBeGreaterThan(0.7)
    expect(record.details).toMatchObject({ members: 200, nonMembers: 200, seed: 0 })
  })

  it('fails under a low threshold with a message that explains the gate', async ({ task }) => {
    const error = await expect(target).toHaveMembershipAucBelow(0.6, { members, nonMembers, seed: 4 }).catch((e) => e)
    const message = plain(error)
    // Vitest's Received/Expected (and an IDE's diff): the measured AUC and the limit.
    const [record] = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(record.value).toBeGreaterThan(0.6)
    expect({ actual: error.actual, expected: error.expected }).toEqual({ actual: record.value, expected: 0.6 })
    expect(message).toMatch(/^Membership AUC 0\.\d{3} \(95% CI 0\.\d{3}–0\.\d{3}\) is not below the threshold 0\.600\n/)
    expect(message).toContain('attack: max-confidence · members: 200 · non-members: 200 · seed: 4')
    expect(message).toMatch(/advantage: 0\.\d{3} · TPR at 1% FPR: 0\.\d{3}/)
    expect(message).toContain('What usually lowers it: return fewer or rounded probabilities')
  })

  it('.not inverts it', async () => {
    await expect(target).not.toHaveMembershipAucBelow(0.6, { members, nonMembers })
    const error = await expect(target).not.toHaveMembershipAucBelow(0.95, { members, nonMembers }).catch((e) => e)
    expect(plain(error)).toMatch(/^Expected membership AUC not to be below 0\.950, but it is 0\.\d{3}/)
  })

  it.each([[-0.1], [1.5], [Number.NaN], ['0.6']])('refuses the threshold %s', async (max) => {
    await expect(expect(target).toHaveMembershipAucBelow(max as number, { members, nonMembers })).rejects.toThrow(
      /toHaveMembershipAucBelow: the threshold must be a number in \[0, 1\]/,
    )
  })
})

describe('toHaveSurrogateFidelityBelow', () => {
  const predict = (rows: number[][]) => rows.map(([a, b]) => (a > b ? [0.9, 0.1] : [0.2, 0.8]))
  const rng = createRng(9)
  const pts = (n: number) => Array.from({ length: n }, () => [rng.next(), rng.next()])
  const pool = pts(200)
  const evalX = pts(100)
  const evaluation = { x: evalX, y: evalX.map(([a, b]) => (a > b ? 0 : 1)) }
  const small = { epochs: 20, hidden: [8] }

  it('fails when the copy is faithful, naming budget, queries and accuracies', async ({ task }) => {
    const error = await expect(predict).toHaveSurrogateFidelityBelow(0.5, { pool, evaluation, budget: 150, ...small }).catch((e) => e)
    const message = plain(error)
    expect(message).toMatch(/^Surrogate fidelity 0\.\d{3} \(95% CI 0\.\d{3}–\d\.\d{3}\) is not below the threshold 0\.500\n/)
    expect(message).toContain('strategy: pool · labels: soft · queries: 150 of budget 150 · evaluation records: 100 · seed: 0 · on: the evaluation set')
    expect(message).toMatch(/surrogate accuracy: 0\.\d{3} · target accuracy: 1\.000/)
    const records = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(records.at(-1)).toMatchObject({ gate: 'surrogateFidelity', pass: false, threshold: 0.5 })
  })

  it('passes when the threshold is above the fidelity reached', async () => {
    await expect(predict).toHaveSurrogateFidelityBelow(1, { pool, evaluation, budget: 10, epochs: 1, hidden: [2] })
  })
})
