import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../../src/data/csv.js'
import { DataError } from '../../../src/data/data-error.js'
import type { DatasetStream } from '../../../src/data/dataset-stream.js'
import { readWhole } from '../../../src/data/dataset-stream.js'
import { streamDataset } from '../../../src/data/load.js'
import { createRng } from '../../../src/data/rng.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'vpg-csv-stream-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

/**
 * A CSV of `rows` records with 20 features, large enough (≈ 1.3 MB at 6000 rows) to be read in
 * several pieces of about 256k characters; every 1000th label is quoted (so pieces are cut by the quote-aware
 * scan), CRLF line ends, and two blank lines at the end.
 */
function bigCsv(rows: number, seed = 1): string {
  const rng = createRng(seed)
  const lines = [[...Array.from({ length: 20 }, (_, c) => `f${c}`), 'label'].join(',')]
  for (let r = 0; r < rows; r++) {
    const label = rng.int(10)
    lines.push([...Array.from({ length: 20 }, () => (rng.next() * 100).toFixed(3)), r % 1000 === 0 ? `"${label}"` : String(label)].join(','))
  }
  return lines.join('\r\n') + '\r\n\r\n\r\n'
}

async function collect(s: DatasetStream, rowsPerChunk?: number): Promise<{ starts: number[]; sizes: number[] }> {
  const starts: number[] = [], sizes: number[] = []
  for await (const c of s.chunks(rowsPerChunk)) { starts.push(c.start); sizes.push(c.x.rows) }
  return { starts, sizes }
}

describe('streamDataset on CSV', () => {
  it('reads a multi-piece file chunk by chunk exactly as loadCsv reads it whole', async () => {
    const path = join(dir, 'big.csv')
    await writeFile(path, bigCsv(6000))
    const whole = await loadCsv(path, { scale: 0.5 })
    const s = await streamDataset(path, { scale: 0.5 })
    expect([s.rows, s.features, s.source]).toEqual([6000, 20, path])
    const chunks = await collect(s, 2500)
    expect(chunks).toEqual({ starts: [0, 2500, 5000], sizes: [2500, 2500, 1000] })
    const read = await readWhole(s)
    // Bytes, not a deep equality of 100k elements (slow in expect): identical float32 values and labels.
    expect(Buffer.from(read.x.data.buffer).equals(Buffer.from(whole.x.buffer, whole.x.byteOffset, whole.x.byteLength))).toBe(true)
    expect(Array.from(read.y)).toEqual(Array.from(whole.y))
  })

  it('a malformed row in the middle of the stream names the file and its line', async () => {
    const path = join(dir, 'bad.csv')
    const lines = bigCsv(5000).split('\r\n')
    lines[4001] = lines[4001].replace(/^[^,]+/, 'oops') // data row 4001, file line 4002
    await writeFile(path, lines.join('\r\n'))
    const s = await streamDataset(path)
    const seen: number[] = []
    const err = await (async () => { for await (const c of s.chunks(1024)) seen.push(c.start) })().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DataError)
    expect((err as Error).message).toBe(`${path}:4002: column "f0": expected a finite number, found a field of 4 characters that is not a number`)
    // Chunks before the bad row were delivered: the error comes when its chunk is read.
    expect(seen).toEqual([0, 1024, 2048])
    await expect(loadCsv(path)).rejects.toThrow(`${path}:4002: column "f0": expected a finite number, found a field of 4 characters that is not a number`)
  })

  it('a ragged row and a blank line inside the file are refused as loadCsv refuses them', async () => {
    const path = join(dir, 'ragged.csv')
    await writeFile(path, 'a,b,label\n1,2,0\n3,4\n5,6,1\n')
    const s = await streamDataset(path)
    await expect(readWhole(s)).rejects.toThrow(`${path}:3: data row 2 has 2 fields, 1 fewer than the header (line 1) has 3`)
    const blank = join(dir, 'blank.csv')
    await writeFile(blank, 'a,b,label\n1,2,0\n\n5,6,1\n')
    await expect(readWhole(await streamDataset(blank))).rejects.toThrow(`${blank}:3: data row 2 is a blank line`)
  })

  it('finds the header record as loadCsv does: lone carriage returns, a quoted name over two lines', async () => {
    for (const [name, text] of [['mac.csv', 'a,b,label\r1,2,0\r3,4,1\r'], ['quoted.csv', '"a\nb",c,label\n1,2,0\n3,4,1']]) {
      const path = join(dir, name)
      await writeFile(path, text)
      const [s, whole] = await Promise.all([streamDataset(path), loadCsv(path)])
      expect([s.rows, s.features]).toEqual([whole.rows, whole.features])
      const read = await readWhole(s)
      expect([Array.from(read.x.data), Array.from(read.y)]).toEqual([Array.from(whole.x), Array.from(whole.y)])
    }
  })

  it('refuses an empty file, a header without rows and a missing file on open', async () => {
    const empty = join(dir, 'empty.csv')
    await writeFile(empty, '')
    await expect(streamDataset(empty)).rejects.toThrow(`${empty}: is empty`)
    const headerOnly = join(dir, 'header.csv')
    await writeFile(headerOnly, 'a,label\n\n')
    await expect(streamDataset(headerOnly)).rejects.toThrow(`${headerOnly}: has a header row but no data rows`)
    await expect(streamDataset(join(dir, 'nope.csv'))).rejects.toThrow(new DataError(`streamDataset: ${join(dir, 'nope.csv')}: file not found`))
    await mkdir(join(dir, 'sub.csv'))
    await expect(streamDataset(join(dir, 'sub.csv'))).rejects.toThrow(`streamDataset: ${join(dir, 'sub.csv')}: is a directory; expected a data file`)
    await expect(streamDataset(join(dir, 'x.json'))).rejects.toThrow(/streams CSV files and \.npy pairs/)
  })
})
