import { describe, expect, it, vi } from 'vitest'
import { labelGapAttack } from '../../../../src/attacks/membership/label-gap.js'
import {
  labelNoiseAttack,
  labelNoiseScores,
  labelNoiseSettings,
} from '../../../../src/attacks/membership/label-noise.js'
import type { AttackSettings } from '../../../../src/attacks/membership/types.js'
import type { Dataset } from '../../../../src/data/dataset.js'
import type { Matrix } from '../../../../src/data/matrix.js'
import { createRng } from '../../../../src/data/rng.js'
import { auc } from '../../../../src/metrics/index.js'
import { fromFunction } from '../../../../src/targets/from-function.js'
import { makeContext, matrix } from './make-context.js'

/** A label-only interface: class 1 when the first feature is positive, else 0. Counts the rows it sees. */
function thresholdTarget(batchSize?: number) {
  const seen = { rows: 0 }
  const target = fromFunction(
    (rows) => {
      seen.rows += rows.length
      return rows.map(([a]) => [a > 0 ? 1 : 0])
    },
    { outputMode: 'label', classes: 2, name: 'threshold', batchSize },
  )
  return { target, seen }
}

/** Records with first feature drawn uniformly from ±[lo, hi] and labelled by its sign (so all correct), plus `extra` features. */
function records(n: number, lo: number, hi: number, seed: number, extra = 0): Dataset {
  const rng = createRng(seed)
  const x: number[][] = [], y: number[] = []
  for (let i = 0; i < n; i++) {
    const sign = rng.next() < 0.5 ? -1 : 1
    x.push([sign * (lo + (hi - lo) * rng.next()), ...Array.from({ length: extra }, () => rng.normal())])
    y.push(sign > 0 ? 1 : 0)
  }
  return { x, y }
}

describe('labelNoiseSettings', () => {
  it('defaults to noise 0.1 and 8 copies (the schema\'s)', () => {
    expect(labelNoiseSettings()).toEqual({ noise: 0.1, copies: 8 })
    expect(labelNoiseSettings({})).toEqual({ noise: 0.1, copies: 8 })
    expect(labelNoiseSettings({ noise: 2, copies: 1 })).toEqual({ noise: 2, copies: 1 })
  })

  it('refuses noise that is not a finite number > 0, and copies that are not an integer ≥ 1', () => {
    for (const noise of [0, -0.1, Number.NaN, Infinity, '0.1']) {
      expect(() => labelNoiseSettings({ noise } as AttackSettings)).toThrow(
        /^settings\.noise: expected a number > 0, found /,
      )
    }
    expect(() => labelNoiseSettings({ noise: -1 })).toThrow(/found -1$/)
    expect(() => labelNoiseSettings({ noise: '0.1' } as never)).toThrow(/found a string \("0\.1"\)$/)
    for (const copies of [0, -2, 1.5, Number.NaN, '8']) {
      expect(() => labelNoiseSettings({ copies } as AttackSettings)).toThrow(/^settings\.copies: expected an integer ≥ 1, found /)
    }
    expect(() => labelNoiseSettings({ copies: 1.5 })).toThrow(/found 1\.5$/)
  })
})

describe('labelNoiseScores: score = [argmax f(x) = y] + ½ · share of copies with argmax = y', () => {
  it('matches a hand-computed record', () => {
    const answers = matrix([[0, 1], [1, 0]])
    // Record 0 (label 1): copies answer 1, 1, 0, 1 → 3/4 robust. Record 1 (label 1, misclassified): copies 1, 0, 0, 0.
    const noisy = matrix([[0, 1], [0, 1], [1, 0], [0, 1], [0, 1], [1, 0], [1, 0], [1, 0]])
    const s = labelNoiseScores(answers, noisy, Int32Array.from([1, 1]), 4)
    expect(s).toBeInstanceOf(Float64Array)
    expect(Array.from(s)).toEqual([1 + 0.5 * 0.75, 0 + 0.5 * 0.25])
  })

  it('keeps every misclassified record (≤ ½) below every correctly classified one (≥ 1)', () => {
    const answers = matrix([[0, 1], [1, 0]])
    const noisy = matrix([[1, 0], [1, 0], [0, 1], [0, 1]]) // correct record: no robust copy; wrong one: all robust
    const s = labelNoiseScores(answers, noisy, Int32Array.from([1, 1]), 2)
    expect(Array.from(s)).toEqual([1, 0.5])
  })

  it('refuses mismatched sizes and labels', () => {
    const answers = matrix([[0, 1], [1, 0]])
    expect(() => labelNoiseScores(answers, matrix([[0, 1], [0, 1], [0, 1]]), Int32Array.from([1, 1]), 2)).toThrow(
      /^noisyAnswers: expected 4 rows \(2 records × 2 copies\) of 2 columns, found 3 rows of 2$/,
    )
    expect(() => labelNoiseScores(answers, matrix([[0, 1], [0, 1]]), Int32Array.from([1]), 1)).toThrow(/^labels: expected one label per answer row \(2\), found 1$/)
    expect(() => labelNoiseScores(answers, matrix([[0, 1], [0, 1]]), Int32Array.from([1, 2]), 1)).toThrow(/^labels\[1\]: expected a class index in 0\.\.1, found 2$/)
    expect(() => labelNoiseScores(answers, matrix([[0, 1], [0, 1]]), Int32Array.from([1, 1]), 0)).toThrow(/^copies: expected an integer ≥ 1, found 0$/)
  })
})

describe('labelNoiseAttack', () => {
  const members = records(30, 0.5, 2, 1, 2)
  const nonMembers = records(45, 0.01, 0.3, 2, 2)

  it('declares label-only needs and no pool', () => {
    expect(labelNoiseAttack).toMatchObject({ id: 'label-noise', needs: 'labels' })
    expect(labelNoiseAttack.formula).toContain('N(0, noise²')
  })

  it('sends exactly records × copies rows in one query call, and nothing else', async () => {
    const { target, seen } = thresholdTarget(16)
    const ctx = await makeContext(target, members, nonMembers, { settings: { copies: 5 } })
    expect(target.queryCount).toBe(75)
    const query = vi.spyOn(target, 'query')
    seen.rows = 0
    await labelNoiseAttack.score(ctx)
    expect(query).toHaveBeenCalledTimes(1)
    expect(query.mock.calls[0][0].rows).toBe(75 * 5)
    expect(target.queryCount).toBe(75 + 75 * 5)
    expect(seen.rows).toBe(75 * 5)
  })

  it('sends 8 copies per record by default', async () => {
    const { target } = thresholdTarget()
    const ctx = await makeContext(target, members, nonMembers)
    await labelNoiseAttack.score(ctx)
    expect(target.queryCount).toBe(75 + 75 * 8)
  })

  it('perturbs every feature with N(0, noise²), members first, copy j of record r at row r · copies + j', async () => {
    const { target } = thresholdTarget()
    const many = records(400, 0.5, 2, 3, 4) // 5 features
    const ctx = await makeContext(target, many, records(45, 0.01, 0.3, 2, 4), { settings: { noise: 0.3, copies: 6 }, seed: 9 })
    const query = vi.spyOn(target, 'query')
    await labelNoiseAttack.score(ctx)
    const sent: Matrix = query.mock.calls[0][0]
    expect([sent.rows, sent.cols]).toEqual([(400 + 45) * 6, 5])
    let sum = 0, sumSq = 0, count = 0, worst = 0
    const check = (x: Matrix, firstRow: number) => {
      for (let r = 0; r < x.rows; r++) {
        for (let j = 0; j < 6; j++) {
          for (let c = 0; c < 5; c++) {
            const d = sent.data[(firstRow + r * 6 + j) * 5 + c] - x.data[r * 5 + c]
            sum += d; sumSq += d * d; count++
            worst = Math.max(worst, Math.abs(d))
          }
        }
      }
    }
    check(ctx.members.x, 0)
    check(ctx.nonMembers.x, 400 * 6)
    const mean = sum / count, sd = Math.sqrt(sumSq / count - mean * mean)
    // 13,350 draws: the standard error of the mean is 0.3/√13350 ≈ 0.0026, of the sd about 0.0018.
    expect(Math.abs(mean)).toBeLessThan(0.01)
    expect(sd).toBeGreaterThan(0.29)
    expect(sd).toBeLessThan(0.31)
    expect(worst).toBeLessThan(0.3 * 6)
  })

  it('is deterministic for a seed, and the seed changes the noise', async () => {
    const run = async (seed: number) => {
      const { target } = thresholdTarget()
      const ctx = await makeContext(target, members, nonMembers, { seed, settings: { noise: 0.5 } })
      const query = vi.spyOn(target, 'query')
      const scores = await labelNoiseAttack.score(ctx)
      return { scores, sent: Array.from(query.mock.calls[0][0].data) }
    }
    const a = await run(4), b = await run(4), c = await run(5)
    expect(b.sent).toEqual(a.sent)
    expect(Array.from(b.scores.members)).toEqual(Array.from(a.scores.members))
    expect(Array.from(b.scores.nonMembers)).toEqual(Array.from(a.scores.nonMembers))
    expect(c.sent).not.toEqual(a.sent)
  })

  it('refines label-gap: separates records that are all classified right by how robust the label is', async () => {
    const { target } = thresholdTarget()
    // Members sit far from the decision boundary, non-members close to it; every label is right.
    const ctx = await makeContext(target, records(200, 1, 2, 6), records(200, 0.01, 0.3, 7), { settings: { noise: 0.5 } })
    const gap = await labelGapAttack.score(ctx)
    expect(auc(gap.members, gap.nonMembers)).toBe(0.5)
    const noise = await labelNoiseAttack.score(ctx)
    expect(auc(noise.members, noise.nonMembers)).toBeGreaterThan(0.9)
    for (const s of [...noise.members, ...noise.nonMembers]) {
      expect(s).toBeGreaterThanOrEqual(1)
      expect(s).toBeLessThanOrEqual(1.5)
    }
  })

  it('scores a record far on the right side 1.5 and one far on the wrong side 0', async () => {
    const { target } = thresholdTarget()
    const ctx = await makeContext(target, { x: [[5], [-5]], y: [1, 1] }, { x: [[-5], [5]], y: [0, 0] })
    const { members, nonMembers } = await labelNoiseAttack.score(ctx)
    expect(Array.from(members)).toEqual([1.5, 0])
    expect(Array.from(nonMembers)).toEqual([1.5, 0])
  })

  it('works on probability answers too', async () => {
    const target = fromFunction((rows) => rows.map(([a]) => { const p = 1 / (1 + Math.exp(-10 * a)); return [1 - p, p] }))
    const ctx = await makeContext(target, { x: [[3], [0.02]], y: [1, 1] }, { x: [[-3], [-0.01]], y: [0, 1] }, { settings: { noise: 0.2, copies: 20 } })
    const { members, nonMembers } = await labelNoiseAttack.score(ctx)
    expect(members[0]).toBe(1.5)
    expect(members[1]).toBeGreaterThan(1)
    expect(members[1]).toBeLessThan(1.5)
    expect(nonMembers[0]).toBe(1.5)
    expect(nonMembers[1]).toBeGreaterThan(0)
    expect(nonMembers[1]).toBeLessThan(0.5)
  })

  it('refuses bad settings before sending a query', async () => {
    const { target } = thresholdTarget()
    const ctx = await makeContext(target, members, nonMembers, { settings: { noise: 0 } })
    const before = target.queryCount
    await expect(labelNoiseAttack.score(ctx)).rejects.toThrow(/^settings\.noise: expected a number > 0, found 0$/)
    await expect(labelNoiseAttack.score({ ...ctx, settings: { copies: 2.5 } })).rejects.toThrow(/^settings\.copies: expected an integer ≥ 1, found 2\.5$/)
    expect(target.queryCount).toBe(before)
  })
})
