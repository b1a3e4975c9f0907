import { stripVTControlCharacters } from 'node:util'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import '../../../src/setup.js'
import type { ResolvedConfig, ResolvedModel } from '../../../src/gates/config/index.js'
import { createGateModel } from '../../../src/gates/model.js'
import type { PrivacyGatesMeta } from '../../../src/gates/record.js'

// The generalizationGap gate of the thresholds file, on resolved configs (as release-gates.test.ts).
// Measured (wasm): digits-leaky accuracy gap 0.103, loss gap 0.357; digits-regularised 0.027, 0.054.
const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url))
const split = (name: string) => fixture(`data/digits-split/${name}.csv`)
function model(name: string, membersFile: string): ResolvedModel {
  return {
    name, pointer: `/models/${name}`, seed: 0,
    target: { type: 'tfjs', path: fixture(`models/${name}/model.json`), outputMode: 'probabilities' },
    data: { members: split(membersFile), nonMembers: split('non-members'), label: 'label', scale: 1 / 16 },
    gates: { generalizationGap: { max: 0.05, metric: 'accuracy', level: 'error' } },
    attackSettings: {},
  }
}
const config: ResolvedConfig = {
  file: '/project/privacy-gates.json',
  models: { 'digits-regularised': model('digits-regularised', 'members'), 'digits-leaky': model('digits-leaky', 'members-leaky') },
}
const plain = (e: unknown) => stripVTControlCharacters((e as Error).message)

describe('generalizationGap gate', () => {
  it('the regularised model passes the file limit; the leaky one fails it, naming the key to edit', async ({ task }) => {
    await expect(await createGateModel(config, 'digits-regularised')).toPassReleaseGates()
    await expect(await createGateModel(config, 'digits-regularised')).toHaveGeneralizationGapBelow()
    const error = await expect(await createGateModel(config, 'digits-leaky')).toPassReleaseGates().catch((e) => e)
    expect(plain(error)).toMatch(/✗ generalizationGap: generalisation gap 0\.103 ≥ 0\.050 \(over by 0\.053\)\n {6}edit models\.digits-leaky\.gates\.generalizationGap\.max/)
    const records = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(records[0]).toMatchObject({ gate: 'generalizationGap', metric: 'generalization_gap', pass: true, details: { metric: 'accuracy', members: 600, nonMembers: 600 } })
  })

  it('arguments override the file: metric loss and another limit', async () => {
    const leaky = await createGateModel(config, 'digits-leaky')
    await expect(leaky).toHaveGeneralizationGapBelow(0.5, { metric: 'loss' })
    await expect(leaky).not.toHaveGeneralizationGapBelow(0.3, { metric: 'loss' })
  })
})
