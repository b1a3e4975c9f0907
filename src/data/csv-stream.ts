import { createReadStream } from 'node:fs'
import { firstRecordEnd } from './csv-header.js'
import { checkLoadOptions, csvHeader, csvRowsInto, splitCsv, type CsvHeader, type CsvRecord, type LoadOptions } from './csv.js'
import { DataError, unreadableFile } from './data-error.js'
import { DEFAULT_CHUNK_ROWS, type DatasetChunk, type DatasetStream } from './dataset-stream.js'

/** Characters of CSV text split at once; a piece holds whole records, so a chunk's parse never waits for more. */
const PIECE_CHARS = 1 << 18

/**
 * A {@link DatasetStream} over a CSV data file (the format of `loadCsv`: a header row, numeric
 * feature columns, a label column). Opening it reads the file once to count its records (the
 * audit's progress and ETA, and the records' fingerprint, need the count before the first row);
 * each `chunks()` call then reads it again, parsing one piece of about 256k characters at a
 * time, so memory holds one piece and one chunk, never the file. Every row is parsed and checked
 * exactly as `loadCsv` does (the same code), and errors name the file and line.
 *
 * Records are cut at line feeds outside quotes; a file whose lines end in a lone carriage return
 * (classic Mac) has none, and is parsed as one piece.
 *
 * @example
 * const members = await streamCsv('members.csv', { scale: 1 / 16 })
 * members.rows // counted on open
 */
export async function streamCsv(path: string, options: LoadOptions = {}): Promise<DatasetStream> {
  const scale = checkLoadOptions(options, 'streamDataset')
  let count = 0
  let header: CsvHeader | undefined
  for await (const piece of csvPieces(path)) {
    let text = piece.text
    if (header === undefined) {
      // Only the header record is parsed now; the rows are counted, not parsed.
      const end = firstRecordEnd(text)
      const records = splitCsv(end < 0 ? text : text.slice(0, end), path, { firstLine: piece.firstLine, final: piece.final })
      if (records.length === 0) continue
      header = csvHeader(records[0], path, options)
      // No line break: the whole text (the header alone) was split already.
      if (end < 0) { count += records.length - 1; continue }
      text = text.slice(end)
    }
    count += countRecords(text)
  }
  if (header === undefined) throw new DataError(`${path}: is empty; expected a header row followed by data rows`)
  if (count === 0) throw new DataError(`${path}: has a header row but no data rows`)
  const h = header
  return {
    stream: true,
    rows: count,
    features: h.features,
    source: path,
    chunks(rowsPerChunk = DEFAULT_CHUNK_ROWS) {
      return csvChunks(path, h, scale, rowsPerChunk, options)
    },
  }
}

async function* csvChunks(path: string, header: CsvHeader, scale: number, rowsPerChunk: number, options: LoadOptions): AsyncGenerator<DatasetChunk> {
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1) throw new RangeError(`chunks: rowsPerChunk: expected a positive integer, found ${rowsPerChunk}`)
  let pending: CsvRecord[] = []
  let start = 0
  let first = true
  const take = (n: number): DatasetChunk => {
    const x = new Float32Array(n * header.features)
    const y = new Int32Array(n)
    csvRowsInto(pending, 0, header, scale, path, x, y, start)
    const chunk = { start, x: { data: x, rows: n, cols: header.features }, y }
    start += n
    return chunk
  }
  for await (const piece of csvPieces(path)) {
    let records = splitCsv(piece.text, path, { firstLine: piece.firstLine, final: piece.final })
    if (first && records.length > 0) {
      // The header was checked on open; checking it again catches a file replaced since.
      csvHeader(records[0], path, options)
      records = records.slice(1)
      first = false
    }
    pending = pending.length === 0 ? records : pending.concat(records)
    while (pending.length >= rowsPerChunk) {
      const rest = pending.slice(rowsPerChunk)
      pending.length = rowsPerChunk
      yield take(rowsPerChunk)
      pending = rest
    }
  }
  if (pending.length > 0) yield take(pending.length)
}

/** A piece of a CSV file: whole records, the file line its text starts on, and whether it is the last. */
interface CsvPiece {
  text: string
  firstLine: number
  final: boolean
}

/**
 * The file's text in pieces of about {@link PIECE_CHARS} characters, each cut after a line feed
 * outside quotes (even quote parity from the piece's start) and before any trailing blank lines, so
 * that every piece parses alone exactly as it would inside the whole text.
 */
async function* csvPieces(path: string): AsyncGenerator<CsvPiece> {
  const decoder = new TextDecoder('utf-8')
  let text = ''
  let line = 1
  const stream = createReadStream(path, { highWaterMark: 1 << 20 })
  try {
    for await (const buf of stream) {
      text += decoder.decode(buf as Buffer, { stream: true })
      while (text.length >= 2 * PIECE_CHARS) {
        const cut = cutPoint(text)
        if (cut <= 0) break
        const piece = text.slice(0, cut)
        yield { text: piece, firstLine: line, final: false }
        line += lineBreaks(piece)
        text = text.slice(cut)
      }
    }
  } catch (e) {
    if (e instanceof DataError) throw e
    throw unreadableFile(path, e as NodeJS.ErrnoException, { where: 'streamDataset' })
  } finally {
    stream.destroy()
  }
  text += decoder.decode()
  yield { text, firstLine: line, final: true }
}

/**
 * Where to cut `text`: after the last line feed outside quotes within its first {@link PIECE_CHARS}
 * characters (or the first one past them, for a longer record), and before any blank lines that
 * precede it (they stay with the next piece, so a blank last line of the file is not mistaken for
 * a blank line inside it). 0 when there is none.
 */
function cutPoint(text: string): number {
  let last = -1
  if (text.indexOf('"') === -1) {
    last = text.lastIndexOf('\n', PIECE_CHARS)
    if (last < 0) last = text.indexOf('\n')
  } else {
    let even = true
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 0x22) even = !even
      else if (c === 0x0a && even) {
        last = i
        if (i >= PIECE_CHARS) break
      }
    }
  }
  if (last < 0) return 0
  // Back over blank lines (only spaces, tabs and line breaks after the last record's end).
  let j = last
  while (j >= 0) {
    const c = text.charCodeAt(j)
    if (c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09) j--
    else break
  }
  if (j < 0) return 0
  const end = text.indexOf('\n', j)
  return end < 0 ? 0 : end + 1
}

/** File lines `text` spans past its first: line feeds, and carriage returns not followed by one. */
function lineBreaks(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 0x0a) n++
  return n
}

/** Records in a piece that starts at a record boundary: lines with content, counted outside quotes. */
function countRecords(text: string): number {
  let count = 0
  let content = false
  let inQuotes = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) { inQuotes = !inQuotes; content = true; continue }
    if (inQuotes) continue
    if (c === 0x0a || c === 0x0d) {
      if (content) count++
      content = false
    } else if (c !== 0x20 && c !== 0x09) {
      content = true
    }
  }
  return content ? count + 1 : count
}
