import { readFile } from 'node:fs/promises'
import { DataError, unreadableFile } from './data-error.js'
import type { Dataset } from './dataset.js'
import { uniqueIds } from './record-ids.js'

/**
 * A labelled data set read from a file: a {@link Dataset} (flat row-major features, so it can be
 * handed straight to the matchers and `audit*` functions) plus where it came from.
 *
 * @example
 * const digits = await loadCsv('fixtures/data/digits.csv', { scale: 1 / 16 })
 * digits.rows        // 1797
 * digits.features    // 64
 * digits.columns     // ['pixel_0', …, 'pixel_63']
 * digits.classes     // 10
 */
export interface LoadedDataset extends Dataset {
  readonly x: Float32Array
  readonly y: Int32Array
  /** Number of feature columns. */
  readonly features: number
  /** Number of records. */
  readonly rows: number
  /** Names of the feature columns, in the order of `x`'s columns (the label column excluded). */
  readonly columns: string[]
  /** The path (or other name) the records were read from. */
  readonly source: string
  /** The id column's values, one per row (with option `id`): names records in reports, never a feature. */
  readonly ids?: readonly string[]
  /** Number of classes: the largest label + 1. */
  readonly classes: number
}

/** Options shared by {@link loadCsv}, `loadJson` and `loadDataset`. */
export interface LoadOptions {
  /**
   * Name of the label column (CSV) or key (JSON row objects).
   * Default: the last column of a CSV file; the key `label` in JSON row objects.
   */
  label?: string
  /**
   * Name of an id column (CSV) or key (JSON row objects): kept as `ids` (strings), not a feature.
   * Each value must be non-empty and unique. Default: none.
   */
  id?: string
  /** With `id`: a file without that column is read without ids instead of refused (the data files besides the members). */
  idOptional?: boolean
  /** Multiplies every feature value (e.g. `1 / 16` for the 0..16 pixels of digits). Default 1. */
  scale?: number
}

/**
 * Reads a CSV file with a header row into a {@link LoadedDataset}.
 * Every column except the label column is a numeric feature; the label column holds class indices
 * (integers ≥ 0). Throws naming the file and line for a missing file, an unknown label column,
 * a row with the wrong number of fields, a non-numeric value or a bad label.
 *
 * @example
 * const ds = await loadCsv('fixtures/data/breast_cancer.csv')
 * const ds2 = await loadCsv('data.csv', { label: 'target', scale: 0.5 })
 */
export async function loadCsv(path: string, options: LoadOptions = {}): Promise<LoadedDataset> {
  const text = await readDataFile(path, 'loadCsv')
  return parseCsv(text, path, options)
}

/**
 * Parses CSV text (the pure half of {@link loadCsv}). `source` names the text in error messages
 * (`source:line`). Accepts LF or CRLF line ends, a UTF-8 byte-order mark, trailing blank lines and
 * RFC 4180 quoting (`"a,b"`, `"say ""hi"""`, line breaks inside quotes).
 *
 * @example
 * const ds = parseCsv('a,b,label\n1,2,0\n3,4,1\n', 'inline.csv')
 */
export function parseCsv(text: string, source: string, options: LoadOptions = {}): LoadedDataset {
  if (typeof text !== 'string') throw new TypeError(`parseCsv: text of ${source}: expected a string, found ${typeof text}`)
  const scale = checkLoadOptions(options, 'parseCsv')
  const records = splitCsv(text, source)
  if (records.length === 0) throw new DataError(`${source}: is empty; expected a header row followed by data rows`)

  const header = csvHeader(records[0], source, options)
  const rows = records.length - 1
  if (rows === 0) throw new DataError(`${source}: has a header row but no data rows`)
  const x = new Float32Array(rows * header.features)
  const y = new Int32Array(rows)
  const ids: CsvIds | undefined = header.idIndex < 0 ? undefined : {
    list: [],
    unique: uniqueIds({ at: (line) => `${source}:${line}: id column ${JSON.stringify(header.names[header.idIndex])}`, first: (line) => `line ${line}` }, DataError),
  }
  const maxLabel = csvRowsInto(records, 1, header, scale, source, x, y, 0, ids)
  const { names, labelIndex, idIndex, features } = header
  return {
    x,
    rows,
    features,
    y,
    columns: names.filter((_, i) => i !== labelIndex && i !== idIndex),
    source,
    classes: maxLabel + 1,
    ...(ids ? { ids: ids.list } : {}),
  }
}

/** The ids read so far (in row order), and the check that refuses a repeat (fed file lines). */
export interface CsvIds {
  list: string[]
  unique: (id: string, line: number) => void
}

/** The header of a CSV data file: column names, the label column, the field count per row. */
export interface CsvHeader {
  readonly names: string[]
  readonly labelIndex: number
  /** The id column (option `id`), never a feature; −1 when there is none. */
  readonly idIndex: number
  readonly width: number
  readonly features: number
  /** The header's file line, for messages about ragged rows. */
  readonly line: number
}

/** Checks the header record of a CSV data file (names present and distinct, the label and id columns found). */
export function csvHeader(header: CsvRecord, source: string, options: LoadOptions): CsvHeader {
  const names = header.fields.map((f) => f.trim())
  if (names.length < 2) {
    throw new DataError(
      `${source}:${header.line}: the header has ${names.length} column (${JSON.stringify(names[0])}); ` +
        `expected at least one feature column and a label column separated by commas`,
    )
  }
  const seen = new Map<string, number>()
  names.forEach((n, i) => {
    if (n === '') {
      throw new DataError(
        `${source}:${header.line}: column ${i + 1} has an empty name; every column needs a name in the header row ` +
          `(an unnamed index column written by pandas? save with index=False)`,
      )
    }
    const prev = seen.get(n)
    if (prev !== undefined) {
      throw new DataError(`${source}:${header.line}: column name ${JSON.stringify(n)} appears twice (columns ${prev + 1} and ${i + 1})`)
    }
    seen.set(n, i)
  })
  let labelIndex = names.length - 1
  if (options.label !== undefined) {
    const found = seen.get(options.label)
    if (found === undefined) throw unknownColumn(source, 'label column', options.label, names)
    labelIndex = found
  }
  const idFound = options.id === undefined ? undefined : seen.get(options.id)
  if (options.id !== undefined && idFound === undefined && !options.idOptional) throw unknownColumn(source, 'id column', options.id, names)
  if (idFound === labelIndex) throw new DataError(`${source}:${header.line}: column ${JSON.stringify(options.id)} is both the label and the id column`)
  const idIndex = idFound ?? -1
  const features = names.length - 1 - (idIndex >= 0 ? 1 : 0)
  if (features === 0) throw new DataError(`${source}:${header.line}: has only the label and id columns; expected at least one feature column`)
  return { names, labelIndex, idIndex, width: names.length, features, line: header.line }
}

/**
 * Converts the data records `records[from…]` into `x` (features × `scale`, float32) and `y` (labels)
 * from their first row on, checking every field; returns the largest label. `firstRow`: the data
 * row (0-based, in the whole file) of `records[from]`, for messages; `ids` collects the id column's
 * values when the header has one (skipped otherwise). Shared by
 * {@link parseCsv} and the streamed reader, so a chunk is read exactly as the whole file would be.
 */
export function csvRowsInto(
  records: readonly CsvRecord[], from: number, header: CsvHeader, scale: number, source: string, x: Float32Array, y: Int32Array,
  firstRow = 0, ids?: CsvIds,
): number {
  const { names, labelIndex, idIndex, width, features } = header
  let maxLabel = 0
  for (let r = 0; r < records.length - from; r++) {
    const { fields, line } = records[r + from]
    if (fields.length !== width) {
      throw new DataError(`${source}:${line}: data row ${firstRow + r + 1} ${raggedRow(fields, width, header.line)}`)
    }
    let o = r * features
    for (let c = 0; c < width; c++) {
      const raw = fields[c]
      if (c === labelIndex) {
        const v = parseNumber(raw)
        if (v === undefined || !Number.isInteger(v) || v < 0 || v > 2147483647) {
          throw new DataError(
            `${source}:${line}: label column ${JSON.stringify(names[c])}: expected a class index (an integer ≥ 0), ` +
              `found ${v === undefined ? fieldKind(raw) : v}`,
          )
        }
        y[r] = v
        if (v > maxLabel) maxLabel = v
        continue
      }
      if (c === idIndex) {
        if (ids === undefined) continue
        // Ids may identify people: messages give lines, never the value.
        const id = raw.trim()
        if (id === '') throw new DataError(`${source}:${line}: id column ${JSON.stringify(names[c])}: is empty; every record needs an id`)
        ids.unique(id, line)
        ids.list.push(id)
        continue
      }
      const v = parseNumber(raw)
      if (v === undefined || !Number.isFinite(v)) {
        throw new DataError(
          `${source}:${line}: column ${JSON.stringify(names[c])}: expected a finite number, found ${fieldKind(raw)}`,
        )
      }
      const scaled = Math.fround(v * scale)
      if (!Number.isFinite(scaled)) {
        throw new DataError(
          `${source}:${line}: column ${JSON.stringify(names[c])}: the value × scale ${scale} does not fit in a 32-bit float`,
        )
      }
      x[o++] = scaled
    }
  }
  return maxLabel
}

/** What is wrong with a row whose field count differs from the header's `width`, for messages. */
function raggedRow(fields: readonly string[], width: number, headerLine: number): string {
  if (fields.length === 1 && fields[0].trim() === '') return `is a blank line; remove it (rows need the header's ${width} fields)`
  const header = `the header (line ${headerLine}) has ${width}`
  if (fields.length > width) {
    // A trailing comma is the usual cause of one field too many: name it rather than only count.
    const trailing = fields.length === width + 1 && fields[width].trim() === '' ? ' (a trailing comma?)' : ''
    return `has ${fields.length} fields, ${fields.length - width} more than ${header}${trailing}`
  }
  return `has ${fields.length} fields, ${width - fields.length} fewer than ${header}`
}

/** One CSV record and the (1-based) file line it starts on. */
export interface CsvRecord {
  fields: string[]
  line: number
}

/**
 * Splits CSV text into records (RFC 4180 quoting), dropping blank lines at the end. A piece of a
 * longer file (cut at a record boundary) passes `firstLine`, the file line it starts on, and
 * `final: false` to keep its trailing blank lines (a blank line before more data is an error).
 */
export function splitCsv(text: string, source: string, piece: { firstLine?: number; final?: boolean } = {}): CsvRecord[] {
  // Most data files quote nothing: then a record is a line and a field what lies between commas,
  // and the native splits are many times faster than the character loop below (same records).
  if (text.indexOf('"') === -1) return splitUnquoted(text, piece)
  const records: CsvRecord[] = []
  const firstLine = piece.firstLine ?? 1
  let i = firstLine === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0
  const n = text.length
  let line = firstLine
  let fields: string[] = []
  let recordLine = firstLine
  let field = ''
  let inQuotes = false
  let quoteLine = 0
  let quotedField = false
  const endRecord = (): void => {
    fields.push(field)
    records.push({ fields, line: recordLine })
    fields = []
    field = ''
    quotedField = false
  }
  while (i < n) {
    const ch = text[i]
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue }
        inQuotes = false
        i++
        continue
      }
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++
      field += ch
      i++
      continue
    }
    if (ch === ',') {
      fields.push(field)
      field = ''
      quotedField = false
      i++
      continue
    }
    if (ch === '\n' || ch === '\r') {
      endRecord()
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
      continue
    }
    if (ch === '"') {
      if (!quotedField && field.trim() === '') {
        inQuotes = true
        quotedField = true
        quoteLine = line
        field = ''
        i++
        continue
      }
      throw new DataError(
        `${source}:${line}: field ${fields.length + 1}: a quote (") may only open a field; ` +
          'write a quote inside a quoted field as ""',
      )
    }
    if (quotedField && ch !== ' ' && ch !== '\t') {
      throw new DataError(
        `${source}:${line}: field ${fields.length + 1}: unexpected ${JSON.stringify(ch)} after the closing quote; ` +
          `expected a comma or the end of the line`,
      )
    }
    if (!quotedField) field += ch
    i++
  }
  if (inQuotes) {
    throw new DataError(`${source}:${quoteLine}: a quoted field opened on this line is never closed (missing ")`)
  }
  if (fields.length > 0 || field !== '' || quotedField) endRecord()
  while (piece.final !== false && records.length > 0) {
    const last = records[records.length - 1]
    if (last.fields.length === 1 && last.fields[0].trim() === '') records.pop()
    else break
  }
  return records
}

/** {@link splitCsv} of text without a quote character. */
function splitUnquoted(text: string, piece: { firstLine?: number; final?: boolean }): CsvRecord[] {
  const firstLine = piece.firstLine ?? 1
  const body = firstLine === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const lines = body.split(/\r\n|\n|\r/)
  // The piece after the last line break: empty when the text ends with one (or is empty).
  if (lines[lines.length - 1] === '') lines.pop()
  const records: CsvRecord[] = new Array(lines.length)
  for (let i = 0; i < lines.length; i++) records[i] = { fields: lines[i].split(','), line: firstLine + i }
  while (piece.final !== false && records.length > 0) {
    const last = records[records.length - 1]
    if (last.fields.length === 1 && last.fields[0].trim() === '') records.pop()
    else break
  }
  return records
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const NON_FINITE = /^([+-]?)(nan|inf(?:inity)?)$/i

/**
 * Parses a decimal number written as text (surrounding spaces allowed). Returns `undefined` for
 * anything else — empty fields, `NaN`, `Infinity`, hex, `1,5` — instead of coercing it. The one
 * number parser of the text readers (data files here, array files in `targets/predictions/`).
 */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim()
  if (!NUMBER.test(s)) return undefined
  return Number(s)
}

/**
 * NaN or ±Infinity from the words NumPy, C and JavaScript write for them (`nan`, `-inf`,
 * `Infinity`; any case, signed; surrounding spaces allowed), else `undefined`. {@link parseNumber}
 * refuses these words; a reader that takes non-finite values (to refuse them by record later) or
 * that names them in a message asks this.
 */
export function parseNonFinite(raw: string): number | undefined {
  const m = NON_FINITE.exec(raw.trim())
  if (m === null) return undefined
  return m[2].toLowerCase() === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity
}

/**
 * Validates the options of a loader and returns the scale factor (1 when absent).
 * `where` names the calling function in the message.
 */
export function checkLoadOptions(options: LoadOptions, where: string): number {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${where}: options: expected an object { label?, scale? }, found ${options === null ? 'null' : typeof options}`)
  }
  if (options.label !== undefined && (typeof options.label !== 'string' || options.label === '')) {
    throw new TypeError(`${where}: options.label: expected a non-empty column name, found ${JSON.stringify(options.label)}`)
  }
  if (options.id !== undefined && (typeof options.id !== 'string' || options.id === '')) {
    throw new TypeError(`${where}: options.id: expected a non-empty column name, found ${JSON.stringify(options.id)}`)
  }
  const scale = options.scale ?? 1
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`${where}: options.scale: expected a positive finite number, found ${String(options.scale)}`)
  }
  return scale
}

/**
 * Reads a UTF-8 text file for a loader; a file that cannot be opened (missing, a directory) is
 * refused with {@link unreadableFile}'s message, after `where` (the loader's name).
 */
export async function readDataFile(path: string, where: string): Promise<string> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`${where}: path: expected a file path, found ${path === '' ? 'an empty string' : typeof path}`)
  }
  return readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw unreadableFile(path, e, { where })
  })
}

/**
 * The error for a column (or key) name that is not there: lists the names that exist (abbreviated
 * beyond 20) and suggests the closest one when it is a plausible typo.
 */
export function unknownColumn(
  source: string,
  what: string,
  name: string,
  names: readonly string[],
  noun = 'columns',
): DataError {
  const listed =
    names.length <= 20
      ? names.map((n) => JSON.stringify(n)).join(', ')
      : [...names.slice(0, 10).map((n) => JSON.stringify(n)), `… ${names.length - 12} more …`, ...names.slice(-2).map((n) => JSON.stringify(n))].join(', ')
  const best = closestName(name, names)
  return new DataError(
    `${source}: ${what} ${JSON.stringify(name)} not found; the ${names.length} ${noun} are ${listed}` +
      (best === undefined ? '' : `. Did you mean ${JSON.stringify(best)}?`),
  )
}

/**
 * The name in `names` closest to `name` (case-insensitive edit distance), or `undefined` when none
 * is within a plausible typo (distance ≤ max(2, a third of the length)).
 */
export function closestName(name: string, names: readonly string[]): string | undefined {
  const target = name.toLowerCase()
  let best: string | undefined
  let bestD = Infinity
  for (const n of names) {
    const d = editDistance(target, n.toLowerCase())
    if (d < bestD) { bestD = d; best = n }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1)
  let cur = new Array<number>(b.length + 1)
  for (let j = 0; j <= b.length; j++) prev[j] = j
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1)
    }
    ;[prev, cur] = [cur, prev]
  }
  return prev[b.length]
}

/**
 * What a CSV field that should hold a number holds, without its text (a field of a record may be
 * personal data): "an empty field", "NaN", "Infinity", or "a field of 4 characters that is not a number".
 */
function fieldKind(raw: string): string {
  const t = raw.trim()
  if (t === '') return 'an empty field'
  if (parseNonFinite(t) !== undefined) return t
  return `a field of ${t.length} character${t.length === 1 ? '' : 's'} that is not a number`
}
