import { expect, it } from 'vitest'
import 'vitest-privacy-gates/setup'

declare const model: (rows: number[][]) => number[][]

it('gates', async () => {
  await expect(model).toHaveMembershipAucBelow()
  await expect(model).toHaveCleanAccuracyAbove(0.9)
})
