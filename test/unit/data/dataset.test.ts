import { describe, expect, it } from 'vitest'
import { checkFiniteRows, toDense, type Dataset } from '../../../src/data/dataset.js'
import { describeValue } from '../../../src/data/describe.js'

describe('toDense', () => {
  it('normalises nested rows and number labels', () => {
    const d = toDense({ x: [[1, 2], [3, 4]], y: [1, 0] }, 'members')
    expect(d.x).toEqual({ data: new Float32Array([1, 2, 3, 4]), rows: 2, cols: 2 })
    expect(Array.from(d.y)).toEqual([1, 0])
  })

  it('accepts a flat Float32Array with features and Int32Array labels', () => {
    const y = Int32Array.from([0, 1, 2])
    const d = toDense({ x: new Float32Array(6), y, features: 2 }, 'pool')
    expect([d.x.rows, d.x.cols]).toEqual([3, 2])
    expect(d.y).toBe(y)
  })

  it('uses a Float32Array or a Matrix as is (no copy), and checks a matrix against features', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6])
    expect(toDense({ x: data, y: [0, 1, 0], features: 2 }, 'members').x.data).toBe(data)
    const m = { data, rows: 2, cols: 3 }
    expect(toDense({ x: m, y: [0, 1] }, 'members').x).toBe(m)
    expect(() => toDense({ x: m, y: [0, 1], features: 2 }, 'members')).toThrow('members.features: declared 2, but the matrix has 3 columns')
    expect(() => toDense({ x: { data, rows: 2, cols: 3 }, y: [0, 1] }, 'members', { finite: false })).not.toThrow()
    data[4] = NaN
    expect(() => toDense({ x: m, y: [0, 1] }, 'members')).toThrow('members.x[1][1]: expected a finite number, found NaN')
    expect(toDense({ x: m, y: [0, 1] }, 'members', { finite: false }).x).toBe(m)
  })

  it('names the argument and the place in every error', () => {
    const bad = (ds: unknown) => () => toDense(ds as Dataset, 'members')
    expect(bad(null)).toThrow(/^members: expected a Dataset \{ x, y \}, found null$/)
    expect(bad([[1]])).toThrow(/members: expected a Dataset \{ x, y \}, found an array of length 1/)
    expect(bad({ x: new Float32Array(4), y: [0, 1] })).toThrow(/members\.features: a flat Float32Array x needs a positive integer "features", found undefined/)
    expect(bad({ x: new Float32Array(5), y: [0, 1], features: 2 })).toThrow(/members\.x: length 5 is not a multiple of features = 2/)
    expect(bad({ x: [[1, 2]], y: [0], features: 3 })).toThrow(/members\.features: declared 3, but rows have 2 values/)
    expect(bad({ x: [[1, 2], [3]], y: [0, 1] })).toThrow(/members\.x\[1\]: expected 2 values \(as in members\.x\[0\]\), found 1/)
    expect(bad({ x: 'rows', y: [0] })).toThrow(/members\.x: expected number\[\]\[\], a Float32Array or a Matrix \{ data, rows, cols \}, found the string "rows"/)
    expect(bad({ x: [], y: [] })).toThrow(/members: is empty \(0 rows\)/)
    expect(bad({ x: [[1], [2]], y: [0] })).toThrow(/members: x has 2 rows but y has 1 labels/)
    expect(bad({ x: [[1], [2]], y: [0, 1.5] })).toThrow(/members\.y\[1\]: expected a class index \(integer ≥ 0\), found 1\.5/)
    expect(bad({ x: [[1], [2]], y: [0, -1] })).toThrow(/members\.y\[1\]: .*found -1/)
    expect(bad({ x: [[1, 2], [3, Number.NaN]], y: [0, 1] })).toThrow(/members\.x\[1\]\[1\]: expected a finite number, found NaN/)
  })
})

describe('describe', () => {
  it('summarises values for messages', () => {
    expect(describeValue(null)).toBe('null')
    expect(describeValue([1, 2])).toBe('an array of length 2')
    expect(describeValue(new Int32Array(1))).toBe('a Int32Array')
    expect(describeValue({ a: 1, b: 2 })).toBe('an object with keys [a, b]')
    expect(describeValue(3)).toBe('number 3')
  })
})

describe('toDense: recordShape', () => {
  it('carries a record shape whose product is the row width', () => {
    const d = toDense({ x: new Float32Array(8), y: [0, 1], features: 4, recordShape: [2, 2, 1] }, 'members')
    expect(d.recordShape).toEqual([2, 2, 1])
    expect(toDense({ x: [[1, 2]], y: [0] }, 'members').recordShape).toBeUndefined()
  })

  it('refuses a record shape that does not hold the row width, or is not positive integers', () => {
    expect(() => toDense({ x: new Float32Array(783), y: [0], features: 783, recordShape: [28, 28, 1] }, 'members')).toThrow(
      'members.recordShape: [28, 28, 1] holds 784 values per record, but the rows have 783',
    )
    expect(() => toDense({ x: [[1, 2]], y: [0], recordShape: [2, 0.5] }, 'pool')).toThrow(/pool\.recordShape: expected a non-empty array of positive integers/)
  })
})

describe('checkFiniteRows', () => {
  const rows = (data: number[], cols = 2) => ({ data: Float32Array.from(data), rows: data.length / cols, cols })

  it('passes the largest float32 values however many there are (their sum in doubles stays finite)', () => {
    const big = new Float32Array(200_001).fill(3.4028234663852886e38)
    big.fill(-3.4028234663852886e38, 100_000)
    expect(() => checkFiniteRows({ data: big, rows: big.length, cols: 1 }, 'members', 0)).not.toThrow()
  })

  it('finds NaN and infinities in either lane and in the odd last value, naming row and column', () => {
    expect(() => checkFiniteRows(rows([0, 1, Infinity, 2, 3, -Infinity]), 'members', 10)).toThrow(/members\.x\[11\]\[0\]: expected a finite number, found Infinity/)
    expect(() => checkFiniteRows(rows([0, 1, 2, 3, 4, NaN]), 'nonMembers', 0)).toThrow(/nonMembers\.x\[2\]\[1\]: expected a finite number, found NaN/)
    expect(() => checkFiniteRows(rows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, -Infinity], 3), 'members', 0)).toThrow(/members\.x\[4\]\[2\]: expected a finite number, found -Infinity/)
  })

  it('finds one bad value at any position of the four sums and of the tail, and only the first of several', () => {
    // 11 values: two rounds of the four sums and a tail of three.
    for (let i = 0; i < 11; i++) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const data = Array.from({ length: 11 }, (_, j) => j / 10)
        data[i] = bad
        expect(() => checkFiniteRows(rows(data, 1), 'members', 5)).toThrow(`members.x[${5 + i}][0]: expected a finite number, found ${bad}`)
      }
    }
    // +∞ and −∞ in different sums must not cancel into a finite total.
    expect(() => checkFiniteRows(rows([Infinity, -Infinity, 0, 0]), 'members', 0)).toThrow('members.x[0][0]: expected a finite number, found Infinity')
  })
})
