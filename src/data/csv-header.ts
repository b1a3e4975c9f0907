import { open } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import { splitCsv } from './csv.js'

/**
 * The column names of a CSV file's header row, trimmed, as `loadCsv` reads them — reading the file
 * only up to the end of that row (data files can be large; the header is all a check needs). An
 * empty file has no columns.
 *
 * @example
 * await readCsvHeader('fixtures/data/digits.csv') // ['pixel_0', …, 'pixel_63', 'label']
 */
export async function readCsvHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r')
  try {
    const decoder = new StringDecoder('utf8')
    const chunk = Buffer.alloc(64 * 1024)
    let text = ''
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      text += bytesRead === 0 ? decoder.end() : decoder.write(chunk.subarray(0, bytesRead))
      const end = headerEnd(text)
      if (end >= 0 || bytesRead === 0) {
        const records = splitCsv(end >= 0 ? text.slice(0, end) : text, path)
        return records.length === 0 ? [] : records[0].fields.map((f) => f.trim())
      }
    }
  } finally {
    await handle.close()
  }
}

/**
 * Offset of the line break that ends the first record, or -1 when the text read so far does not
 * hold one. A line break ends a record exactly when the quotes before it are balanced (RFC 4180
 * writes a quote inside a quoted field as two), so a quoted name spanning lines is kept whole.
 */
function headerEnd(text: string): number {
  let quotes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) quotes++
    else if ((c === 0x0a || c === 0x0d) && quotes % 2 === 0) return i
  }
  return -1
}
