import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { isRegressionCheck } from './regression-id.js'
import type { GateRow, GateStatus } from './gate-rows.js'

/** One gate of one run in the history file: aggregates only (value, interval, limit, status). */
export interface HistoryGate {
  model: string
  gate: string
  value: number
  threshold: number
  status: GateStatus
  /** The 95% interval, when the gate has one. */
  interval?: [number, number]
}

/** One run: one line of the history file. */
export interface HistoryEntry {
  /** ISO 8601 time of the run. */
  date: string
  packageVersion: string
  /** The commit the run measured (`GITHUB_SHA` by default), when known. */
  commit?: string
  gates: HistoryGate[]
}

/** What {@link readHistory} found: the good lines, and each bad one by number. */
export interface HistoryFile {
  entries: HistoryEntry[]
  problems: Array<{ line: number; message: string }>
}

/**
 * The history entry of a run's report rows: per model (or test, for gates without a model) and
 * gate its first row, as value, limit, status and interval (regression checks are left out: they
 * are relative to a baseline). Never records or per-record data.
 */
export function historyEntry(rows: readonly GateRow[], run: { date: string; packageVersion: string; commit?: string }): HistoryEntry {
  const seen = new Set<string>()
  const gates: HistoryGate[] = []
  for (const r of rows) {
    if (isRegressionCheck(r.gate)) continue
    const model = r.model || r.test
    const key = JSON.stringify([model, r.gate])
    if (seen.has(key)) continue
    seen.add(key)
    gates.push({
      model, gate: r.gate, value: r.value, threshold: r.threshold, status: r.status,
      ...(typeof r.interval_lo === 'number' && typeof r.interval_hi === 'number' ? { interval: [r.interval_lo, r.interval_hi] as [number, number] } : {}),
    })
  }
  return { date: run.date, packageVersion: run.packageVersion, ...(run.commit ? { commit: run.commit } : {}), gates }
}

/** Appends `entry` as one JSON line to `file` (created with its folder when missing). */
export async function appendHistory(file: string, entry: HistoryEntry): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await appendFile(file, JSON.stringify(entry) + '\n', { flag: 'a' })
}

/**
 * Reads a history file. A missing file is an empty history (no run kept yet); a line that is not
 * JSON or not an entry is reported by its number and skipped, and the rest is read.
 */
export async function readHistory(file: string): Promise<HistoryFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] }
    throw new Error(`${file}: cannot read the history file (${(e as Error).message})`)
  }
  return parseHistory(text)
}

/** The pure half of {@link readHistory}. */
export function parseHistory(text: string): HistoryFile {
  const entries: HistoryEntry[] = []
  const problems: HistoryFile['problems'] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line === '') return
    let doc: unknown
    try {
      doc = JSON.parse(line)
    } catch (e) {
      problems.push({ line: i + 1, message: `not JSON (${(e as Error).message})` })
      return
    }
    const problem = entryProblem(doc)
    if (problem) problems.push({ line: i + 1, message: problem })
    else entries.push(doc as HistoryEntry)
  })
  return { entries, problems }
}

function entryProblem(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'expected an object { date, packageVersion, gates }'
  const e = doc as Record<string, unknown>
  if (typeof e.date !== 'string') return 'date: expected a string'
  if (!Array.isArray(e.gates)) return 'gates: expected an array'
  for (const [k, g] of e.gates.entries()) {
    const gate = g as Record<string, unknown> | null
    if (gate === null || typeof gate !== 'object') return `gates[${k}]: expected an object`
    if (typeof gate.model !== 'string' || typeof gate.gate !== 'string') return `gates[${k}]: expected "model" and "gate" strings`
    if (typeof gate.value !== 'number' || typeof gate.threshold !== 'number') return `gates[${k}]: expected numbers "value" and "threshold"`
    const iv = gate.interval
    if (iv !== undefined && !(Array.isArray(iv) && iv.length === 2 && iv.every((v) => typeof v === 'number'))) return `gates[${k}].interval: expected [lo, hi]`
  }
  return undefined
}
