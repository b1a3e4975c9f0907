import { describe, expect, it } from 'vitest'
import { labelGapAttack, labelGapScores } from '../../../../src/attacks/membership/label-gap.js'
import { createRng } from '../../../../src/data/rng.js'
import { auc } from '../../../../src/metrics/index.js'
import { fromFunction } from '../../../../src/targets/from-function.js'
import { makeContext, matrix } from './make-context.js'

describe('labelGapScores: score = [argmax_k p_k = y]', () => {
  it('is 1 where the answer’s top class is the label, else 0, on probability and one-hot rows', () => {
    const s = labelGapScores(matrix([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0, 0, 1], [0, 0, 1]]), Int32Array.from([1, 1, 2, 0]))
    expect(s).toBeInstanceOf(Float64Array)
    expect(Array.from(s)).toEqual([1, 0, 1, 0])
  })

  it('breaks ties inside a row towards the first largest entry', () => {
    const s = labelGapScores(matrix([[0.4, 0.4, 0.2], [0.4, 0.4, 0.2]]), Int32Array.from([0, 1]))
    expect(Array.from(s)).toEqual([1, 0])
  })

  it('has AUC ½ + ½ · (member accuracy − non-member accuracy), the train–test gap', () => {
    const rng = createRng(3)
    const rows = (n: number, acc: number) => {
      const y = Int32Array.from({ length: n }, () => rng.int(4))
      const p = Array.from(y, (c) => {
        const hit = rng.next() < acc ? c : (c + 1 + rng.int(3)) % 4
        const row = [0.1, 0.1, 0.1, 0.1]
        row[hit] = 0.7
        return row
      })
      return { y, s: labelGapScores(matrix(p), y) }
    }
    const m = rows(500, 0.95), n = rows(700, 0.7)
    const accM = m.s.reduce((a, b) => a + b, 0) / 500, accN = n.s.reduce((a, b) => a + b, 0) / 700
    expect(auc(m.s, n.s)).toBeCloseTo(0.5 + 0.5 * (accM - accN), 12)
  })

  it('refuses labels that do not fit the answers', () => {
    expect(() => labelGapScores(matrix([[1, 0]]), Int32Array.from([0, 1]))).toThrow(/^labels: expected one label per answer row \(1\), found 2$/)
    expect(() => labelGapScores(matrix([[1, 0], [0, 1]]), Int32Array.from([0, 5]))).toThrow(/^labels\[1\]: expected a class index in 0\.\.1, found 5$/)
  })
})

describe('labelGapAttack', () => {
  it('declares label-only needs and runs behind a label-only interface, without further queries', async () => {
    expect(labelGapAttack).toMatchObject({ id: 'label-gap', needs: 'labels' })
    // The interface says only whether the first feature is positive.
    const target = fromFunction((rows) => rows.map(([a]) => [a > 0 ? 1 : 0]), { outputMode: 'label', classes: 2 })
    const ctx = await makeContext(target, { x: [[1], [2], [-1]], y: [1, 1, 0] }, { x: [[1], [-2], [3]], y: [0, 1, 1] })
    expect(ctx.classes).toBe(2)
    const before = target.queryCount
    const { members, nonMembers } = await labelGapAttack.score(ctx)
    expect(target.queryCount).toBe(before)
    expect(Array.from(members)).toEqual([1, 1, 1])
    expect(Array.from(nonMembers)).toEqual([0, 0, 1])
    expect(auc(members, nonMembers)).toBeCloseTo(0.5 + 0.5 * (1 - 1 / 3), 12)
  })
})
