import { describe, expect, it, vi } from 'vitest'
import { fromRows, type Matrix } from '../../../src/data/matrix.js'
import { createTarget, type BatchPredict } from '../../../src/targets/create-target.js'
import { fromFunction } from '../../../src/targets/from-function.js'
import { TargetAnswerError } from '../../../src/targets/target.js'

/** n rows × 1 feature, row r holding r. */
function input(n: number): Matrix {
  return { data: Float32Array.from({ length: n }, (_, r) => r), rows: n, cols: 1 }
}

/** A label-only batch predict answering `label(globalRow)` in one column. */
function labels(label: (row: number) => number) {
  return vi.fn<BatchPredict>(async (rows, { start }) => ({
    data: Float32Array.from({ length: rows.rows }, (_, r) => label(start + r)),
    rows: rows.rows,
    cols: 1,
  }))
}

describe("createTarget with outputMode 'label'", () => {
  it('turns one class index per row into one-hot probability rows of `classes` columns', async () => {
    const t = createTarget(labels((r) => r % 3), { name: 'api', outputMode: 'label', classes: 4 })
    expect(t.outputMode).toBe('label')
    const out = await t.query(input(5))
    expect([out.rows, out.cols]).toEqual([5, 4])
    expect(Array.from(out.data)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0])
    expect(t.queryCount).toBe(5)
  })

  it('batches and counts like every target, and answers an empty query with `classes` columns', async () => {
    const predict = labels((r) => r % 2)
    const t = createTarget(predict, { name: 'api', outputMode: 'label', classes: 2, batchSize: 2 })
    const out = await t.query(input(5))
    expect(predict.mock.calls.map(([m]) => m.rows)).toEqual([2, 2, 1])
    expect(Array.from(out.data)).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 1, 0])
    const empty = await t.query({ data: new Float32Array(0), rows: 0, cols: 1 })
    expect([empty.rows, empty.cols]).toEqual([0, 2])
    expect(t.queryCount).toBe(5)
  })

  it('requires classes', () => {
    expect(() => createTarget(labels(() => 0), { name: 'api', outputMode: 'label' })).toThrow(TypeError)
    expect(() => createTarget(labels(() => 0), { name: 'api', outputMode: 'label' })).toThrow(
      /^target "api": options\.classes: outputMode 'label' needs the number of classes \(a positive integer\) to turn each label into a one-hot row, found undefined$/,
    )
    expect(() => createTarget(labels(() => 0), { name: 'api', outputMode: 'label', classes: 0 })).toThrow(/options\.classes: expected a positive integer, found 0/)
  })

  it('refuses answers with more than one column, pointing at the probabilities mode', async () => {
    const t = createTarget(async (rows) => ({ data: new Float32Array(rows.rows * 3).fill(1 / 3), rows: rows.rows, cols: 3 }), {
      name: 'api', outputMode: 'label', classes: 3,
    })
    await expect(t.query(input(2))).rejects.toThrow(TargetAnswerError)
    await expect(t.query(input(2))).rejects.toThrow(
      /^target "api": answer to rows 0\.\.1 has 3 columns; outputMode 'label' expects 1 column \(one class index per row\); if the interface returns probabilities, use outputMode 'probabilities'$/,
    )
  })

  it('refuses a label that is not an integer in [0, classes), naming the row (in the caller’s numbering) and the value', async () => {
    const bad = (value: number) => createTarget(labels((r) => (r === 3 ? value : 0)), { name: 'api', outputMode: 'label', classes: 10, batchSize: 2 })
    for (const [value, shown] of [[10, '10'], [-1, '-1'], [2.5, '2.5'], [Number.NaN, 'NaN'], [Infinity, 'Infinity']] as const) {
      const t = bad(value)
      await expect(t.query(input(5))).rejects.toThrow(TargetAnswerError)
      await expect(bad(value).query(input(5))).rejects.toThrow(
        new RegExp(`^target "api": answer for row 3: expected a class index \\(an integer in 0\\.\\.9\\) with outputMode 'label', found ${shown}$`),
      )
    }
    expect(Array.from((await bad(9).query(input(4))).data.subarray(30, 40))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
  })
})

describe("fromFunction with outputMode 'label'", () => {
  const x = fromRows([[1, 2], [3, 4], [5, 6]])

  it('accepts a function returning one [label] per row', async () => {
    const t = fromFunction((rows) => rows.map((r) => [r[0] === 3 ? 1 : 3]), { outputMode: 'label', classes: 10 })
    const out = await t.query(x)
    expect([out.rows, out.cols]).toEqual([3, 10])
    expect(Array.from(out.data.subarray(0, 10))).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
    expect(Array.from(out.data.subarray(10, 20))).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(t.outputMode).toBe('label')
    expect(t.queryCount).toBe(3)
  })

  it('refuses a flat list of labels with the shape it expects', async () => {
    const t = fromFunction(function labelsOnly(rows) { return rows.map(() => 3) as unknown as number[][] }, { outputMode: 'label', classes: 10 })
    await expect(t.query(x)).rejects.toThrow(
      /^target "function labelsOnly": answer for row 0: expected an array of numbers, found number 3; with outputMode 'label', return one row per input holding the class index: \[\[3\], \[1\], …\]$/,
    )
  })

  it('requires classes and validates the labels', async () => {
    expect(() => fromFunction((rows) => rows.map(() => [0]), { outputMode: 'label' })).toThrow(/options\.classes: outputMode 'label' needs the number of classes/)
    const t = fromFunction((rows) => rows.map((_, i) => [i === 2 ? 10 : 0]), { outputMode: 'label', classes: 10, name: 'digits API' })
    await expect(t.query(x)).rejects.toThrow(/^target "digits API": answer for row 2: expected a class index \(an integer in 0\.\.9\) with outputMode 'label', found 10$/)
  })
})
