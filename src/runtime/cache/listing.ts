import { open, readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { ENTRIES_FOLDER, ENTRY_SUFFIX, entryHeader, entryPath, type EntryLabel } from './entry.js'

/** One entry of a cache folder, as `privacy-gates cache ls` shows it: sizes and settings, never answers. */
export interface CacheListing extends EntryLabel {
  key: string
  bytes: number
  /** When it was written (ISO 8601); `''` for a damaged entry. */
  created: string
  /** Answer matrices as `rows×cols`. */
  shapes: string[]
  /** The header cannot be read: the next run that needs it retrains it. */
  damaged: boolean
}

/** Bytes of an entry read for its header: headers are a few hundred bytes. */
const HEADER_BYTES = 4096

/** The entries of the cache folder `dir`, oldest first; none when the folder does not exist. */
export async function listCache(dir: string): Promise<CacheListing[]> {
  const folder = path.join(dir, ENTRIES_FOLDER)
  let names: string[]
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith(ENTRY_SUFFIX))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const out: CacheListing[] = []
  for (const name of names) {
    const file = path.join(folder, name)
    const bytes = (await stat(file)).size
    const handle = await open(file, 'r')
    const head = Buffer.alloc(Math.min(bytes, HEADER_BYTES))
    try {
      await handle.read(head, 0, head.length, 0)
    } finally {
      await handle.close()
    }
    const header = entryHeader(head)
    const key = name.slice(0, -ENTRY_SUFFIX.length)
    out.push(header === null
      ? { key, bytes, created: '', shapes: [], model: '?', damaged: true }
      : { ...header, key, bytes, shapes: header.shapes.map(([r, c]) => `${r}×${c}`), damaged: false })
  }
  return out.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0))
}

/**
 * Removes every entry of the cache folder `dir` and any temporary file left by an interrupted
 * write; returns how many entries and bytes went. Only the cache's own files are touched (a folder
 * named by mistake loses nothing else); locks held by running trainers stay.
 */
export async function clearCache(dir: string): Promise<{ entries: number; bytes: number }> {
  const listed = await listCache(dir)
  for (const e of listed) await rm(entryPath(dir, e.key), { force: true })
  const tmp = path.join(dir, 'tmp')
  const leftovers = await readdir(tmp).catch(() => [] as string[])
  for (const n of leftovers) if (n.endsWith('.tmp')) await rm(path.join(tmp, n), { force: true })
  return { entries: listed.length, bytes: listed.reduce((s, e) => s + e.bytes, 0) }
}
