import { describe, expect, it, vi } from 'vitest'
import { fromRows } from '../../../src/data/matrix.js'
import { fromFunction } from '../../../src/targets/from-function.js'
import { TargetAnswerError } from '../../../src/targets/target.js'

const x = fromRows([[1, 2], [3, 4], [5, 6]])

describe('fromFunction', () => {
  it('hands nested arrays to the function and packs its answer', async () => {
    const fn = vi.fn((rows: number[][]) => rows.map((r) => [r[0] / 10, 1 - r[0] / 10]))
    const t = fromFunction(fn, { features: 2 })
    const out = await t.query(x)
    expect(fn).toHaveBeenCalledWith([[1, 2], [3, 4], [5, 6]])
    expect([out.rows, out.cols]).toEqual([3, 2])
    expect(out.data[2]).toBeCloseTo(0.3, 6)
    expect(t.queryCount).toBe(3)
    expect(t.features).toBe(2)
  })

  it('accepts async functions and typed-array rows, and batches like every target', async () => {
    const fn = vi.fn(async (rows: number[][]) => rows.map(() => Float32Array.from([0.25, 0.75]) as unknown as number[]))
    const t = fromFunction(fn, { batchSize: 2 })
    const out = await t.query(x)
    expect(fn).toHaveBeenCalledTimes(2)
    expect(Array.from(out.data)).toEqual([0.25, 0.75, 0.25, 0.75, 0.25, 0.75])
  })

  it('names the function in errors', async () => {
    function predictDigits(rows: number[][]): number[][] {
      return rows.map(() => [0.9, 0.9])
    }
    const t = fromFunction(predictDigits)
    expect(t.name).toBe('function predictDigits')
    await expect(t.query(x)).rejects.toThrow(/target "function predictDigits": answer for row 0: probabilities sum to 1\.8, expected 1 ± 0\.001/)
    expect(fromFunction((rows) => rows).name).toBe('anonymous predict function')
    expect(fromFunction((rows) => rows, { name: 'custom' }).name).toBe('custom')
  })

  it('checks the function returned an array of number arrays', async () => {
    const bad = (answer: unknown) => fromFunction(function model() { return answer as number[][] }).query(x)
    await expect(bad({ probs: [] })).rejects.toThrow(TargetAnswerError)
    await expect(bad({ probs: [] })).rejects.toThrow(/target "function model": answer to rows 0\.\.2: expected an array of rows \(number\[\]\[\]\), found an object with keys \[probs\]/)
    await expect(bad(undefined)).rejects.toThrow(/expected an array of rows .*found undefined/)
    await expect(bad([[0.5, 0.5]])).rejects.toThrow(/answer to rows 0\.\.2: expected 3 output rows \(one per input row\), found 1/)
    await expect(bad([[0.5, 0.5], 0.5, [0.5, 0.5]])).rejects.toThrow(/answer for row 1: expected an array of numbers, found number 0\.5/)
    await expect(bad([[0.5, 0.5], [1], [0.5, 0.5]])).rejects.toThrow(/answer for row 1: expected 2 values \(as for row 0\), found 1/)
    await expect(bad([[0.5, 0.5], [0.5, '0.5'], [0.5, 0.5]])).rejects.toThrow(/answer for row 1, column 1: expected a number, found the string "0\.5"/)
    await expect(bad([[0.5, 0.5], [null, 1], [0.5, 0.5]])).rejects.toThrow(/answer for row 1, column 0: expected a number, found null/)
  })

  it('reports rows in the caller’s numbering across batches', async () => {
    const t = fromFunction((rows) => rows.map((r) => (r[0] === 5 ? [0.5] : [0.5, 0.5])), { batchSize: 2 })
    await expect(t.query(x)).rejects.toThrow(/answer to rows 2\.\.2 has 1 columns; expected 2 classes/)
    const u = fromFunction((rows) => rows.map((r) => (r[0] === 5 ? [0.5, 'x'] : [0.5, 0.5])) as number[][], { batchSize: 2 })
    await expect(u.query(x)).rejects.toThrow(/answer for row 2, column 1: expected a number/)
  })

  it('wraps an error thrown by the function, naming it', async () => {
    const t = fromFunction(function flaky(): number[][] { throw new Error('boom') })
    await expect(t.query(x)).rejects.toThrow(/^target "function flaky": the interface failed on rows 0\.\.2 of the query: boom$/)
  })

  it('refuses a non-function', () => {
    expect(() => fromFunction(42 as never)).toThrow(/fromFunction: fn: expected a function \(rows: number\[\]\[\]\) => number\[\]\[\], found number/)
  })
})
