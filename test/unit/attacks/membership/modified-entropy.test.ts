import { describe, expect, it } from 'vitest'
import { entropyScores } from '../../../../src/attacks/membership/entropy.js'
import {
  MODIFIED_ENTROPY_FLOOR,
  modifiedEntropyAttack,
  modifiedEntropyScores,
} from '../../../../src/attacks/membership/modified-entropy.js'
import { fromFunction } from '../../../../src/targets/from-function.js'
import { makeContext, matrix } from './make-context.js'

const f = Math.fround
const labels = (...y: number[]) => Int32Array.from(y)

describe('modifiedEntropyScores: score = (1 − p_y) log p_y + Σ_{k≠y} p_k log(1 − p_k) = −Mentr', () => {
  it('matches hand-computed rows', () => {
    const p = [0.7, 0.2, 0.1].map(f)
    const s = modifiedEntropyScores(matrix([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1]]), labels(0, 1))
    // y = 0: 0.3·log 0.7 + 0.2·log 0.8 + 0.1·log 0.9 ≈ −0.16217
    expect(s[0]).toBeCloseTo((1 - p[0]) * Math.log(p[0]) + p[1] * Math.log(1 - p[1]) + p[2] * Math.log(1 - p[2]), 12)
    expect(s[0]).toBeCloseTo(-0.16217, 4)
    // y = 1: 0.8·log 0.2 + 0.7·log 0.3 + 0.1·log 0.9 ≈ −2.14087
    expect(s[1]).toBeCloseTo((1 - p[1]) * Math.log(p[1]) + p[0] * Math.log(1 - p[0]) + p[2] * Math.log(1 - p[2]), 12)
    expect(s[1]).toBeCloseTo(-2.14087, 4)
    // Two classes at ½: (1 − ½)·log ½ + ½·log ½ = log ½
    expect(modifiedEntropyScores(matrix([[0.5, 0.5]]), labels(1))[0]).toBeCloseTo(Math.log(0.5), 15)
  })

  it('is 0 for a one-hot answer on the true class and finite (clamped logs) on a wrong one', () => {
    const s = modifiedEntropyScores(matrix([[0, 1, 0], [1, 0, 0]]), labels(1, 1))
    expect(s[0]).toBe(0)
    // p_y = 0 → 1 · log(floor); p_0 = 1 → 1 · log(floor)
    expect(s[1]).toBe(2 * Math.log(MODIFIED_ENTROPY_FLOOR))
    expect(Number.isFinite(s[1])).toBe(true)
  })

  it('rises with p_y (the rest spread evenly), from the uniform row up to one-hot', () => {
    const qs = [0, 0.01, 0.1, 1 / 3, 0.5, 0.8, 0.99, 0.9999, 1]
    const s = modifiedEntropyScores(matrix(qs.map((q) => [(1 - q) / 2, q, (1 - q) / 2])), labels(...qs.map(() => 1)))
    for (let i = 1; i < qs.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1])
  })

  it('ranks a confident wrong answer below an uncertain one, where plain entropy does the opposite', () => {
    const rows = matrix([[0.98, 0.01, 0.01], [0.34, 0.33, 0.33]])
    const m = modifiedEntropyScores(rows, labels(1, 1))
    expect(m[0]).toBeLessThan(m[1])
    const e = entropyScores(rows)
    expect(e[0]).toBeGreaterThan(e[1])
  })

  it('refuses labels that do not fit the answers', () => {
    expect(() => modifiedEntropyScores(matrix([[0.5, 0.5], [0.5, 0.5]]), labels(0))).toThrow(
      /^labels: expected one label per answer row \(2\), found 1$/,
    )
    expect(() => modifiedEntropyScores(matrix([[0.5, 0.5], [0.5, 0.5]]), labels(0, 2))).toThrow(
      /^labels\[1\]: expected a class index in 0\.\.1, found 2$/,
    )
    expect(() => modifiedEntropyScores(matrix([[0.5, 0.5]]), labels(-1))).toThrow(/labels\[0\]: expected a class index in 0\.\.1, found -1/)
  })
})

describe('modifiedEntropyAttack', () => {
  it('declares its needs and scores the answers in the context with their labels, without querying', async () => {
    expect(modifiedEntropyAttack).toMatchObject({ id: 'modified-entropy', needs: 'probabilities' })
    const target = fromFunction((rows) => rows.map(([a]) => [a, 1 - a]))
    const ctx = await makeContext(target, { x: [[0.9], [0.2]], y: [0, 1] }, { x: [[0.6], [0.5]], y: [1, 0] })
    const before = target.queryCount
    const { members, nonMembers } = await modifiedEntropyAttack.score(ctx)
    expect(target.queryCount).toBe(before)
    expect(Array.from(members)).toEqual(Array.from(modifiedEntropyScores(ctx.memberAnswers, ctx.members.y)))
    expect(Array.from(nonMembers)).toEqual(Array.from(modifiedEntropyScores(ctx.nonMemberAnswers, ctx.nonMembers.y)))
    // Both members are answered 0.8–0.9 right; both non-members 0.5–0.6 wrong or borderline.
    expect(Math.min(...members)).toBeGreaterThan(Math.max(...nonMembers))
  })
})
