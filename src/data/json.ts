import { checkLoadOptions, readDataFile, unknownColumn, type LoadedDataset, type LoadOptions } from './csv.js'
import { describeDataValue } from './describe.js'
import { pointerToken } from './json-pointer.js'
import { uniqueIds } from './record-ids.js'
import { describeJsonError, stripBom } from './json-text.js'

/**
 * Reads a JSON data file into a {@link LoadedDataset}. Two shapes are accepted:
 *
 * - `{ "x": number[][], "y": number[] }`, optionally with `"columns": string[]` (feature names,
 *   default `feature_0`, `feature_1`, …) and `"features": number` (checked against the rows);
 * - an array of row objects `[{ "f1": 0.5, "f2": 3, "label": 1 }, …]`: every key except the label
 *   key (option `label`, default `"label"`) is a feature, in the order of the first row; a key
 *   holding an array of numbers (`"input_ids": [101, 7592, 0]`) is one column per element, named
 *   `input_ids/0`, `input_ids/1`, … (every row's array as long as the first row's).
 *
 * Syntax errors name the file, line and column; bad values name their JSON pointer (`/3/label`).
 *
 * @example
 * const ds = await loadJson('members.json', { label: 'target' })
 */
export async function loadJson(path: string, options: LoadOptions = {}): Promise<LoadedDataset> {
  const text = await readDataFile(path, 'loadJson')
  return parseJsonDataset(text, path, options)
}

/**
 * Parses JSON text into a {@link LoadedDataset} (the pure half of {@link loadJson}); `source`
 * names the text in error messages.
 *
 * @example
 * const ds = parseJsonDataset('{"x":[[0,1],[1,0]],"y":[1,0]}', 'inline.json')
 */
export function parseJsonDataset(text: string, source: string, options: LoadOptions = {}): LoadedDataset {
  if (typeof text !== 'string') throw new TypeError(`parseJsonDataset: text of ${source}: expected a string, found ${typeof text}`)
  const scale = checkLoadOptions(options, 'parseJsonDataset')
  const body = stripBom(text)
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch (err) {
    throw jsonSyntaxError(body, source, err as Error)
  }
  if (Array.isArray(doc)) return fromRowObjects(doc, source, options.label ?? 'label', scale, options.id, options.idOptional)
  if (doc !== null && typeof doc === 'object' && ('x' in doc || 'y' in doc)) {
    if (options.label !== undefined) {
      throw new TypeError(
        `${source}: options.label (${JSON.stringify(options.label)}) applies to an array of row objects, ` +
          `but this file has the { "x", "y" } shape whose labels are "y"; drop the option`,
      )
    }
    if (options.id !== undefined && !options.idOptional) {
      throw new TypeError(
        `${source}: options.id (${JSON.stringify(options.id)}) applies to an array of row objects, ` +
          `but this file has the { "x", "y" } shape; write row objects with an id key, or drop the option`,
      )
    }
    return fromXY(doc as Record<string, unknown>, source, scale)
  }
  throw new TypeError(
    `${source}: expected { "x": number[][], "y": number[] } or an array of row objects ` +
      `[{ "feature": 1, …, "label": 0 }], found ${describeDataValue(doc)}`,
  )
}

function fromXY(doc: Record<string, unknown>, source: string, scale: number): LoadedDataset {
  const { x, y } = doc
  if (!Array.isArray(x)) throw new TypeError(`${source}: /x: expected an array of rows (number[][]), found ${describeDataValue(x)}`)
  if (!Array.isArray(y)) throw new TypeError(`${source}: /y: expected an array of class indices (number[]), found ${describeDataValue(y)}`)
  const rows = x.length
  if (rows === 0) throw new RangeError(`${source}: /x: is empty; at least one record is needed`)
  if (y.length !== rows) throw new RangeError(`${source}: /x has ${rows} rows but /y has ${y.length} labels`)
  if (!Array.isArray(x[0])) {
    throw new TypeError(`${source}: /x/0: expected an array of numbers (one row), found ${describeDataValue(x[0])}; /x must be nested rows, not a flat array`)
  }
  const cols = (x[0] as unknown[]).length
  if (cols === 0) throw new RangeError(`${source}: /x/0: is an empty row; expected at least one feature`)
  if (doc.features !== undefined && doc.features !== cols) {
    throw new RangeError(`${source}: /features: declared ${JSON.stringify(doc.features)}, but /x/0 has ${cols} values`)
  }
  let columns: string[]
  if (doc.columns === undefined) {
    columns = Array.from({ length: cols }, (_, i) => `feature_${i}`)
  } else {
    const c = doc.columns
    if (!Array.isArray(c) || c.some((v) => typeof v !== 'string')) {
      throw new TypeError(`${source}: /columns: expected an array of feature names (strings), found ${describeDataValue(c)}`)
    }
    if (c.length !== cols) throw new RangeError(`${source}: /columns: has ${c.length} names, but /x/0 has ${cols} values`)
    columns = c.slice() as string[]
  }
  const data = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const row = x[r]
    if (!Array.isArray(row)) throw new TypeError(`${source}: /x/${r}: expected an array of ${cols} numbers, found ${describeDataValue(row)}`)
    if (row.length !== cols) throw new RangeError(`${source}: /x/${r}: expected ${cols} values (as in /x/0), found ${row.length}`)
    for (let c = 0; c < cols; c++) data[r * cols + c] = feature(row[c], `/x/${r}/${c}`, source, scale)
  }
  const labels = new Int32Array(rows)
  let max = 0
  for (let r = 0; r < rows; r++) {
    labels[r] = label(y[r], `/y/${r}`, source)
    if (labels[r] > max) max = labels[r]
  }
  return { x: data, rows, features: cols, y: labels, columns, source, classes: max + 1 }
}

function fromRowObjects(doc: unknown[], source: string, labelKey: string, scale: number, wantedId?: string, idOptional = false): LoadedDataset {
  const rows = doc.length
  if (rows === 0) throw new RangeError(`${source}: is an empty array; at least one record is needed`)
  const first = doc[0]
  if (!isPlainObject(first)) {
    throw new TypeError(`${source}: /0: expected a row object { "feature": number, …, ${JSON.stringify(labelKey)}: class }, found ${describeDataValue(first)}`)
  }
  const keys = Object.keys(first)
  if (!keys.includes(labelKey)) throw unknownColumn(`${source}: /0`, 'label key', labelKey, keys, 'keys')
  if (wantedId !== undefined && !keys.includes(wantedId) && !idOptional) throw unknownColumn(`${source}: /0`, 'id key', wantedId, keys, 'keys')
  const idKey = wantedId !== undefined && keys.includes(wantedId) ? wantedId : undefined
  if (idKey === labelKey) throw new RangeError(`${source}: key ${JSON.stringify(idKey)} is both the label and the id key`)
  const keyNames = keys.filter((k) => k !== labelKey && k !== idKey)
  const ids: string[] = []
  const idPointer = idKey === undefined ? '' : pointerToken(idKey)
  const unique = uniqueIds({ at: (r) => `${source}: /${r}/${idPointer}`, first: (r) => `/${r}` })
  if (keyNames.length === 0) throw new RangeError(`${source}: /0: has only the label key ${JSON.stringify(labelKey)}; expected at least one feature`)
  // A key holding an array (token ids, a mask) gives one column per element, named "key/i".
  const widths = keyNames.map((k) => (Array.isArray(first[k]) ? (first[k] as unknown[]).length : undefined))
  const slots = keyNames.flatMap((k, i) => (widths[i] === undefined ? [{ key: k, at: -1 }] : Array.from({ length: widths[i] as number }, (_, j) => ({ key: k, at: j }))))
  const columns = slots.map((s) => (s.at < 0 ? s.key : `${s.key}/${s.at}`))
  const cols = columns.length
  const data = new Float32Array(rows * cols)
  const labels = new Int32Array(rows)
  let max = 0
  for (let r = 0; r < rows; r++) {
    const row = doc[r]
    if (!isPlainObject(row)) throw new TypeError(`${source}: /${r}: expected a row object like /0, found ${describeDataValue(row)}`)
    for (let i = 0; i < keyNames.length; i++) {
      const k = keyNames[i]
      if (!Object.hasOwn(row, k)) throw new RangeError(`${source}: /${r}: missing key ${JSON.stringify(k)} (present in /0)`)
      const v = row[k]
      if (widths[i] !== undefined && (!Array.isArray(v) || v.length !== widths[i])) {
        throw new RangeError(`${source}: /${r}/${pointerToken(k)}: expected an array of ${widths[i]} numbers (as in /0), found ${Array.isArray(v) ? `an array of ${v.length}` : describeDataValue(v)}`)
      }
    }
    for (let c = 0; c < cols; c++) {
      const { key: k, at } = slots[c]
      const v = at < 0 ? row[k] : (row[k] as unknown[])[at]
      data[r * cols + c] = feature(v, `/${r}/${pointerToken(k)}${at < 0 ? '' : `/${at}`}`, source, scale)
    }
    if (!Object.hasOwn(row, labelKey)) throw new RangeError(`${source}: /${r}: missing label key ${JSON.stringify(labelKey)}`)
    if (idKey !== undefined) {
      // Ids may identify people: messages give pointers, never the value.
      const v = row[idKey]
      const id = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : ''
      if (id === '') throw new TypeError(`${source}: /${r}/${idPointer}: expected a non-empty string or a number, found ${describeDataValue(v)}`)
      unique(id, r)
      ids.push(id)
    }
    const n = Object.keys(row).length
    if (n !== keyNames.length + 1 + (idKey === undefined ? 0 : 1)) {
      const extra = Object.keys(row).find((k) => k !== labelKey && k !== idKey && !keyNames.includes(k))
      throw new RangeError(`${source}: /${r}/${pointerToken(extra ?? '')}: unexpected key ${JSON.stringify(extra)} (not in /0)`)
    }
    labels[r] = label(row[labelKey], `/${r}/${pointerToken(labelKey)}`, source)
    if (labels[r] > max) max = labels[r]
  }
  return { x: data, rows, features: cols, y: labels, columns, source, classes: max + 1, ...(idKey === undefined ? {} : { ids }) }
}

function feature(v: unknown, pointer: string, source: string, scale: number): number {
  if (typeof v !== 'number') throw new TypeError(`${source}: ${pointer}: expected a number, found ${describeDataValue(v)}`)
  const s = Math.fround(v * scale)
  if (!Number.isFinite(v) || !Number.isFinite(s)) {
    throw new RangeError(`${source}: ${pointer}: the value${scale === 1 ? '' : ` × scale ${scale}`} does not fit in a 32-bit float`)
  }
  return s
}

function label(v: unknown, pointer: string, source: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2147483647) {
    throw new RangeError(`${source}: ${pointer}: expected a class index (an integer ≥ 0), found ${typeof v === 'number' ? v : describeDataValue(v)}`)
  }
  return v
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Builds a syntax error naming `source:line:column`, located by the JSON text scanner. */
export function jsonSyntaxError(text: string, source: string, cause: Error): SyntaxError {
  let found: ReturnType<typeof describeJsonError>
  try {
    found = describeJsonError(text)
  } catch {
    // The scanner recurses: nesting deep enough to overflow the stack leaves JSON.parse's own words.
    found = undefined
  }
  if (found === undefined) return new SyntaxError(`${source}: invalid JSON: ${cause.message}`, { cause })
  return new SyntaxError(`${source}:${found.line}:${found.column}: invalid JSON: ${found.detail}`, { cause })
}
