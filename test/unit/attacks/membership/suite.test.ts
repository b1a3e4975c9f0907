import { describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { membershipAttackIds } from '../../../../src/attacks/membership/registry.js'
import { createRng } from '../../../../src/data/rng.js'
import { fromFunction } from '../../../../src/targets/from-function.js'

// Feature 0 is the confidence the target answers with; feature 1 the predicted class. Members are
// answered more confidently, and correctly more often.
// Clamped and rounded so that noisy copies (label-noise) still get valid answers.
const answer = (rows: number[][]) =>
  rows.map(([c, k]) => {
    const conf = Math.min(0.99, Math.max(0.34, c))
    const p = [(1 - conf) / 2, (1 - conf) / 2, (1 - conf) / 2]
    p[(((Math.round(k) % 3) + 3) % 3)] = conf
    return p
  })
function records(n: number, mean: number, correct: number, seed: number) {
  const rng = createRng(seed)
  const x: number[][] = []
  const y: number[] = []
  for (let i = 0; i < n; i++) {
    const cls = rng.int(3)
    x.push([Math.min(0.99, Math.max(0.34, mean + 0.1 * rng.normal())), cls])
    y.push(rng.next() < correct ? cls : (cls + 1) % 3)
  }
  return { x, y }
}
const members = records(300, 0.8, 0.95, 1)
const nonMembers = records(300, 0.7, 0.8, 2)
const pool = records(200, 0.7, 0.8, 3)

describe('attack: "strongest"', () => {
  it('runs the suite and reports the attack with the highest AUC, with every result', async () => {
    const suite = ['max-confidence', 'loss'] as const
    const r = await auditMembership(answer, { members, nonMembers, attack: 'strongest', suite: [...suite] })
    expect(r.results.map((x) => x.attack)).toEqual(suite)
    const best = r.results.reduce((a, b) => (b.auc > a.auc ? b : a))
    expect(r.attack).toBe(best.attack)
    expect(r.auc).toBe(best.auc)
  })

  it('by default runs every attack the interface and the data allow (no pool: no pool-trained attacks)', async () => {
    const r = await auditMembership(answer, { members, nonMembers, attack: 'strongest', settings: { copies: 2 } })
    const ran = r.results.map((x) => x.attack)
    expect(ran).toContain('max-confidence')
    expect(ran).not.toContain('lira')
    expect(ran.every((id) => membershipAttackIds.includes(id))).toBe(true)
  })

  it('refuses an unknown attack in the suite, naming its position', async () => {
    await expect(auditMembership(answer, { members, nonMembers, attack: 'strongest', suite: ['loss', 'lira2' as never] })).rejects.toThrow(
      /suite\[1\]: unknown membership attack "lira2"/,
    )
  })
})

describe('attacks that need what the interface or the data do not give', () => {
  it('an attack that trains models of its own needs a labelled pool', async () => {
    await expect(auditMembership(answer, { members, nonMembers, attack: 'lira' })).rejects.toThrow(
      /attack "lira" trains models of its own on the attacker's labelled records: pass pool/,
    )
  })

  it('a probability attack against a label-only interface says which attacks remain', async () => {
    const labels = fromFunction((rows) => answer(rows).map((p) => [p.indexOf(Math.max(...p))]), { outputMode: 'label', classes: 3, name: 'label API' })
    await expect(auditMembership(labels, { members, nonMembers, attack: 'loss' })).rejects.toThrow(
      /attack "loss" needs probabilities, but the target "label API" answers with labels only; attacks that work on labels: label-gap, label-noise/,
    )
  })

  it('the pool must have the members’ feature count', async () => {
    await expect(auditMembership(answer, { members, nonMembers, pool: { x: [[1, 2, 3], [4, 5, 6]], y: [0, 1] } })).rejects.toThrow(
      /pool: rows have 3 features, but members has 2/,
    )
  })
})

describe('strongest with a pool', () => {
  it('includes the pool-trained attacks it is asked for', async () => {
    const r = await auditMembership(answer, { members, nonMembers, pool, attack: 'strongest', suite: ['max-confidence', 'lira'], settings: { k: 2, epochs: 2, hidden: [4], workers: 1 } })
    expect(r.results.map((x) => x.attack)).toEqual(['max-confidence', 'lira'])
  })
})
