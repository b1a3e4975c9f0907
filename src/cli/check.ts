import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { EXIT, exitCodeOf, mostSevere, type ExitCode } from '../errors.js'
import type { GateOutcome } from '../gates/evaluate.js'
import type { ResolvedConfig } from '../gates/config/index.js'
import type { GateModel } from '../gates/model.js'
import { fmt } from '../gates/format.js'
import { seedSpread } from '../gates/seed-spread.js'
import { boundName, outcomeLine } from '../gates/outcome.js'
import { runBackend } from '../report/gate-formats.js'
import { gateRows } from '../report/gate-rows.js'
import { gatesHtml } from '../report/html/gate-sections.js'
import { packageVersion } from '../report/package-version.js'
import { unfinished, type RunProblem } from '../report/run-problems.js'
import { spreadTable } from '../report/spread-table.js'
import { formatTable } from '../report/table.js'
import { writeFileAtomic } from '../report/write-file.js'
import { asInput } from './as-input.js'
import { loadConfigModels } from './config-models.js'
import { failureProblem, measureModels, type ModelFailure } from './measure-models.js'
import { repeatsOption } from './integer-flag.js'

export const CHECK_HELP = `privacy-gates check [--config FILE] [--model NAME] [--html FILE] [--repeats N]

Runs every enabled gate of the thresholds file (or of one model) outside Vitest and prints a table.
Every model that can be measured is measured, even when another fails. Exit code 0 when no
"error" gate fails, 1 when one does, 2 when the thresholds file, a data file, a model file or an
argument is wrong, 3 when a target could not be measured (unreachable, timed out), 4 on an
unexpected error; with several models the most severe wins (4, 2, 3, 1). The HTML report is
replaced when the run starts, and lists what could not be measured.

  --config FILE   thresholds file (default: PRIVACY_GATES_CONFIG, then ./privacy-gates.json)
  --model NAME    check only this model
  --html FILE     the HTML report (gates, ROC curves, score histograms, extraction
                  against budget; default results/privacy-report.html)
  --repeats N     also measure every gate at the next N − 1 seeds and print the spread of
                  each value (mean, sd, range, sd to the limit, verdict flips); the verdict
                  and the report stay those of the file's seed
`

/** `privacy-gates check`: runs the gates and returns the exit code ({@link EXIT}). */
export async function checkCommand(argv: string[], log: (s: string) => void, warn: (s: string) => void): Promise<ExitCode> {
  const { values } = parseArgs({ args: argv, strict: true, options: { config: { type: 'string' }, model: { type: 'string' }, html: { type: 'string' }, repeats: { type: 'string' } } })
  const repeats = repeatsOption(values.repeats)
  const html = values.html ?? join('results', 'privacy-report.html')
  const started = new Date().toISOString()
  // Replace the last run's report first: a run that fails, is interrupted or is killed must not
  // leave a passing report behind. A path that cannot be written is a wrong argument.
  await asInput(async () => writeFileAtomic(html, await checkHtml([], [unfinished(started)])))
  let outcomes: GateOutcome[] = []
  let failures: ModelFailure[] = []
  let models = new Map<string, GateModel>()
  let config: ResolvedConfig
  try {
    const loaded = await loadConfigModels(values, warn)
    config = loaded.config
    ;({ outcomes, failures, models } = await measureModels(config, loaded.names))
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e))
    await writeFileAtomic(html, await checkHtml([], [failureProblem({ model: '', code: exitCodeOf(error), error })]))
    throw e
  }
  const rows = outcomes.map(({ record: r, compared }) => [
    r.model ?? '', r.gate, compared === r.value ? fmt(r.value) : `${fmt(r.value)} (${boundName(r.direction)} ${fmt(compared)})`,
    `${r.direction === 'below' ? '<' : '>'} ${fmt(r.threshold)}`, r.level, r.pass ? 'pass' : r.level === 'warn' ? 'warn' : 'FAIL',
  ])
  log(`privacy gates · ${config.file}\n` + (rows.length > 0 ? formatTable(['model', 'gate', 'value', 'limit', 'level', 'status'], rows) : '(no gate was measured)'))
  // The models measured serve the next seeds: their files are not loaded again.
  if (repeats > 1) log('\n' + spreadTable(await seedSpread(config, [...models.keys()], repeats, { first: outcomes, models })))
  const failed = outcomes.filter((o) => !o.record.pass)
  if (failed.length > 0) {
    log('\n' + failed.map((o) => `${o.record.model} ${outcomeLine(o.spec, o.record, o.compared)}`).join('\n'))
  }
  for (const f of failures) warn(modelFailureText(f))
  await writeFileAtomic(html, await checkHtml(outcomes, failures.map(failureProblem)))
  log(`\nHTML report: ${html}`)
  const errors = failed.filter((o) => o.record.level === 'error').length
  const notMeasured = failures.length ? `; ${failures.length} ${failures.length === 1 ? 'model' : 'models'} not measured (${failures.map((f) => f.model).join(', ')})` : ''
  log(`\n${outcomes.length - failed.length} passed, ${errors} failed${failed.length - errors ? `, ${failed.length - errors} warned` : ''}${notMeasured}`)
  return mostSevere([errors > 0 ? EXIT.gateFailed : EXIT.pass, ...failures.map((f) => f.code)])
}

/** The stderr lines for a model that produced no results: which model, what kind of failure and the message. */
function modelFailureText(f: ModelFailure): string {
  const what = f.code === EXIT.input ? 'its input is wrong' : f.code === EXIT.unmeasurable ? 'the target could not be measured' : 'unexpected error'
  const detail = f.code === EXIT.unexpected ? (f.error.stack ?? f.error.message) : f.error.message
  return `privacy-gates: model ${f.model} not measured (${what}, exit ${f.code}):\n  ${detail.split('\n').join('\n  ')}`
}

/** The HTML report of a check: the same page the Vitest reporter writes, rows named after the command. */
async function checkHtml(outcomes: readonly GateOutcome[], problems: readonly RunProblem[]): Promise<string> {
  const collected = outcomes.map((o) => ({ record: o.record, test: 'privacy-gates check', file: o.record.file ?? '' }))
  const version = await packageVersion()
  const rows = gateRows(collected, version)
  return gatesHtml(rows, collected, { date: new Date().toISOString(), packageVersion: version, backend: runBackend(rows) }, problems)
}
