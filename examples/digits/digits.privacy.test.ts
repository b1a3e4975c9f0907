import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { loadDataset, loadTfModel } from 'vitest-privacy-gates'

// Paths of the repository's fixtures; in your project, point these at your model and data.
const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url))
// The models were trained on pixels scaled to [0, 1]: load the data with the same preprocessing.
const load = (name: string) => loadDataset(fixture(`data/digits-split/${name}.csv`), { scale: 1 / 16 })

const nonMembers = await load('non-members')
const pool = await load('pool')

describe('digits, regularised model (the release candidate)', async () => {
  const model = await loadTfModel(fixture('models/digits-regularised/model.json'))
  const members = await load('members')

  test('membership inference is close to guessing, under both score attacks', async () => {
    await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers })
    await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers, attack: 'loss' })
  })

  test('a copy trained on 300 answers does not reach 99% agreement', async () => {
    await expect(model).toHaveSurrogateFidelityBelow(0.99, { pool, evaluation: nonMembers, budget: 300 })
  })
})

describe('digits, leaky model (what the gate is for)', async () => {
  const model = await loadTfModel(fixture('models/digits-leaky/model.json'))
  const members = await load('members-leaky')

  test('the membership gate catches it', async () => {
    // `.not`: this model is expected to FAIL the 0.6 gate. In a real suite you would write the
    // plain assertion and let CI go red.
    await expect(model).not.toHaveMembershipAucBelow(0.6, { members, nonMembers, attack: 'loss' })
  })
})
