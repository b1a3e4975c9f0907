import { readFile } from 'node:fs/promises'
import { jsonSyntaxError } from '../data/json.js'
import type { GateRow } from '../report/gate-rows.js'
import type { PairingEntry } from '../report/pairing-section.js'

/** A `privacy-gates.json` as read back for a comparison: its metadata, rows and pairing section. */
export interface RunReport {
  /** Where it was read from (a path, or a name given to {@link parseReport}), for messages. */
  source: string
  date: string
  packageVersion: string
  rows: GateRow[]
  /** Empty for reports written before pairing existed: their AUCs are compared unpaired. */
  pairing: PairingEntry[]
}

/**
 * Reads and checks a `privacy-gates.json`; errors name the file and what is wrong in it. A file that
 * cannot be read keeps the system error's `code` (`ENOENT` for a missing report).
 */
export async function readReport(path: string): Promise<RunReport> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    // The code is kept so that callers can tell a missing report (a first run) from a broken one.
    throw Object.assign(new Error(code === 'ENOENT' ? `${path}: no such report` : `${path}: cannot read the report (${(e as Error).message})`), { code })
  }
  return parseReport(text, path)
}

/**
 * Parses the text of a `privacy-gates.json`. Throws a `SyntaxError` naming `source:line:column` for
 * malformed or truncated JSON, and a `TypeError` naming the key (`rows[3].value`) when the shape is
 * not a report's.
 */
export function parseReport(text: string, source: string): RunReport {
  if (text.trim() === '') throw new SyntaxError(`${source}: the report is empty (a run that never finished writing it?)`)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw jsonSyntaxError(text, source, e as Error)
  }
  if (!isObject(doc)) throw new TypeError(`${source}: expected a privacy-gates.json report (an object with "rows"), found ${typeof doc}`)
  if (!Array.isArray(doc.rows)) throw new TypeError(`${source}: rows: expected an array of gate rows, found ${doc.rows === undefined ? 'none' : typeof doc.rows}`)
  const rows = doc.rows.map((row, i) => checkRow(row, `${source}: rows[${i}]`))
  const pairing = doc.pairing === undefined ? [] : checkPairing(doc.pairing, `${source}: pairing`)
  return {
    source,
    date: typeof doc.date === 'string' ? doc.date : '',
    packageVersion: typeof doc.packageVersion === 'string' ? doc.packageVersion : '',
    rows,
    pairing,
  }
}

const STRING_KEYS = ['model', 'gate', 'metric', 'attack', 'test', 'file'] as const
const OPTIONAL_NUMBER_KEYS = ['interval_lo', 'interval_hi', 'members', 'non_members', 'budget', 'queries', 'seed', 'reference_trained', 'reference_cached'] as const

function checkRow(row: unknown, where: string): GateRow {
  if (!isObject(row)) throw new TypeError(`${where}: expected a gate row object, found ${row === null ? 'null' : typeof row}`)
  for (const k of STRING_KEYS) {
    if (typeof row[k] !== 'string') throw new TypeError(`${where}.${k}: expected a string, found ${show(row[k])}`)
  }
  for (const k of ['value', 'threshold'] as const) {
    if (typeof row[k] !== 'number') throw new TypeError(`${where}.${k}: expected a number, found ${show(row[k])}`)
  }
  for (const k of OPTIONAL_NUMBER_KEYS) {
    const v = row[k]
    if (v !== undefined && v !== '' && typeof v !== 'number') throw new TypeError(`${where}.${k}: expected a number or "", found ${show(v)}`)
  }
  return row as unknown as GateRow
}

function checkPairing(value: unknown, where: string): PairingEntry[] {
  if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array, found ${typeof value}`)
  return value.map((e, i) => {
    const at = `${where}[${i}]`
    if (!isObject(e)) throw new TypeError(`${at}: expected an object, found ${show(e)}`)
    for (const k of ['model', 'gate', 'test', 'file', 'attack', 'records'] as const) {
      if (typeof e[k] !== 'string') throw new TypeError(`${at}.${k}: expected a string, found ${show(e[k])}`)
    }
    if (typeof e.value !== 'number') throw new TypeError(`${at}.value: expected a number, found ${show(e.value)}`)
    if (e.outcomes !== undefined) {
      if (typeof e.outcomes !== 'string' || !/^[01]+$/.test(e.outcomes)) {
        throw new TypeError(`${at}.outcomes: expected a string of 0s and 1s (one per record), found ${show(e.outcomes)}`)
      }
      return e as unknown as PairingEntry
    }
    for (const k of ['members', 'nonMembers'] as const) {
      const a = e[k]
      if (!Array.isArray(a) || !a.every((v) => Number.isInteger(v) && v >= 0)) {
        throw new TypeError(`${at}.${k}: expected an array of non-negative integers (DeLong components)`)
      }
    }
    return e as unknown as PairingEntry
  })
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (v === null) return 'null'
  return typeof v === 'string' ? JSON.stringify(v.length > 30 ? v.slice(0, 30) + '…' : v) : typeof v
}
