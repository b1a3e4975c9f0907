import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { loadDataset, loadGateModel, loadTfModel } from 'vitest-privacy-gates'

// Thresholds, targets and data live in privacy-gates.json: the tests only name the models.

describe('digits-regularised (the release candidate)', () => {
  test('passes every release gate of privacy-gates.json', async () => {
    await expect(await loadGateModel('digits-regularised')).toPassReleaseGates()
  })

  test('single gates read their limits from the file, or take one', async () => {
    const model = await loadGateModel('digits-regularised')
    await expect(model).toHaveMembershipAucBelow() // max 0.6 from the file
    await expect(model).toHaveMembershipAucBelow(0.6, { attack: 'loss' })
    await expect(model).toHaveCleanAccuracyAbove(0.9)
  })

  test('with 200 queries an attacker copies it (why per-client query budgets matter)', async () => {
    // `budgets` measures the attack along one query stream; privacy-report.html draws fidelity and
    // surrogate accuracy against the budget. `.not`: the copy is expected to cross 0.95.
    const model = await loadGateModel('digits-regularised')
    await expect(model).not.toHaveSurrogateFidelityBelow(0.95, { budget: 200, budgets: [25, 50, 100, 200] })
  })
})

describe('digits-leaky (what the gates are for)', () => {
  test('is caught by the membership gate', async () => {
    // `.not`: this model is expected to FAIL its gates. In a real suite you would write
    // `await expect(model).toPassReleaseGates()` and let CI go red.
    const model = await loadGateModel('digits-leaky')
    await expect(model).not.toPassReleaseGates()
    await expect(model).not.toHaveMembershipAucBelow()
  })
})

describe('without the thresholds file', () => {
  // Any target works with explicit data and limits: a tfjs model, a predict function, an HTTP target.
  const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url))
  const load = (name: string) => loadDataset(fixture(`data/digits-split/${name}.csv`), { scale: 1 / 16 })

  test('explicit options', async () => {
    const model = await loadTfModel(fixture('models/digits-regularised/model.json'))
    const [members, nonMembers] = await Promise.all([load('members'), load('non-members')])
    await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers })
  })
})
