import { describe, expect, it } from 'vitest'
import { toCsv } from '../../../src/report/csv.js'

const one = (cell: string | number | boolean) => toCsv([{ v: cell }], ['v']).split('\n').slice(1).join('\n')

describe('toCsv', () => {
  // Each special character alone, so that dropping any one of them from the quoting rule fails a test.
  it.each([
    ['a comma', ',', '","'],
    ['a double quote', '"', '""""'],
    ['a line feed', '\n', '"\n"'],
    ['a carriage return', '\r', '"\r"'],
  ])('quotes a cell that is only %s', (_, cell, want) => {
    expect(toCsv([{ v: cell }], ['v'])).toBe(`v\n${want}\n`)
  })

  it('quotes a cell holding one inside text, doubling quotes', () => {
    expect(one('a,b')).toBe('"a,b"\n')
    expect(one('say "hi"')).toBe('"say ""hi"""\n')
    expect(one('line\r\nnext')).toBe('"line\r\nnext"\n')
  })

  it('leaves other cells bare, numbers in full precision, and quotes header names too', () => {
    expect(toCsv([{ 'a,b': 0.1 + 0.2, c: true, d: 'plain text; ok' }], ['a,b', 'c', 'd', 'missing'])).toBe(
      '"a,b",c,d,missing\n0.30000000000000004,true,plain text; ok,\n',
    )
  })
})
