import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import '../../../src/setup.js'
import { auditExtraction } from '../../../src/attacks/extraction/audit.js'
import { createRng } from '../../../src/data/rng.js'
import { wilsonInterval } from '../../../src/metrics/wilson.js'

// A known decision function (class 1 when x0 + x1 > 0). Labels of every fourth evaluation record are
// flipped, so the target's accuracy is exactly 0.75 and its generalisation gap exactly 0.25.
const predict = (rows: number[][]) => rows.map(([a, b]) => { const p = 1 / (1 + Math.exp(-4 * (a + b))); return [1 - p, p] })
function points(n: number, seed: number): number[][] {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => [rng.normal(), rng.normal()])
}
const truth = (x: number[][]) => x.map(([a, b]) => (a + b > 0 ? 1 : 0))
const evalX = points(200, 2)
const evaluation = { x: evalX, y: truth(evalX).map((y, i) => (i % 4 === 0 ? 1 - y : y)) }
const membersX = points(100, 3)
const members = { x: membersX, y: truth(membersX) }
const pool = points(300, 1)
const small = { budget: 80, epochs: 10, hidden: [8], uniformPoints: 0, seed: 5 }
const plain = (e: unknown) => stripVTControlCharacters((e as Error).message)

describe('the limit itself fails (strict comparison)', () => {
  it('a "below" gate at exactly its limit fails, a hair above passes', async () => {
    const data = { train: members, heldOut: evaluation }
    const error = await expect(predict).toHaveGeneralizationGapBelow(0.25, data).catch((e) => e)
    expect(plain(error)).toMatch(/Generalisation gap 0\.250 is not below the threshold 0\.250/)
    await expect(predict).toHaveGeneralizationGapBelow(0.25 + 1e-9, data)
  })

  it('an "above" gate at exactly its limit fails, a hair below passes', async () => {
    const error = await expect(predict).toHaveCleanAccuracyAbove(0.75, { evaluation }).catch((e) => e)
    expect(plain(error)).toMatch(/Clean accuracy 0\.750 .*is not above the threshold 0\.750/)
    await expect(predict).toHaveCleanAccuracyAbove(0.75 - 1e-9, { evaluation })
  })
})

describe('bound on extraction and accuracy gates', () => {
  it('surrogateFidelity with bound "upper" meets the limit with the Wilson interval\'s upper end', async () => {
    const r = await auditExtraction(predict, { pool, evaluation, ...small })
    const [, hi] = r.fidelityInterval
    expect(hi).toBeGreaterThan(r.fidelity)
    const limit = (r.fidelity + hi) / 2
    await expect(predict).toHaveSurrogateFidelityBelow(limit, { pool, evaluation, ...small })
    const error = await expect(predict).toHaveSurrogateFidelityBelow(limit, { pool, evaluation, ...small, bound: 'upper' }).catch((e) => e)
    expect(plain(error)).toMatch(/Surrogate fidelity .*: the interval's upper end .* is not below the threshold/)
  })

  it('cleanAccuracy with bound "lower" meets the limit with the Wilson interval\'s lower end; "upper" is refused', async () => {
    const [lo] = wilsonInterval(0.75, 200)
    await expect(predict).toHaveCleanAccuracyAbove(0.7, { evaluation })
    const error = await expect(predict).toHaveCleanAccuracyAbove(0.7, { evaluation, bound: 'lower' }).catch((e) => e)
    expect(plain(error)).toContain(`the interval's lower end ${lo.toFixed(3)} is not above the threshold 0.700`)
    await expect(expect(predict).toHaveCleanAccuracyAbove(0.7, { evaluation, bound: 'upper' as 'lower' })).rejects.toThrow(
      'cleanAccuracy: bound: expected "point" or "lower" (the end that can fail this "above" gate), found "upper"',
    )
  })
})
