import { describe, expect, it } from 'vitest'
import { argmaxRows, fromRows, sliceRows, takeRows, toRows } from '../../../src/data/matrix.js'

describe('matrix helpers', () => {
  const m = fromRows([[1, 5, 2], [7, 0, 7], [0, 0, 1]])

  it('fromRows / toRows round-trip', () => {
    expect([m.rows, m.cols]).toEqual([3, 3])
    expect(toRows(m)).toEqual([[1, 5, 2], [7, 0, 7], [0, 0, 1]])
    expect(fromRows([])).toEqual({ data: new Float32Array(0), rows: 0, cols: 0 })
  })

  it('takeRows copies, sliceRows views, argmaxRows takes the first maximum', () => {
    expect(toRows(takeRows(m, [2, 0]))).toEqual([[0, 0, 1], [1, 5, 2]])
    const s = sliceRows(m, 1, 3)
    expect(toRows(s)).toEqual([[7, 0, 7], [0, 0, 1]])
    expect(s.data.buffer).toBe(m.data.buffer)
    expect(Array.from(argmaxRows(m))).toEqual([1, 0, 2])
  })

  it('fromRows names ragged and non-array rows', () => {
    expect(() => fromRows([[1, 2], [3]], 'rows')).toThrow(/rows\[1\]: expected 2 values \(as in rows\[0\]\), found 1/)
    expect(() => fromRows([[1], 2 as unknown as number[]], 'rows')).toThrow(/rows\[1\]: expected an array of numbers, found number/)
  })
})
