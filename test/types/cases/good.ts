// A user's test file: must compile against the shipped types.
import { expect, it } from 'vitest'
import 'vitest-privacy-gates/setup'
import { loadDataset, type Dataset } from 'vitest-privacy-gates'

declare const model: (rows: number[][]) => number[][]
declare const members: Dataset
declare const nonMembers: Dataset

it('gates', async () => {
  const pool = await loadDataset('pool.csv', { scale: 1 / 16 })
  await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers })
  await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers, attack: 'loss', seed: 3 })
  await expect(model).not.toHaveMembershipAucBelow(0.5, { members, nonMembers })
  await expect(model).toHaveSurrogateFidelityBelow(0.85, { pool, evaluation: nonMembers, budget: 100 })
})

it('models from the thresholds file need no arguments', async () => {
  const { loadGateModel } = await import('vitest-privacy-gates')
  const model = await loadGateModel('digits-mlp')
  await expect(model).toPassReleaseGates()
  await expect(model).toHaveMembershipAucBelow()
  await expect(model).toHaveMembershipTprBelow(0.1, { atFpr: 0.001 })
  await expect(model).toHaveSurrogateFidelityBelow(undefined, { budget: 200 })
  await expect(model).toHaveCleanAccuracyAbove(0.9)
  await expect(model.target).toHaveMembershipAdvantageBelow(0.2, { members, nonMembers })
})
