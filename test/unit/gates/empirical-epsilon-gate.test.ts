import { stripVTControlCharacters } from 'node:util'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import '../../../src/setup.js'
import type { LoadedDataset } from '../../../src/data/csv.js'
import { toDense } from '../../../src/data/dataset.js'
import { loadDataset } from '../../../src/data/load.js'
import type { ResolvedConfig, ResolvedModel } from '../../../src/gates/config/index.js'
import { createGateModel } from '../../../src/gates/model.js'
import type { PrivacyGatesMeta } from '../../../src/gates/record.js'
import { trainClassifier } from '../../../src/runtime/train-classifier.js'
import { createTarget, fromFunction } from '../../../src/targets/index.js'

// The empiricalEpsilon gate: the membership attack's Clopper–Pearson ε lower bound against a
// training claim. digits-leaky (100 members, no DP) proves far more than ε = 0.5; a model trained
// here with DP-SGD at ε = 2 does not prove 2.
const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url))
const split = (name: string) => fixture(`data/digits-split/${name}.csv`)
const leaky: ResolvedModel = {
  name: 'digits-leaky', pointer: '/models/digits-leaky', seed: 0,
  target: { type: 'tfjs', path: fixture('models/digits-leaky/model.json'), outputMode: 'probabilities' },
  data: { members: split('members-leaky'), nonMembers: split('non-members'), label: 'label', scale: 1 / 16 },
  gates: { empiricalEpsilon: { max: 0.5, delta: 1e-5, attack: 'loss', level: 'error' } },
  attackSettings: {},
  training: { epsilon: 0.5, delta: 1e-5 },
}
const config: ResolvedConfig = { file: '/project/privacy-gates.json', models: { 'digits-leaky': leaky } }
const plain = (e: unknown) => stripVTControlCharacters((e as Error).message)

let members: LoadedDataset
let nonMembers: LoadedDataset
beforeAll(async () => {
  ;[members, nonMembers] = await Promise.all([loadDataset(split('members'), { scale: 1 / 16 }), loadDataset(split('non-members'), { scale: 1 / 16 })])
})

describe('empiricalEpsilon gate', () => {
  it('fails a model whose training leaks more than its claim, from the thresholds file', async ({ task }) => {
    const model = await createGateModel(config, 'digits-leaky')
    const error = await expect(model).toPassReleaseGates().catch((e) => e)
    expect(plain(error)).toMatch(/✗ empiricalEpsilon: empirical ε lower bound \d+\.\d+ ≥ 0\.500/)
    expect(plain(error)).toMatch(/edit models\.digits-leaky\.gates\.empiricalEpsilon\.max/)
    await expect(model).not.toHaveEmpiricalEpsilonBelow()
    const records = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(records.at(-1)).toMatchObject({ gate: 'empiricalEpsilon', metric: 'empirical_epsilon', details: { delta: 1e-5, alpha: 0.05, members: 100, nonMembers: 600 } })
  })

  it('passes a DP-SGD model at its claimed ε = 2 (matcher on any target)', async () => {
    const train = toDense(members, 'members')
    const clf = await trainClassifier({ features: 64, hidden: [32], classes: 10 }, train.x, train.y, {
      epochs: 10, batchSize: 32, learningRate: 1e-2, seed: 0, engine: 'js', dp: { targetEpsilon: 2, clipNorm: 1, delta: 1e-5 },
    })
    try {
      expect(clf.privacy!.epsilon).toBeLessThanOrEqual(2)
      const target = createTarget((x) => clf.predict(x), { name: 'DP-SGD MLP', features: 64, classes: 10 })
      await expect(target).toHaveEmpiricalEpsilonBelow(2, { members, nonMembers, delta: 1e-5, attack: 'loss' })
    } finally {
      clf.dispose()
    }
  })

  it('needs the claim\'s δ and accepts limits above 1', async () => {
    const model = await createGateModel(config, 'digits-leaky')
    const uniform = fromFunction((rows) => rows.map(() => Array<number>(10).fill(0.1)))
    // @ts-expect-error: the types require delta too
    await expect(expect(uniform).toHaveEmpiricalEpsilonBelow(2, { members, nonMembers }))
      .rejects.toThrow(/empiricalEpsilon: needs delta, the δ of the \(ε, δ\) claim/)
    await expect(model).toHaveEmpiricalEpsilonBelow(50)
    await expect(expect(model).toHaveEmpiricalEpsilonBelow(-1)).rejects.toThrow(/the threshold must be a number ≥ 0, found -1/)
  })
})
