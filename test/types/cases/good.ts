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
