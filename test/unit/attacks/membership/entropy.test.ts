import { describe, expect, it } from 'vitest'
import { entropyAttack, entropyScores } from '../../../../src/attacks/membership/entropy.js'
import { fromFunction } from '../../../../src/targets/from-function.js'
import { makeContext, matrix } from './make-context.js'

const f = Math.fround
/** Σ p log p of float32-rounded p, in doubles, as the scorer sees them. */
const negEntropy = (p: number[]) => p.map(f).reduce((s, v) => (v > 0 ? s + v * Math.log(v) : s), 0)

describe('entropyScores: score = Σ_k p_k log p_k = −H(p)', () => {
  it('matches hand-computed rows', () => {
    const rows = [[0.7, 0.2, 0.1], [0.25, 0.25, 0.5], [1 / 3, 1 / 3, 1 / 3]]
    const s = entropyScores(matrix(rows))
    expect(s).toBeInstanceOf(Float64Array)
    expect(s.length).toBe(3)
    // 0.7 log 0.7 + 0.2 log 0.2 + 0.1 log 0.1 ≈ −0.8018
    expect(s[0]).toBeCloseTo(-0.80182, 4)
    for (let r = 0; r < rows.length; r++) expect(s[r]).toBe(negEntropy(rows[r]))
    expect(s[2]).toBeCloseTo(-Math.log(3), 6)
  })

  it('takes 0 · log 0 as 0: one-hot rows score 0, zeros elsewhere add nothing', () => {
    const s = entropyScores(matrix([[0, 1, 0, 0], [0.5, 0.5, 0, 0], [0.25, 0.25, 0.25, 0.25]]))
    expect(Array.from(s)).toEqual([0, Math.log(0.5), Math.log(0.25)])
    expect(s.every(Number.isFinite)).toBe(true)
  })

  it('rises as the answer sharpens (q on one class, the rest spread evenly)', () => {
    const qs = [1 / 3, 0.4, 0.5, 0.6, 0.8, 0.9, 0.99, 0.999, 1]
    const s = entropyScores(matrix(qs.map((q) => [(1 - q) / 2, q, (1 - q) / 2])))
    for (let i = 1; i < qs.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1])
  })

  it('ignores the label: a confident wrong answer scores like a confident right one', () => {
    const s = entropyScores(matrix([[0.9, 0.05, 0.05], [0.05, 0.05, 0.9]]))
    expect(s[0]).toBeCloseTo(s[1], 15) // equal up to the order of summation
  })

  it('returns an empty array for an empty matrix', () => {
    expect(entropyScores({ data: new Float32Array(0), rows: 0, cols: 3 }).length).toBe(0)
  })
})

describe('entropyAttack', () => {
  it('declares its needs and scores the answers already in the context, without querying', async () => {
    expect(entropyAttack).toMatchObject({ id: 'entropy', needs: 'probabilities' })
    expect(entropyAttack.formula).toContain('log')
    const target = fromFunction((rows) => rows.map(([a]) => [a, 1 - a]))
    const ctx = await makeContext(target, { x: [[0.9], [0.99]], y: [0, 0] }, { x: [[0.6], [0.5], [0.7]], y: [0, 1, 0] })
    const before = target.queryCount
    const { members, nonMembers } = await entropyAttack.score(ctx)
    expect(target.queryCount).toBe(before)
    expect(Array.from(members)).toEqual(Array.from(entropyScores(ctx.memberAnswers)))
    expect(Array.from(nonMembers)).toEqual(Array.from(entropyScores(ctx.nonMemberAnswers)))
    expect(members[1]).toBeGreaterThan(members[0])
    expect(nonMembers[1]).toBe(Math.log(0.5))
  })
})
