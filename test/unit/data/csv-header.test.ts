import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRecordEnd, readCsvHeader } from '../../../src/data/csv-header.js'
import { DataError } from '../../../src/data/data-error.js'
import { parseCsv } from '../../../src/data/csv.js'

describe('readCsvHeader', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'vpg-header-')) })
  afterAll(() => rm(dir, { recursive: true, force: true }))
  const file = async (name: string, text: string) => {
    const path = join(dir, name)
    await writeFile(path, text)
    return path
  }

  it('reads the names as the CSV loader does: trimmed, quoted names with commas, quotes and line breaks', async () => {
    const text = '\ufeff a ,"b, c","say ""hi""","two\nlines",label\r\n1,2,3,4,0\n'
    expect(await readCsvHeader(await file('q.csv', text))).toEqual(['a', 'b, c', 'say "hi"', 'two\nlines', 'label'])
    expect(parseCsv(text, 'q.csv').columns).toEqual(['a', 'b, c', 'say "hi"', 'two\nlines'])
  })

  it('stops at the header row: a broken data row further down is not its concern', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 3}`).join('\n')
    expect(await readCsvHeader(await file('big.csv', `x,label\n${rows}\n"unclosed,1\n`))).toEqual(['x', 'label'])
  })

  it('a file without a line break is all header; an empty file has no columns; a missing file is named', async () => {
    expect(await readCsvHeader(await file('one.csv', 'x,label'))).toEqual(['x', 'label'])
    expect(await readCsvHeader(await file('empty.csv', ''))).toEqual([])
    await expect(readCsvHeader(join(dir, 'nope.csv'))).rejects.toThrow(new DataError(`${join(dir, 'nope.csv')}: file not found`))
  })
})

describe('firstRecordEnd', () => {
  it('ends the first record past its line break (LF, CRLF or a lone CR) outside quotes', () => {
    expect(firstRecordEnd('a,b\n1,2\n')).toBe(4)
    expect(firstRecordEnd('a,b\r\n1,2\r\n')).toBe(5)
    expect(firstRecordEnd('a,b\r1,2\r')).toBe(4)
    expect(firstRecordEnd('"x\r\ny","say ""hi""",label\n1,2,0')).toBe(26)
    expect(firstRecordEnd('\n1,2')).toBe(1)
  })

  it('is -1 while no record has ended: no line break, or one inside an open quote', () => {
    expect(firstRecordEnd('a,b')).toBe(-1)
    expect(firstRecordEnd('"a\nb')).toBe(-1)
    expect(firstRecordEnd('')).toBe(-1)
  })
})
