import { expect, it } from 'vitest'
import 'vitest-privacy-gates/setup'
import type { Dataset } from 'vitest-privacy-gates'

declare const model: (rows: number[][]) => number[][]
declare const members: Dataset

it('gates', async () => {
  await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers: members, atack: 'loss' })
  await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers: members, attack: 'lira-typo' })
  await expect(model).toHaveSurrogateFidelityBelow('0.85', { pool: [[0]], evaluation: members })
})
