import { describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { createRng } from '../../../../src/data/rng.js'
import { auc } from '../../../../src/metrics/index.js'

// A target whose confidence is written in the record itself: feature 0 is the probability of the
// predicted class (class = feature 1), the rest is spread over the other two classes. The expected
// attack scores are therefore known without any model.
const target = (rows: number[][]) =>
  rows.map(([conf, cls]) => {
    const p = [(1 - conf) / 2, (1 - conf) / 2, (1 - conf) / 2]
    p[cls] = conf
    return p
  })

function records(n: number, mean: number, seed: number) {
  const rng = createRng(seed)
  const x: number[][] = []
  const y: number[] = []
  for (let i = 0; i < n; i++) {
    const conf = Math.min(0.99, Math.max(0.34, mean + 0.1 * rng.normal()))
    const cls = rng.int(3)
    x.push([Math.fround(conf), cls])
    y.push(rng.next() < 0.8 ? cls : (cls + 1) % 3) // mostly right, sometimes wrong
  }
  return { x, y }
}

const members = records(300, 0.8, 1)
const nonMembers = records(400, 0.7, 2)

describe('auditMembership', () => {
  it('max-confidence: AUC of the max probability, with interval, advantage and TPR at low FPR', async () => {
    const r = await auditMembership(target, { members, nonMembers })
    const expected = auc(Float64Array.from(members.x.map((r) => r[0])), Float64Array.from(nonMembers.x.map((r) => r[0])))
    expect(r.attack).toBe('max-confidence')
    expect(r.auc).toBeCloseTo(expected, 12)
    expect(r.auc).toBeGreaterThan(0.7)
    expect(r.aucInterval[0]).toBeLessThan(r.auc)
    expect(r.aucInterval[1]).toBeGreaterThan(r.auc)
    expect(r.advantage).toBeGreaterThan(0.2)
    expect(r.tprAtFpr['0.01'].estimable).toBe(true)
    expect(r.tprAtFpr['0.01'].fpr).toBeLessThanOrEqual(0.01)
    expect(r.tprAtFpr['0.001'].estimable).toBe(false) // 400 non-members < 1000
    expect(r).toMatchObject({ members: 300, nonMembers: 400, seed: 0 })
  })

  it('loss: uses the probability of the true label', async () => {
    const p = (d: typeof members) => Float64Array.from(d.x.map(([conf, cls], i) => Math.log(Math.fround(d.y[i] === cls ? conf : (1 - conf) / 2))))
    const r = await auditMembership(target, { members, nonMembers, attack: 'loss', seed: 5 })
    expect(r.auc).toBeCloseTo(auc(p(members), p(nonMembers)), 6)
    expect(r.seed).toBe(5)
  })

  it('holds aggregates only, never scores or records', async () => {
    // The empirical ε only with a δ: without one the costly bound is skipped.
    expect('empiricalEpsilon' in (await auditMembership(target, { members, nonMembers }))).toBe(false)
    // Charts and pairing only when asked (the gates and the lab ask).
    expect(Object.keys(await auditMembership(target, { members, nonMembers })).filter((k) => k === 'charts' || k === 'pairing')).toEqual([])
    const r = await auditMembership(target, { members, nonMembers, delta: 1e-5, charts: true })
    const { charts, pairing, ...numbers } = r
    expect(JSON.stringify(numbers).length).toBeLessThan(700)
    expect(Object.keys(r).sort()).toEqual(['advantage', 'advantageInterval', 'attack', 'auc', 'aucInterval', 'charts', 'empiricalEpsilon', 'members', 'nonMembers', 'pairing', 'seed', 'tprAtFpr', 'worstClass'])
    // pairing: a 16-digit fingerprint of the records and DeLong's components, integer ranks in
    // [0, 2·(other side)] (one per record), never a score
    expect(pairing!.records).toMatch(/^[0-9a-f]{16}$/)
    expect(pairing!.members).toHaveLength(r.members)
    expect(pairing!.members.every((v) => Number.isInteger(v) && v >= 0 && v <= 2 * r.nonMembers)).toBe(true)
    expect(pairing!.nonMembers.every((v) => Number.isInteger(v) && v >= 0 && v <= 2 * r.members)).toBe(true)
    expect(pairing!.members.reduce((a, b) => a + b, 0) / (2 * r.members * r.nonMembers)).toBeCloseTo(r.auc, 12)
    // charts: a thinned ROC curve and bin counts (as many as records), no score
    expect(Object.keys(charts!)).toEqual(['roc', 'histogram'])
    expect(charts!.histogram.members.reduce((a, b) => a + b, 0)).toBe(r.members)
    expect(charts!.histogram.nonMembers.reduce((a, b) => a + b, 0)).toBe(r.nonMembers)
  })

  describe('bad input', () => {
    it('empty members', async () => {
      await expect(auditMembership(target, { members: { x: [], y: [] }, nonMembers })).rejects.toThrow(/members: is empty/)
    })
    it('a single member (no interval can be estimated)', async () => {
      await expect(auditMembership(target, { members: { x: [[0.5, 1]], y: [1] }, nonMembers })).rejects.toThrow(/members: has 1 record; at least 2/)
    })
    it('feature count differs between members and non-members', async () => {
      await expect(auditMembership(target, { members, nonMembers: { x: [[0.5, 1, 0], [0.6, 1, 0]], y: [1, 1] } })).rejects.toThrow(
        /nonMembers: rows have 3 features, but members has 2/,
      )
    })
    it('labels outside the class range', async () => {
      await expect(auditMembership(target, { members: { x: [[0.5, 1], [0.6, 2]], y: [7, 1] }, nonMembers })).rejects.toThrow(
        /members\.y\[0\]: label 7 is outside the target's classes 0\.\.2/,
      )
    })
    it('a predict function returning the wrong number of rows', async () => {
      const short = (rows: number[][]) => target(rows).slice(1)
      await expect(auditMembership(short, { members, nonMembers })).rejects.toThrow(/row/)
    })
    it('a predict function returning NaN', async () => {
      const nan = (rows: number[][]) => target(rows).map((p, i) => (i === 3 ? [NaN, 0.5, 0.5] : p))
      await expect(auditMembership(nan, { members, nonMembers })).rejects.toThrow(/NaN/)
    })
    it('unnormalised rows', async () => {
      const logits = (rows: number[][]) => target(rows).map((p) => p.map((v) => v * 3))
      await expect(auditMembership(logits, { members, nonMembers })).rejects.toThrow(/logits/)
    })
    it('an unknown attack', async () => {
      await expect(auditMembership(target, { members, nonMembers, attack: 'lira2' as never })).rejects.toThrow(
        /unknown membership attack "lira2"; expected one of max-confidence, loss, entropy, modified-entropy, shadow, lira, rmia, label-gap, label-noise, or strongest/,
      )
    })
    it('something that is not a target', async () => {
      await expect(auditMembership({ foo: 1 } as never, { members, nonMembers })).rejects.toThrow(TypeError)
    })
  })
})
