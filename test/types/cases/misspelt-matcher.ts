import { expect, it } from 'vitest'
import 'vitest-privacy-gates/setup'
import type { Dataset } from 'vitest-privacy-gates'

declare const model: (rows: number[][]) => number[][]
declare const members: Dataset

it('gates', async () => {
  await expect(model).toHaveMembershipAUCBelow(0.6, { members, nonMembers: members })
})
