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

/**
 * SHA-256 (hex) of a query: its column count, then its float32 values (little-endian bytes). The
 * same rows always give the same hash, so repeated queries can be spotted without storing them.
 *
 * @example
 * hashRows({ data: new Float32Array([0, 1]), rows: 1, cols: 2 })   // 64 hex digits
 */
export function hashRows(rows: Matrix): string {
  const h = createHash('sha256')
  h.update(`${rows.cols}:`)
  h.update(new Uint8Array(rows.data.buffer, rows.data.byteOffset, rows.data.byteLength))
  return h.digest('hex')
}

/** An append-only log in memory (the latest entries) and, when `file` is given, as JSON lines in that file (all). */
export interface QueryLog {
  readonly entries: readonly QueryLogEntry[]
  append(entry: QueryLogEntry): void
}

/** Entries kept in memory by default: a long-running service must not grow without bound. */
export const LOG_MEMORY_LIMIT = 100_000

/**
 * Creates a {@link QueryLog}. Lines are appended synchronously, so the file's order is the order
 * of decisions even under concurrent requests. Memory keeps the latest `memoryLimit` entries (the
 * oldest are dropped from memory, never from the file).
 *
 * @example
 * const log = createQueryLog('governance.jsonl')
 */
export function createQueryLog(file?: string, memoryLimit = LOG_MEMORY_LIMIT): QueryLog {
  const entries: QueryLogEntry[] = []
  return {
    entries,
    append(entry) {
      entries.push(entry)
      // Drop in chunks so that a full log does not shift the array on every request.
      if (entries.length > memoryLimit + Math.ceil(memoryLimit / 10)) entries.splice(0, entries.length - memoryLimit)
      if (file !== undefined) appendFileSync(file, JSON.stringify(entry) + '\n')
    },
  }
}
