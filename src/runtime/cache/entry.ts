import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { threadId } from 'node:worker_threads'
import type { Matrix } from '../../data/matrix.js'

/** First line of every entry file. */
const MAGIC = 'vitest-privacy-gates reference answers 1\n'

/**
 * What an entry says about itself besides the answers, for `privacy-gates cache ls`: shapes and
 * settings, never a record.
 */
export interface EntryLabel {
  /** `features → hidden… → classes`, or a recipe's identity. */
  model: string
  epochs?: number
  seed?: number
  engine?: string
  packageVersion?: string
}

/** The header line of an entry file (JSON). */
interface EntryHeader extends EntryLabel {
  key: string
  /** SHA-256 (hex) of the body: the answers' float32 bytes, matrix after matrix. */
  sha256: string
  /** `[rows, cols]` of each matrix of the body, in order. */
  shapes: Array<[number, number]>
  created: string
}

/** The cache folder's subfolder of entries, and an entry file's suffix after its key. */
export const ENTRIES_FOLDER = 'entries'
export const ENTRY_SUFFIX = '.bin'

/** The file of key `key` under the cache folder `dir`. */
export function entryPath(dir: string, key: string): string {
  return path.join(dir, ENTRIES_FOLDER, `${key}${ENTRY_SUFFIX}`)
}

/** Encodes one model's answers with a header holding their hash. */
function encodeEntry(key: string, outputs: readonly Matrix[], label: EntryLabel): Buffer {
  const body = Buffer.concat(outputs.map((m) => Buffer.from(m.data.buffer, m.data.byteOffset, m.rows * m.cols * 4)))
  const header: EntryHeader = {
    key, sha256: createHash('sha256').update(body).digest('hex'), shapes: outputs.map((m) => [m.rows, m.cols]),
    created: new Date().toISOString(), ...label,
  }
  return Buffer.concat([Buffer.from(MAGIC + JSON.stringify(header) + '\n'), body])
}

/** What reading an entry found. */
export type EntryRead =
  | { kind: 'hit'; outputs: Matrix[] }
  | { kind: 'missing' }
  | { kind: 'corrupted'; reason: string }

/**
 * Decodes an entry file's bytes, checking everything a truncated or altered file breaks: the
 * first line, the header, the key, the body's length and its SHA-256.
 */
export function decodeEntry(bytes: Buffer, key: string): EntryRead {
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return { kind: 'corrupted', reason: 'its first line is not an entry header' }
  const end = bytes.indexOf(0x0a, MAGIC.length)
  if (end < 0) return { kind: 'corrupted', reason: 'its header is cut off' }
  let header: EntryHeader
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length, end).toString('utf8')) as EntryHeader
  } catch {
    return { kind: 'corrupted', reason: 'its header is not JSON' }
  }
  if (header.key !== key) return { kind: 'corrupted', reason: 'its header names another key' }
  if (!Array.isArray(header.shapes) || typeof header.sha256 !== 'string') return { kind: 'corrupted', reason: 'its header lacks shapes or hash' }
  const body = bytes.subarray(end + 1)
  const expected = header.shapes.reduce((s, [r, c]) => s + r * c * 4, 0)
  if (body.byteLength !== expected) return { kind: 'corrupted', reason: `its answers hold ${body.byteLength} bytes, expected ${expected} (truncated?)` }
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) return { kind: 'corrupted', reason: 'its answers do not match their SHA-256' }
  // One copy into an aligned buffer per matrix (Buffer slices may be unaligned for float32).
  let at = 0
  const outputs = header.shapes.map(([rows, cols]) => {
    const data = new Float32Array(rows * cols)
    new Uint8Array(data.buffer).set(body.subarray(at, at + data.byteLength))
    at += data.byteLength
    return { data, rows, cols }
  })
  return { kind: 'hit', outputs }
}

/** Reads the entry of `key`; a missing file is `missing`, an unreadable or damaged one `corrupted`. */
export async function readEntry(dir: string, key: string): Promise<EntryRead> {
  let bytes: Buffer
  try {
    bytes = await readFile(entryPath(dir, key))
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(String((error as NodeJS.ErrnoException).code))) return { kind: 'missing' }
    return { kind: 'corrupted', reason: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  return decodeEntry(bytes, key)
}

let written = 0

/**
 * Writes the entry of `key` atomically: into a temporary file of this process and thread in the
 * cache's `tmp/` folder, then renamed over the entry (a reader sees the old file or the new one,
 * never a part). Two trainers of one key write identical answers (training is deterministic), so
 * whichever rename lands last changes nothing.
 */
export async function writeEntry(dir: string, key: string, outputs: readonly Matrix[], label: EntryLabel): Promise<void> {
  const tmpDir = path.join(dir, 'tmp')
  await mkdir(tmpDir, { recursive: true })
  await mkdir(path.join(dir, ENTRIES_FOLDER), { recursive: true })
  const tmp = path.join(tmpDir, `${key}.${process.pid}.${threadId}.${written++}.tmp`)
  try {
    await writeFile(tmp, encodeEntry(key, outputs, label))
    await rename(tmp, entryPath(dir, key))
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
}

/** Removes the entry of `key` (a damaged one, before it is retrained). */
export async function removeEntry(dir: string, key: string): Promise<void> {
  await rm(entryPath(dir, key), { force: true })
}

/** The header of an entry file, for listings; `null` when it is damaged. */
export function entryHeader(bytes: Buffer): (EntryLabel & { key: string; created: string; shapes: Array<[number, number]> }) | null {
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return null
  const end = bytes.indexOf(0x0a, MAGIC.length)
  try {
    return end < 0 ? null : (JSON.parse(bytes.subarray(MAGIC.length, end).toString('utf8')) as EntryHeader)
  } catch {
    return null
  }
}
