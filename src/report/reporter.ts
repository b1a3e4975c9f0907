import { appendFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
// From `vitest/node`, which exports these in Vitest 4 and 5 (5 dropped `vitest/reporters`).
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node'
import { reportPairing } from './pairing-section.js'
import { reportExposure } from './exposure-section.js'
import type { GateRecord } from '../gates/record.js'
import { gatesCsv, gatesJson, gatesMarkdown, gatesTerminalTable, runBackend, type ReportMeta } from './gate-formats.js'
import { gateRows, type CollectedRecord, type GateRow } from './gate-rows.js'
import { gatesHtml } from './html/gate-sections.js'
import { packageVersion as ownVersion } from './package-version.js'
import { reportHistory, type HistoryOption } from './run-history.js'
import { problemsSummary, type RunProblem } from './run-problems.js'
import { writeFileAtomic } from './write-file.js'

/** Options of {@link PrivacyGatesReporter} (and the plugin's `report` option). */
export interface PrivacyGatesReportOptions {
  /** Folder of the reports, relative to the Vitest root. Default `results`. */
  outDir?: string
  /** The CSV report, relative to `outDir`. Default `privacy-gates.csv`. */
  csv?: string
  /** The JSON report, relative to `outDir`. Default `privacy-gates.json`. */
  json?: string
  /** The HTML report (tables and charts), relative to `outDir`; `false` for none. Default `privacy-report.html`. */
  html?: string | false
  /** A history file (JSON lines, relative to the Vitest root) whose last runs the HTML report draws per gate. */
  history?: string | HistoryOption
}

/** Marks the reporter so the plugin does not add a second one beside a user's own. */
export const REPORTER_MARK = Symbol.for('vitest-privacy-gates.reporter')

/** The minimum of Vitest's `Vitest` object the reporter reads. */
interface VitestLike {
  version?: string
  config?: { root?: string; shard?: { index: number; count: number }; reporters?: unknown[] }
  logger?: { log(...args: unknown[]): void }
}

/**
 * A Vitest reporter (lines 4 and 5) that collects every gate result the matchers stored in test metadata
 * (`testCase.meta().privacyGates`) and, when the run ends, writes `privacy-gates.csv` and
 * `privacy-gates.json` (atomically), prints a compact table, and appends a Markdown table to
 * `$GITHUB_STEP_SUMMARY` when it is set. Reports hold aggregates only, never records.
 *
 * Registered by the plugin (option `report`), or on its own:
 *
 * @example
 * // vitest.config.ts
 * reporters: ['default', new PrivacyGatesReporter({ outDir: 'results' })]
 */
export class PrivacyGatesReporter implements Reporter {
  readonly [REPORTER_MARK] = true
  /** Files written by the last run (absolute paths), for tools and tests. */
  written: string[] = []
  private vitest: VitestLike | undefined
  private readonly options: PrivacyGatesReportOptions

  constructor(options: PrivacyGatesReportOptions = {}) {
    this.options = { ...options }
  }

  onInit(vitest: unknown): void {
    this.vitest = vitest as VitestLike
  }

  /** Where the CSV, JSON and HTML reports go (absolute; `html` is null when turned off). */
  paths(): { csv: string; json: string; html: string | null } {
    const root = this.vitest?.config?.root ?? process.cwd()
    const dir = resolve(root, this.options.outDir ?? 'results')
    const at = (p: string) => (isAbsolute(p) ? p : resolve(dir, p))
    const html = this.options.html === false ? null : at(this.options.html ?? 'privacy-report.html')
    return { csv: at(this.options.csv ?? 'privacy-gates.csv'), json: at(this.options.json ?? 'privacy-gates.json'), html }
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown> = [], reason?: TestRunEndReason): Promise<void> {
    const shard = blobShard(this.vitest)
    if (shard) {
      // A shard's blob holds every test's metadata; `vitest --merge-reports` replays it into this
      // reporter, which then writes the one complete report. A partial report here would only
      // overwrite (or be mistaken for) the merged one.
      this.vitest?.logger?.log(`privacy gates: shard ${shard}, results kept in the blob report; run vitest --merge-reports for the report`)
      return
    }
    const collected: CollectedRecord[] = []
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const records = (test.meta() as { privacyGates?: GateRecord[] }).privacyGates
        if (!Array.isArray(records)) continue
        for (const record of records) collected.push({ record, test: test.fullName, file: mod.relativeModuleId })
      }
    }
    await this.write(collected, runProblems(testModules, errors, reason))
  }

  /**
   * Builds the rows from collected records and writes every report; `problems` (failed tests
   * without a gate result, run errors, an interruption) are listed in the JSON and HTML reports, so
   * a failed run replaces the last run's reports with ones that say it failed. A passing run without
   * any gate result (e.g. filtered to other tests) writes and prints nothing, leaving earlier
   * reports in place.
   */
  async write(collected: readonly CollectedRecord[], problems: readonly RunProblem[] = []): Promise<GateRow[]> {
    this.written = []
    if (collected.length === 0 && problems.length === 0) return []
    const packageVersion = await ownVersion()
    const rows = gateRows(collected, packageVersion)
    const meta: ReportMeta = {
      date: new Date().toISOString(),
      vitest: this.vitest?.version ?? '',
      packageVersion,
      backend: runBackend(rows),
    }
    const { csv, json, html } = this.paths()
    await writeFileAtomic(csv, gatesCsv(rows))
    await writeFileAtomic(json, gatesJson(rows, meta, problems, { pairing: reportPairing(collected), exposure: reportExposure(collected) }))
    this.written = [csv, json]
    if (html) {
      const history = this.options.history === undefined ? undefined
        : await reportHistory(this.options.history, this.vitest?.config?.root ?? process.cwd(), rows, meta)
      for (const p of history?.problems ?? []) this.vitest?.logger?.log(p)
      await writeFileAtomic(html, gatesHtml(rows, collected, meta, problems, history?.histories))
      this.written.push(html)
    }
    const incomplete = problems.length > 0 ? `privacy gates: run ${problemsSummary(problems)}; see the reports and the output above\n` : ''
    const summary = process.env.GITHUB_STEP_SUMMARY
    let summaryProblem = ''
    if (summary) {
      // The job summary is a courtesy: a path that cannot be written is said, not fatal to the run.
      try {
        await appendFile(summary, (incomplete ? `**${incomplete.trim()}**\n\n` : '') + gatesMarkdown(rows, meta), { flag: 'a' })
        this.written.push(summary)
      } catch (e) {
        summaryProblem = `\nprivacy gates: could not append to GITHUB_STEP_SUMMARY (${summary}): ${(e as Error).message}`
      }
    }
    const table = rows.length > 0 ? gatesTerminalTable(rows, useColor(process.stdout, process.env)) + '\n' : ''
    const text = `\n${table}${incomplete}privacy gates report: ${csv}${html ? `, ${html}` : ''}${summaryProblem}\n`
    if (this.vitest?.logger) this.vitest.logger.log(text)
    else process.stdout.write(text + '\n')
    return rows
  }
}

/**
 * Writes the reports of a run that stopped before any test (the plugin found no usable thresholds
 * file): no rows, and the error as the problem, so the last run's reports do not stay behind
 * looking current.
 */
export async function reportSetupFailure(options: PrivacyGatesReportOptions, root: string, error: unknown): Promise<void> {
  const reporter = new PrivacyGatesReporter(options)
  reporter.onInit({ config: { root }, logger: { log: () => {} } })
  await reporter.write([], [{ where: '', kind: 'input', message: error instanceof Error ? error.message : String(error) }])
}

/**
 * What kept a Vitest run from gating everything: an interruption, test files that failed outside
 * their tests (import or hook errors), failed tests that recorded no gate result, and unhandled
 * errors. Messages point at the Vitest output rather than copying test errors, which may quote
 * anything the user's code printed.
 */
export function runProblems(testModules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>, reason?: TestRunEndReason): RunProblem[] {
  const out: RunProblem[] = []
  if (reason === 'interrupted') out.push({ where: '', kind: 'unfinished', message: 'the run was interrupted: gates that had not run yet are missing' })
  for (const mod of testModules) {
    if (mod.errors().length > 0) out.push({ where: mod.relativeModuleId, kind: 'test', message: 'the test file failed outside its tests (import, collection or hook error); see the Vitest output' })
    for (const test of mod.children.allTests()) {
      if (test.result().state !== 'failed') continue
      const records = (test.meta() as { privacyGates?: GateRecord[] }).privacyGates
      // A failed gate is a row of the report already; any other failure may hide a gate.
      if (Array.isArray(records) && records.length > 0) continue
      out.push({ where: `${mod.relativeModuleId} › ${test.fullName}`, kind: 'test', message: 'failed without a gate result; see the Vitest output' })
    }
  }
  if (errors.length > 0) {
    out.push({ where: '', kind: 'test', message: `${errors.length} unhandled ${errors.length === 1 ? 'error' : 'errors'} during the run; see the Vitest output` })
  }
  return out
}

/**
 * `"i/n"` when this run is one shard of a sharded run whose results go to the blob reporter (to be
 * merged with `--merge-reports`), else undefined.
 */
export function blobShard(vitest: VitestLike | undefined): string | undefined {
  const shard = vitest?.config?.shard
  if (!shard) return undefined
  const blob = (vitest?.config?.reporters ?? []).some((r) => (Array.isArray(r) ? r[0] : r) === 'blob')
  return blob ? `${shard.index}/${shard.count}` : undefined
}

/** Colour on a TTY unless `NO_COLOR` is set (any value); `FORCE_COLOR` (not `0`) forces it. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if ('NO_COLOR' in env && env.NO_COLOR !== undefined) return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  return Boolean(stream.isTTY)
}
