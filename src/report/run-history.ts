import { isAbsolute, resolve } from 'node:path'
import type { GateRow } from './gate-rows.js'
import { historyEntry, readHistory } from './history.js'
import { gateHistories, type GateHistory } from './html/history-charts.js'

/** The reporter's `history` option: the history file (JSON lines), and how many runs to draw. */
export interface HistoryOption {
  /** Relative to the Vitest root. Appended by `privacy-gates history append` (on the main branch). */
  file: string
  /** Runs drawn, this one included. Default 20. */
  last?: number
}

/**
 * What the HTML report draws of the history: the runs kept in the file followed by this run (not
 * appended: that is the main branch's job), the last `last` of them; and one line per bad line of
 * the file, which is skipped.
 */
export async function reportHistory(
  option: string | HistoryOption,
  root: string,
  rows: readonly GateRow[],
  run: { date: string; packageVersion: string },
): Promise<{ histories: GateHistory[]; problems: string[] }> {
  const { file, last = 20 } = typeof option === 'string' ? { file: option } : option
  if (!(Number.isInteger(last) && last >= 1)) throw new RangeError(`history.last: expected a whole number of runs ≥ 1, found ${String(last)}`)
  const path = isAbsolute(file) ? file : resolve(root, file)
  const read = await readHistory(path)
  const problems = read.problems.map((p) => `privacy gates: ${path}:${p.line}: skipped: ${p.message}`)
  return { histories: gateHistories([...read.entries, historyEntry(rows, run)], last), problems }
}
