import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { evaluateGates, type GateOutcome } from '../gates/evaluate.js'
import { findConfig, loadConfig } from '../gates/config/index.js'
import { fmt } from '../gates/format.js'
import { createGateModel } from '../gates/model.js'
import { seedSpread } from '../gates/seed-spread.js'
import { boundName, outcomeLine } from '../gates/outcome.js'
import { runBackend } from '../report/gate-formats.js'
import { gateRows } from '../report/gate-rows.js'
import { gatesHtml } from '../report/html/gate-sections.js'
import { spreadTable } from '../report/spread-table.js'
import { packageVersion } from '../report/package-version.js'
import { formatTable } from '../report/table.js'
import { writeFileAtomic } from '../report/write-file.js'
import { UsageError } from './usage-error.js'
import { repeatsOption } from './repeats-option.js'

export const CHECK_HELP = `privacy-gates check [--config FILE] [--model NAME] [--html FILE] [--repeats N]

Runs every enabled gate of the thresholds file (or of one model) outside Vitest and prints a table.
Exit code 0 when no "error" gate fails, 1 when one does, 2 when the thresholds file or the
arguments are wrong.

  --config FILE   thresholds file (default: PRIVACY_GATES_CONFIG, then ./privacy-gates.json)
  --model NAME    check only this model
  --html FILE     the HTML report (gates, ROC curves, score histograms, extraction
                  against budget; default results/privacy-report.html)
  --repeats N     also measure every gate at the next N − 1 seeds and print the spread of
                  each value (mean, sd, range, sd to the limit, verdict flips); the verdict
                  and the report stay those of the file's seed
`

/** Raised for a broken thresholds file or an unknown model: exit code 2, like a usage error. */
export class CheckConfigError extends UsageError {}

/** `privacy-gates check`: returns whether every `error` gate passed. */
export async function checkCommand(argv: string[], log: (s: string) => void, warn: (s: string) => void): Promise<boolean> {
  const { values } = parseArgs({ args: argv, strict: true, options: { config: { type: 'string' }, model: { type: 'string' }, html: { type: 'string' }, repeats: { type: 'string' } } })
  const repeats = repeatsOption(values.repeats)
  const found = findConfig({ option: values.config, env: process.env.PRIVACY_GATES_CONFIG, cwd: process.cwd() })
  if (found.warning) warn(found.warning)
  const config = await asConfigError(() => loadConfig(found.path))
  const names = values.model === undefined ? Object.keys(config.models) : [values.model]
  const outcomes: GateOutcome[] = []
  for (const name of names) {
    const model = await asConfigError(() => createGateModel(config, name))
    outcomes.push(...(await evaluateGates(model)))
  }
  const rows = outcomes.map(({ record: r, compared }) => [
    r.model ?? '', r.gate, compared === r.value ? fmt(r.value) : `${fmt(r.value)} (${boundName(r.direction)} ${fmt(compared)})`,
    `${r.direction === 'below' ? '<' : '>'} ${fmt(r.threshold)}`, r.level, r.pass ? 'pass' : r.level === 'warn' ? 'warn' : 'FAIL',
  ])
  log(`privacy gates · ${config.file}\n` + formatTable(['model', 'gate', 'value', 'limit', 'level', 'status'], rows))
  if (repeats > 1) log('\n' + spreadTable(await seedSpread(config, names, repeats, outcomes)))
  const failed = outcomes.filter((o) => !o.record.pass)
  if (failed.length > 0) {
    log('\n' + failed.map((o) => `${o.record.model} ${outcomeLine(o.spec, o.record, o.compared)}`).join('\n'))
  }
  const html = values.html ?? join('results', 'privacy-report.html')
  await writeFileAtomic(html, await checkHtml(outcomes))
  log(`\nHTML report: ${html}`)
  const errors = failed.filter((o) => o.record.level === 'error').length
  log(`\n${outcomes.length - failed.length} passed, ${errors} failed${failed.length - errors ? `, ${failed.length - errors} warned` : ''}`)
  return errors === 0
}

/** The HTML report of a check: the same page the Vitest reporter writes, rows named after the command. */
async function checkHtml(outcomes: readonly GateOutcome[]): Promise<string> {
  const collected = outcomes.map((o) => ({ record: o.record, test: 'privacy-gates check', file: o.record.file ?? '' }))
  const rows = gateRows(collected, await packageVersion())
  return gatesHtml(rows, collected, { date: new Date().toISOString(), packageVersion: rows[0]?.package_version ?? '', backend: runBackend(rows) })
}

async function asConfigError<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f()
  } catch (e) {
    throw new CheckConfigError((e as Error).message)
  }
}
