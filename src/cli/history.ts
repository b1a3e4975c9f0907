import { parseArgs } from 'node:util'
import { readReport } from '../compare/read-report.js'
import { asInput } from './as-input.js'
import { appendHistory, historyEntry, readHistory } from '../report/history.js'
import { UsageError } from './usage-error.js'

/** `privacy-gates history --help`. */
export const HISTORY_HELP = `privacy-gates history append REPORT.json HISTORY.jsonl [--commit SHA]

Appends one run (a privacy-gates.json) to a history file, one JSON line per run holding aggregates
only: per model and gate its value, 95% interval, limit and status. Run it on the main branch after
the gates; the HTML report draws each gate over the last runs when the reporter's "history" option
names the file. Bad lines already in the file are reported by number and left as they are.

  --commit SHA   the commit measured (default: $GITHUB_SHA when set)
`

/** `privacy-gates history append`. */
export async function historyCommand(argv: string[], log: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { commit: { type: 'string' } } })
  const [action, reportPath, historyPath, ...extra] = positionals
  if (action !== 'append') throw new UsageError(`history: expected the action "append", found ${action === undefined ? 'none' : `"${action}"`}`)
  if (reportPath === undefined || historyPath === undefined || extra.length > 0) {
    throw new UsageError('history append: expected REPORT.json and HISTORY.jsonl, e.g. privacy-gates history append results/privacy-gates.json results/history.jsonl')
  }
  const report = await asInput(() => readReport(reportPath))
  const existing = await readHistory(historyPath)
  for (const p of existing.problems) warn(`${historyPath}:${p.line}: ${p.message} (left as is; readers skip it)`)
  const commit = values.commit ?? process.env.GITHUB_SHA
  const entry = historyEntry(report.rows, { date: report.date || new Date().toISOString(), packageVersion: report.packageVersion, ...(commit ? { commit } : {}) })
  await appendHistory(historyPath, entry)
  log(`history: appended ${entry.gates.length} gate${entry.gates.length === 1 ? '' : 's'} of ${reportPath} to ${historyPath} (${existing.entries.length + 1} runs)`)
}
