import { open } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import { splitCsv } from './csv.js'
import { unreadableFile } from './data-error.js'

/**
 * The column names of a CSV file's header row, trimmed, as `loadCsv` reads them — reading the file
 * only up to the end of that row (data files can be large; the header is all a check needs). An
 * empty file has no columns; a file that cannot be opened is refused with `unreadableFile`'s message.
 *
 * @example
 * await readCsvHeader('fixtures/data/digits.csv') // ['pixel_0', …, 'pixel_63', 'label']
 */
export async function readCsvHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw unreadableFile(path, e)
  })
  try {
    const decoder = new StringDecoder('utf8')
    const chunk = Buffer.alloc(64 * 1024)
    let text = ''
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      text += bytesRead === 0 ? decoder.end() : decoder.write(chunk.subarray(0, bytesRead))
      const end = firstRecordEnd(text)
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
 * Offset just past the line break that ends the first record of `text` (a CRLF counts whole), or
 * -1 when the text holds no line break outside quotes. A line break ends a record exactly when the
 * quotes before it are balanced (RFC 4180 writes a quote inside a quoted field as two), so a quoted
 * field spanning lines is kept whole. The one scan for the header record, whether read from the
 * head of a file (here) or from the first piece of a streamed one (`csv-stream.ts`).
 *
 * @example
 * firstRecordEnd('"a\nb",label\r\n1,0\n') // 13: past the CRLF, not at the quoted line feed
 */
export function firstRecordEnd(text: string): number {
  let even = true
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) even = !even
    else if (even && c === 0x0a) return i + 1
    else if (even && c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1
  }
  return -1
}
