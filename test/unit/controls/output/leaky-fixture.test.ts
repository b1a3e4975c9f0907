/**
 * Output minimisation in front of the repository's leaky fixture (fixtures/models/digits-leaky,
 * 100 members, 600 non-members, seed 0). Measured AUCs (max-confidence / loss / label-gap):
 * raw 0.716 / 0.716 / 0.552; topK(3) 0.716 / 0.716 / 0.552; topK(1) 0.500 / 0.552 / 0.552;
 * roundTo(2) 0.661 / 0.663 / 0.552; roundTo(1) 0.595 / 0.606 / 0.553;
 * bucket([0.5, 0.9, 0.99]) 0.646 / 0.649 / 0.554; reverseSigmoid() 0.350 / 0.426 / 0.552 (inverted,
 * advantage 0.315); gaussianNoise(0.05) 0.578 / 0.596 / 0.549; labelOnly() refused / refused / 0.552.
 * The assertions below keep wide margins around these figures.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { measureAccuracy } from '../../../../src/measures/accuracy.js'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import type { MembershipAttackId } from '../../../../src/attacks/membership/types.js'
import { gaussianNoise } from '../../../../src/controls/output/gaussian-noise.js'
import { labelOnly } from '../../../../src/controls/output/label-only.js'
import { reverseSigmoid } from '../../../../src/controls/output/reverse-sigmoid.js'
import { roundTo } from '../../../../src/controls/output/round-to.js'
import { topK } from '../../../../src/controls/output/top-k.js'
import type { LoadedDataset } from '../../../../src/data/csv.js'
import { loadDataset } from '../../../../src/data/load.js'
import { loadTfModel } from '../../../../src/runtime/model-io.js'
import { tf } from '../../../../src/runtime/tf.js'
import type { TargetLike } from '../../../../src/targets/target.js'

const root = new URL('../../../../fixtures/', import.meta.url).pathname
const load = (name: string) => loadDataset(`${root}data/digits-split/${name}.csv`, { scale: 1 / 16 })

let model: tf.LayersModel | tf.GraphModel
let members: LoadedDataset
let nonMembers: LoadedDataset
const raw: Record<string, number> = {}
const aucOf = async (target: TargetLike, attack: MembershipAttackId) => (await auditMembership(target, { members, nonMembers, attack })).auc

beforeAll(async () => {
  model = await loadTfModel(`${root}models/digits-leaky/model.json`)
  ;[members, nonMembers] = await Promise.all([load('members-leaky'), load('non-members')])
  for (const attack of ['max-confidence', 'loss', 'label-gap'] as const) raw[attack] = await aucOf(model, attack)
  return () => model.dispose()
})

describe('output minimisation on digits-leaky', () => {
  it('the raw model leaks (max-confidence AUC ≥ 0.65) and label-gap measures ≈ 0.55', () => {
    expect(raw['max-confidence']).toBeGreaterThanOrEqual(0.65)
    expect(raw['label-gap']).toBeGreaterThan(0.53)
    expect(raw['label-gap']).toBeLessThan(0.58)
  })

  it('labelOnly(): max-confidence and loss are refused (they need probabilities); label-gap still measures the same ≈ 0.55', async () => {
    const t = labelOnly()(model)
    await expect(auditMembership(t, { members, nonMembers })).rejects.toThrow(/needs probabilities.*labels only/)
    await expect(auditMembership(t, { members, nonMembers, attack: 'loss' })).rejects.toThrow(/needs probabilities/)
    const gap = await aucOf(labelOnly()(model), 'label-gap')
    expect(gap).toBe(raw['label-gap'])
    expect(gap).toBeGreaterThan(0.53)
  })

  it('topK(1) flattens max-confidence to 0.5, yet loss then reads the label gap; topK(3) changes nothing here', async () => {
    expect(await aucOf(topK(1)(model), 'max-confidence')).toBe(0.5)
    expect(await aucOf(topK(1)(model), 'loss')).toBeCloseTo(raw['label-gap'], 2)
    expect(await aucOf(topK(3)(model), 'max-confidence')).toBeCloseTo(raw['max-confidence'], 2)
  })

  it('roundTo(1) lowers the max-confidence AUC (0.716 → 0.595 measured) but not label-gap', async () => {
    const rounded = await aucOf(roundTo(1)(model), 'max-confidence')
    expect(rounded).toBeLessThan(raw['max-confidence'] - 0.07)
    expect(rounded).toBeGreaterThan(0.5)
    expect(await aucOf(roundTo(1)(model), 'label-gap')).toBeGreaterThan(0.53)
  })

  it('reverseSigmoid() keeps every non-member prediction and inverts max-confidence rather than removing it', async () => {
    const before = tf.memory().numTensors
    const acc = await measureAccuracy(reverseSigmoid()(model), nonMembers)
    expect(acc.accuracy).toBe((await measureAccuracy(model, nonMembers)).accuracy)
    const r = await auditMembership(reverseSigmoid()(model), { members, nonMembers })
    expect(r.auc).toBeLessThan(0.45) // measured 0.350: members now score lower …
    expect(r.advantage).toBeGreaterThan(0.2) // … so |TPR − FPR| still separates them (0.315)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('gaussianNoise(0.05) lowers the max-confidence AUC of one query per record, deterministically', async () => {
    const a = await aucOf(gaussianNoise({ scale: 0.05, seed: 0 })(model), 'max-confidence')
    const b = await aucOf(gaussianNoise({ scale: 0.05, seed: 0 })(model), 'max-confidence')
    expect(a).toBe(b)
    expect(a).toBeLessThan(raw['max-confidence'] - 0.05)
  })
})
