import { describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { recordExposure } from '../../../../src/attacks/membership/exposure.js'
import { EXPOSED_LIST_MAX } from '../../../../src/attacks/membership/types.js'
import type { DenseDataset } from '../../../../src/data/dataset.js'
import { createRng } from '../../../../src/data/rng.js'
import { trainClassifier } from '../../../../src/runtime/train-classifier.js'
import { createTarget } from '../../../../src/targets/create-target.js'
import { CLASSES, FEATURES } from './synthetic.js'

describe('recordExposure', () => {
  it('gives each member the conformal p-value of its score among the non-members, ties against it', () => {
    const nonMembers = new Float64Array([0.1, 0.2, 0.3, 0.4])
    const members = new Float64Array([0.5, 0.3, 0.05])
    const e = recordExposure(members, nonMembers, [0.75, 0.9])
    expect(e.minimumPValue).toBeCloseTo(1 / 5, 15)
    // p = (1 + non-members ≥ score) / 5: 0.5 → 1/5, 0.3 → 3/5 (the tie counts), 0.05 → 5/5.
    expect(e.atRisk['0.75']).toEqual({ members: 1, expectedByChance: 3 * 0.25, estimable: true, exposed: [{ id: 0, risk: 1 - 1 / 5 }] })
    // 1 − 0.9 = 0.1 < 1/5: no member can reach it with 4 non-members.
    expect(e.atRisk['0.9']).toMatchObject({ members: 0, estimable: false, exposed: [] })
  })

  it('names members by their ids, most exposed first, and lists at most EXPOSED_LIST_MAX', () => {
    const nonMembers = new Float64Array(200).map((_, i) => i / 200)
    const n = EXPOSED_LIST_MAX + 20
    const members = new Float64Array(n).map((_, i) => 2 + i) // all above every non-member
    const ids = Array.from({ length: n }, (_, i) => `rec-${i}`)
    const e = recordExposure(members, nonMembers, [0.99], ids).atRisk['0.99']
    expect(e.members).toBe(n)
    expect(e.exposed).toHaveLength(EXPOSED_LIST_MAX)
    // Equal p-values: the higher score first.
    expect(e.exposed[0]).toEqual({ id: `rec-${n - 1}`, risk: 200 / 201 })
    expect(e.exposed.every((x) => Object.keys(x).join() === 'id,risk')).toBe(true)
  })

  it('puts about a share 1 − risk of members at risk when they are scored like non-members', () => {
    const rng = createRng(5)
    const nonMembers = new Float64Array(2000).map(() => rng.normal())
    const members = new Float64Array(10_000).map(() => rng.normal())
    const e = recordExposure(members, nonMembers, [0.95]).atRisk['0.95']
    expect(e.expectedByChance).toBeCloseTo(500, 9)
    // Conformal p-values are valid: the count is about 500 (sd ≈ 30 from the non-members' sample).
    expect(e.members).toBeGreaterThan(400)
    expect(e.members).toBeLessThan(600)
  })

  it('refuses levels outside (0, 1) and ids of the wrong length', () => {
    const s = new Float64Array([1, 2])
    expect(() => recordExposure(s, s, [1])).toThrow(/riskLevels: expected per-record risk levels in \(0, 1\), found 1/)
    expect(() => recordExposure(s, s, [0.5], ['a'])).toThrow(/ids: expected one id per member \(2\), found 1/)
  })
})

// Well separated blobs (the centres 3 apart in two features, spread 1): a record labelled against
// its blob is rare, and only a model that trained on it predicts its label.
function blobs(n: number, seed: number): DenseDataset {
  const rng = createRng(seed)
  const x = new Float32Array(n * FEATURES)
  const y = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(CLASSES)
    for (let j = 0; j < FEATURES; j++) x[i * FEATURES + j] = (j % CLASSES === y[i] ? 3 : 0) + rng.normal()
  }
  return { x: { data: x, rows: n, cols: FEATURES }, y }
}

describe('exposed members of an overfit model', () => {
  const PLANTED = [7, 23, 41, 66, 88]
  const members = blobs(100, 31)
  for (const i of PLANTED) members.y[i] = (members.y[i] + 1) % CLASSES
  const ids = Array.from({ length: 100 }, (_, i) => `patient-${1000 + i}`)
  const data = {
    members: { x: members.x.data, features: FEATURES, y: members.y, ids },
    nonMembers: { x: blobs(300, 23).x.data, features: FEATURES, y: blobs(300, 23).y },
    pool: { x: blobs(200, 24).x.data, features: FEATURES, y: blobs(200, 24).y },
  }
  const references = { hidden: [16], epochs: 30, batchSize: 16, learningRate: 0.03, workers: 1 }
  const memorising = async () => {
    const clf = await trainClassifier({ features: FEATURES, hidden: [32], classes: CLASSES }, members.x, members.y, { epochs: 60, batchSize: 16, learningRate: 0.03, seed: 99 })
    return createTarget((rows) => clf.predict(rows), { name: 'memorising MLP', features: FEATURES, classes: CLASSES, dispose: () => clf.dispose() })
  }

  it('RMIA puts the mislabelled members at risk, by id, on every seed', { timeout: 30_000 }, async () => {
    const target = await memorising()
    for (const seed of [0, 1, 2]) {
      const r = await auditMembership(target, { ...data, attack: 'rmia', settings: { ...references, k: 4 }, seed, riskLevels: [0.98] })
      const e = r.exposure!.atRisk['0.98']
      const exposed = e.exposed.map((x) => x.id)
      expect(exposed, `seed ${seed}`).toEqual(expect.arrayContaining(PLANTED.map((i) => ids[i])))
      // A handful beside them: the planted five are what stands out.
      expect(e.members, `seed ${seed}`).toBeLessThanOrEqual(10)
      // Ids and risks only: no feature value of any member in the result.
      const json = JSON.stringify(r)
      for (const i of PLANTED) for (const v of members.x.data.subarray(i * FEATURES, (i + 1) * FEATURES)) expect(json).not.toContain(String(v))
    }
  })

  it('LiRA ranks them among its most exposed members', { timeout: 30_000 }, async () => {
    const target = await memorising()
    for (const seed of [0, 1, 2]) {
      const r = await auditMembership(target, { ...data, attack: 'lira', settings: { ...references, k: 8 }, seed, riskLevels: [0.95] })
      const exposed = r.exposure!.atRisk['0.95'].exposed.slice(0, 10).map((x) => x.id)
      const found = PLANTED.filter((i) => exposed.includes(ids[i]))
      expect(found.length, `seed ${seed}: ${exposed.join(' ')}`).toBeGreaterThanOrEqual(4)
    }
  })

  it('reports exposure only for the attacks calibrated per record, and only when asked', { timeout: 30_000 }, async () => {
    const target = await memorising()
    const loss = await auditMembership(target, { ...data, attack: 'loss', riskLevels: [0.98] })
    expect(loss.exposure).toBeUndefined()
    const unasked = await auditMembership(target, { ...data, attack: 'rmia', settings: { ...references, k: 2 } })
    expect(unasked.exposure).toBeUndefined()
    await expect(auditMembership(target, { ...data, riskLevels: [0] })).rejects.toThrow(/riskLevels: expected per-record risk levels in \(0, 1\), found 0/)
    await expect(auditMembership(target, { ...data, members: { ...data.members, ids: ids.slice(1) } })).rejects.toThrow(/members\.ids: expected one id per row \(100\), found 99/)
  })
})
