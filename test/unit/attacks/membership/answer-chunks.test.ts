import { describe, expect, it } from 'vitest'
import { DENSE_CHUNK_ROWS, scoreAnswersInChunks, type RecordSet } from '../../../../src/attacks/membership/answer-chunks.js'
import { lossScores } from '../../../../src/attacks/membership/loss.js'
import { membershipAttacks } from '../../../../src/attacks/membership/registry.js'
import { maxConfidenceScores } from '../../../../src/attacks/membership/max-confidence.js'
import { createRng } from '../../../../src/data/rng.js'
import type { Matrix } from '../../../../src/data/matrix.js'
import { createTarget } from '../../../../src/targets/create-target.js'

/** `rows` records of 3 features and labels 0..2 from a seeded generator. */
function set(what: 'members' | 'nonMembers', rows: number, seed: number): Extract<RecordSet, { dense: unknown }> {
  const rng = createRng(seed)
  const data = Float32Array.from({ length: rows * 3 }, () => rng.next() * 4 - 2)
  return { what, dense: { x: { data, rows, cols: 3 }, y: Int32Array.from({ length: rows }, () => rng.int(3)) } }
}

/** Softmax of the features, answered by a target that calls predict with `batchSize` rows; records each query's size. */
function softmaxTarget(batchSize: number | 'auto') {
  const queries: number[] = []
  const t = createTarget(async (rows: Matrix) => {
    const data = new Float32Array(rows.rows * 3)
    for (let r = 0; r < rows.rows; r++) {
      const e = [0, 1, 2].map((c) => Math.exp(rows.data[r * 3 + c]))
      const s = e[0] + e[1] + e[2]
      for (let c = 0; c < 3; c++) data[r * 3 + c] = e[c] / s
    }
    return { data, rows: rows.rows, cols: 3 }
  }, { name: 'softmax', batchSize, freshAnswers: true })
  const query = t.query
  return { target: { ...t, query: (rows: Matrix) => { queries.push(rows.rows); return query(rows) } }, queries }
}

const maxConfidence = membershipAttacks['max-confidence']!.scoreAnswers!
const loss = membershipAttacks.loss!.scoreAnswers!

describe('scoreAnswersInChunks', () => {
  it('queries held sets in whole calls of the target (a multiple of rowsPerCall, one call when a call holds more)', async () => {
    const sets = [set('members', 5000, 1), set('nonMembers', 700, 2)] as const
    const big = softmaxTarget(3000)
    await scoreAnswersInChunks(big.target, sets, [maxConfidence], { digest: false })
    expect(big.queries).toEqual([3000, 2000, 700])
    const small = softmaxTarget(300)
    await scoreAnswersInChunks(small.target, sets, [maxConfidence], { digest: false })
    expect(small.queries.slice(0, 3)).toEqual([1800, 1800, 1400])
    expect(small.queries.every((n, i, all) => n % 300 === 0 || i === 2 || i === all.length - 1)).toBe(true)
  })

  it('falls back to DENSE_CHUNK_ROWS for a target that does not say how it batches', async () => {
    const { target, queries } = softmaxTarget(100)
    const plain = { name: target.name, features: undefined, outputMode: target.outputMode, query: target.query, get queryCount() { return 0 } }
    await scoreAnswersInChunks(plain, [set('members', 5000, 1), set('nonMembers', 10, 2)], [maxConfidence], { digest: false })
    expect(queries).toEqual([DENSE_CHUNK_ROWS, DENSE_CHUNK_ROWS, 5000 - 2 * DENSE_CHUNK_ROWS, 10])
    // Nor for one whose rowsPerCall is no positive integer.
    queries.length = 0
    await scoreAnswersInChunks({ ...plain, rowsPerCall: () => 0 }, [set('members', 3000, 1), set('nonMembers', 10, 2)], [maxConfidence], { digest: false })
    expect(queries).toEqual([DENSE_CHUNK_ROWS, 3000 - DENSE_CHUNK_ROWS, 10])
  })

  it('gives every scorer the same scores whatever the chunking, as scoring all answers at once', async () => {
    const sets = [set('members', 4100, 5), set('nonMembers', 333, 6)] as const
    const runs = await Promise.all([7, 512, 'auto' as const].map((b) => scoreAnswersInChunks(softmaxTarget(b).target, sets, [maxConfidence, loss], { digest: false })))
    const whole = softmaxTarget(10_000).target
    for (const [i, s] of sets.entries()) {
      const answers = await whole.query(s.dense.x)
      const expected = [maxConfidenceScores(answers), lossScores(answers, s.dense.y)]
      for (const run of runs) {
        for (const a of [0, 1]) expect(Array.from(i === 0 ? run.scores[a].members : run.scores[a].nonMembers)).toEqual(Array.from(expected[a]))
      }
    }
  })
})
