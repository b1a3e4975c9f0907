import { createHash } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import type { Matrix } from '../../data/matrix.js'

/**
 * One line of the governance log. Never the input: a query is identified by a SHA-256 of its
 * bytes, so the same query can be recognised without being stored.
 */
export type QueryLogEntry =
  | {
      kind: 'query'
      /** ISO 8601 time of the request. */
      time: string
      client: string
      rows: number
      /** Hex SHA-256 over the column count and the float32 bytes of the rows. */
      sha256: string
      allowed: boolean
      /** Why a query was refused. */
      reason?: 'rate-limited' | 'too-large'
      /** Whether the client was already flagged by the detector when it asked. */
      flagged: boolean
    }
  | {
      kind: 'flag'
      time: string
      client: string
      /** Rows of this client's stream seen when the detector fired. */
      queries: number
      /** Shapiro–Wilk W that fell below δ. */
      w: number
    }

/** SHA-256 (hex) of a query: its column count, then its float32 values (little-endian bytes). */
export function hashRows(rows: Matrix): string {
  const h = createHash('sha256')
  h.update(`${rows.cols}:`)
  h.update(new Uint8Array(rows.data.buffer, rows.data.byteOffset, rows.data.byteLength))
  return h.digest('hex')
}

/** An append-only log in memory and, when `file` is given, as JSON lines in that file. */
export interface QueryLog {
  readonly entries: readonly QueryLogEntry[]
  append(entry: QueryLogEntry): void
}

/**
 * Creates a {@link QueryLog}. Lines are appended synchronously, so the file's order is the order
 * of decisions even under concurrent requests.
 *
 * @example
 * const log = createQueryLog('governance.jsonl')
 */
export function createQueryLog(file?: string): QueryLog {
  const entries: QueryLogEntry[] = []
  return {
    entries,
    append(entry) {
      entries.push(entry)
      if (file !== undefined) appendFileSync(file, JSON.stringify(entry) + '\n')
    },
  }
}
