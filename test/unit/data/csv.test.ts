import { describe, expect, it } from 'vitest'
import { closestName, loadCsv, parseCsv, parseNonFinite, parseNumber } from '../../../src/data/csv.js'
import { DataError } from '../../../src/data/data-error.js'
import { InputError } from '../../../src/errors.js'

const rowsOf = (ds: { x: Float32Array; rows: number; features: number }): number[][] =>
  Array.from({ length: ds.rows }, (_, r) => Array.from(ds.x.subarray(r * ds.features, (r + 1) * ds.features)))

describe('parseCsv', () => {
  it('reads a header, numeric features and the last column as label', () => {
    const ds = parseCsv('a,b,label\n1,2,0\n3.5,-4e-1,2\n', 'inline.csv')
    expect(ds.columns).toEqual(['a', 'b'])
    expect(ds.source).toBe('inline.csv')
    expect(ds.rows).toBe(2)
    expect(ds.features).toBe(2)
    expect(rowsOf(ds)).toEqual([[1, 2], [3.5, Math.fround(-0.4)]])
    expect(Array.from(ds.y)).toEqual([0, 2])
    expect(ds.classes).toBe(3)
    expect(ds.y).toBeInstanceOf(Int32Array)
  })

  it('handles CRLF, a missing final newline, trailing blank lines and a byte-order mark', () => {
    const a = parseCsv('\ufeffa,label\r\n1,0\r\n2,1', 'crlf.csv')
    const b = parseCsv('a,label\n1,0\n2,1\n\n  \r\n\n', 'blank.csv')
    for (const ds of [a, b]) {
      expect(ds.columns).toEqual(['a'])
      expect(rowsOf(ds)).toEqual([[1], [2]])
      expect(Array.from(ds.y)).toEqual([0, 1])
    }
  })

  it('handles RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes', () => {
    const text = '"x, first","say ""hi""","two\nlines",label\n"1", 2 ,"3",1\n4,5,6,0\n'
    const ds = parseCsv(text, 'quoted.csv')
    expect(ds.columns).toEqual(['x, first', 'say "hi"', 'two\nlines'])
    expect(rowsOf(ds)).toEqual([[1, 2, 3], [4, 5, 6]])
    expect(Array.from(ds.y)).toEqual([1, 0])
  })

  it('takes the label column by name, anywhere, and keeps the other columns in order', () => {
    const ds = parseCsv('target,a,b\n1,10,20\n0,30,40\n', 'named.csv', { label: 'target' })
    expect(ds.columns).toEqual(['a', 'b'])
    expect(rowsOf(ds)).toEqual([[10, 20], [30, 40]])
    expect(Array.from(ds.y)).toEqual([1, 0])
    expect(ds.classes).toBe(2)
  })

  it('multiplies every feature (never the label) by scale', () => {
    const ds = parseCsv('a,b,label\n16,8,3\n', 's.csv', { scale: 1 / 16 })
    expect(rowsOf(ds)).toEqual([[1, 0.5]])
    expect(Array.from(ds.y)).toEqual([3])
  })

  it('accepts an integer label written as 1.0', () => {
    expect(Array.from(parseCsv('a,label\n1,1.0\n', 'f.csv').y)).toEqual([1])
  })

  describe('errors', () => {
    it('unknown label column: lists the columns and suggests the closest', () => {
      expect(() => parseCsv('alpha,beta,target\n1,2,0\n', 'd.csv', { label: 'traget' })).toThrow(
        /d\.csv: label column "traget" not found; the 3 columns are "alpha", "beta", "target"\. Did you mean "target"\?/,
      )
      expect(() => parseCsv('alpha,beta,target\n1,2,0\n', 'd.csv', { label: 'zzzzzzzzzz' })).toThrow(/not found; the 3 columns are "alpha", "beta", "target"$/)
    })

    it('a ragged row names file:line, the data row, both counts and the header line', () => {
      expect(() => parseCsv('a,b,label\n1,2,0\n1,2\n', 'd.csv')).toThrow(/^d\.csv:3: data row 2 has 2 fields, 1 fewer than the header \(line 1\) has 3$/)
      expect(() => parseCsv('a,b,label\r\n1,2,0\r\n1,2,3,4,5\r\n', 'd.csv')).toThrow(/^d\.csv:3: data row 2 has 5 fields, 2 more than the header \(line 1\) has 3$/)
      expect(() => parseCsv('a,b,label\n1,2,0\n3,4,1\n5,6,1,\n', 'd.csv')).toThrow(/^d\.csv:4: data row 3 has 4 fields, 1 more than the header \(line 1\) has 3 \(a trailing comma\?\)$/)
      // a line break inside a quoted header field shifts the physical line numbers, not the row
      expect(() => parseCsv('"a\nb",label\n1,0\n1\n', 'd.csv')).toThrow(/^d\.csv:4: data row 2 has 1 fields, 1 fewer than the header \(line 1\) has 2$/)
    })

    it('a blank line in the middle of the data', () => {
      expect(() => parseCsv('a,label\n1,0\n\n2,1\n', 'd.csv')).toThrow(/^d\.csv:3: data row 2 is a blank line; remove it \(rows need the header's 2 fields\)$/)
    })

    it('every problem with the file is a DataError (an input error: the CLI exits 2)', () => {
      const bad = ['', 'a,b,label\n', 'a,label\n1,0\n1\n', 'a,label\nNaN,0\n', 'a,label\n1,1.5\n', 'a,label\n1e40,0\n', '"a,label\n']
      for (const text of bad) {
        expect(() => parseCsv(text, 'd.csv'), JSON.stringify(text)).toThrow(DataError)
        expect(() => parseCsv(text, 'd.csv')).toThrow(InputError)
      }
      expect(() => parseCsv('alpha,label\n1,0\n', 'd.csv', { label: 'x' })).toThrow(DataError)
    })

    it('a non-numeric feature names file:line and column, and what it holds without its text (a record may be personal data)', () => {
      expect(() => parseCsv('a,b,label\n1,2,0\n3,oops,1\n', 'd.csv')).toThrow(/^d\.csv:3: column "b": expected a finite number, found a field of 4 characters that is not a number$/)
      expect(() => parseCsv('a,b,label\n1,,0\n', 'd.csv')).toThrow(/d\.csv:2: column "b": expected a finite number, found an empty field/)
      expect(() => parseCsv('a,label\nNaN,0\n', 'd.csv')).toThrow(/column "a": .*found NaN$/)
      expect(() => parseCsv('a,label\nInfinity,0\n', 'd.csv')).toThrow(/column "a": .*found Infinity$/)
      expect(() => parseCsv('a,label\n0x10,0\n', 'd.csv')).toThrow(/found a field of 4 characters that is not a number$/)
      expect(() => parseCsv('a,label\n1e39,0\n', 'd.csv')).toThrow(/^d\.csv:2: column "a": the value × scale 1 does not fit in a 32-bit float$/)
    })

    it('a label that is not a non-negative integer names file:line', () => {
      expect(() => parseCsv('a,label\n1,0\n2,1.5\n', 'd.csv')).toThrow(/^d\.csv:3: label column "label": expected a class index \(an integer ≥ 0\), found 1\.5$/)
      expect(() => parseCsv('a,label\n1,-1\n', 'd.csv')).toThrow(/d\.csv:2: label column "label": .*found -1$/)
      expect(() => parseCsv('a,label\n1,cat\n', 'd.csv')).toThrow(/d\.csv:2: .*found a field of 3 characters that is not a number$/)
      expect(() => parseCsv('a,label\n1,\n', 'd.csv')).toThrow(/d\.csv:2: .*found an empty field$/)
    })

    it('quoting mistakes', () => {
      expect(() => parseCsv('a,label\n"1,0\n', 'd.csv')).toThrow(/d\.csv:2: a quoted field opened on this line is never closed/)
      expect(() => parseCsv('a,label\n"1"x,0\n', 'd.csv')).toThrow(/d\.csv:2: field 1: unexpected "x" after the closing quote/)
      expect(() => parseCsv('a,label\n1"2,0\n', 'd.csv')).toThrow(/d\.csv:2: field 1: a quote \(\"\) may only open a field/)
    })

    it('header problems and empty input', () => {
      expect(() => parseCsv('', 'd.csv')).toThrow(/d\.csv: is empty; expected a header row/)
      expect(() => parseCsv('a,b,label\n', 'd.csv')).toThrow(/d\.csv: has a header row but no data rows/)
      expect(() => parseCsv('a,a,label\n1,2,0\n', 'd.csv')).toThrow(/d\.csv:1: column name "a" appears twice \(columns 1 and 2\)/)
      expect(() => parseCsv(',a,label\n0,1,0\n', 'd.csv')).toThrow(/d\.csv:1: column 1 has an empty name/)
      expect(() => parseCsv('label\n0\n', 'd.csv')).toThrow(/d\.csv:1: the header has 1 column/)
    })

    it('bad options', () => {
      expect(() => parseCsv('a,label\n1,0\n', 'd.csv', { scale: 0 })).toThrow(/options\.scale: expected a positive finite number, found 0/)
      expect(() => parseCsv('a,label\n1,0\n', 'd.csv', { scale: Number.NaN })).toThrow(/options\.scale: .*found NaN/)
      expect(() => parseCsv('a,label\n1,0\n', 'd.csv', { label: '' })).toThrow(/options\.label: expected a non-empty column name/)
    })
  })
})

describe('loadCsv', () => {
  it('loads fixtures/data/digits.csv (1797 × 64, 10 classes)', async () => {
    const ds = await loadCsv('fixtures/data/digits.csv', { scale: 1 / 16 })
    expect(ds.rows).toBe(1797)
    expect(ds.features).toBe(64)
    expect(ds.columns[0]).toBe('pixel_0')
    expect(ds.columns).toHaveLength(64)
    expect(ds.classes).toBe(10)
    expect(ds.source).toBe('fixtures/data/digits.csv')
    expect(ds.x.reduce((m, v) => Math.max(m, v), -Infinity)).toBe(1)
    expect(ds.x.reduce((m, v) => Math.min(m, v), Infinity)).toBe(0)
    expect(Array.from(ds.y.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('loads fixtures/data/breast_cancer.csv (569 × 30, 2 classes)', async () => {
    const ds = await loadCsv('fixtures/data/breast_cancer.csv')
    expect(ds.rows).toBe(569)
    expect(ds.features).toBe(30)
    expect(ds.classes).toBe(2)
    expect(ds.columns[0]).toBe('mean_radius')
    expect(ds.x[0]).toBe(Math.fround(17.99))
    expect(ds.y[0]).toBe(0)
  })

  it('names a missing file', async () => {
    // A relative path says where it was resolved from; an absolute one needs no more.
    await expect(loadCsv('fixtures/data/nope.csv')).rejects.toThrow(new DataError(`loadCsv: fixtures/data/nope.csv: file not found (resolved from ${process.cwd()})`))
    await expect(loadCsv('/nonexistent/nope.csv')).rejects.toThrow(new DataError('loadCsv: /nonexistent/nope.csv: file not found'))
  })

  it('names a directory', async () => {
    await expect(loadCsv('fixtures/data')).rejects.toThrow(new DataError('loadCsv: fixtures/data: is a directory; expected a data file'))
  })
})

describe('helpers', () => {
  it('parseNumber accepts decimals only', () => {
    expect(parseNumber(' 1.5 ')).toBe(1.5)
    expect(parseNumber('-.5e2')).toBe(-50)
    expect(parseNumber('7.')).toBe(7)
    for (const s of ['', ' ', 'NaN', 'Infinity', '0x1', '1,5', '1 2', '+', '.']) expect(parseNumber(s)).toBeUndefined()
  })

  it('parseNonFinite reads the words for NaN and the infinities, and nothing else', () => {
    expect([' nan ', '-NaN', 'inf', '+Infinity', '-inf', '-INFINITY'].map(parseNonFinite)).toEqual([NaN, NaN, Infinity, Infinity, -Infinity, -Infinity])
    for (const s of ['', '1', 'in', 'nana', 'infinit', '--inf']) expect(parseNonFinite(s)).toBeUndefined()
  })

  it('closestName finds a plausible typo, case-insensitively', () => {
    expect(closestName('Lable', ['a', 'label'])).toBe('label')
    expect(closestName('target', ['pixel_0', 'pixel_1'])).toBeUndefined()
  })
})
