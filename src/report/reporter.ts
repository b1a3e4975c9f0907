import { appendFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
// From `vitest/node`, which exports these in Vitest 4 and 5 (5 dropped `vitest/reporters`).
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node'
import type { GateRecord } from '../gates/record.js'
import { gatesCsv, gatesJson, gatesMarkdown, gatesTerminalTable, runBackend, type ReportMeta } from './gate-formats.js'
import { gateRows, type CollectedRecord, type GateRow } from './gate-rows.js'
import { gatesHtml } from './html/gate-sections.js'
import { packageVersion as ownVersion } from './package-version.js'
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

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors?: unknown, reason?: TestRunEndReason): Promise<void> {
    if (reason === 'interrupted') return
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
    await this.write(collected)
  }

  /**
   * Builds the rows from collected records and writes every report. A run without any gate result
   * (e.g. filtered to other tests) writes and prints nothing, leaving earlier reports in place.
   */
  async write(collected: readonly CollectedRecord[]): Promise<GateRow[]> {
    this.written = []
    if (collected.length === 0) return []
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
    await writeFileAtomic(json, gatesJson(rows, meta))
    this.written = [csv, json]
    if (html) {
      await writeFileAtomic(html, gatesHtml(rows, collected, meta))
      this.written.push(html)
    }
    const summary = process.env.GITHUB_STEP_SUMMARY
    let summaryProblem = ''
    if (summary) {
      // The job summary is a courtesy: a path that cannot be written is said, not fatal to the run.
      try {
        await appendFile(summary, gatesMarkdown(rows, meta), { flag: 'a' })
        this.written.push(summary)
      } catch (e) {
        summaryProblem = `\nprivacy gates: could not append to GITHUB_STEP_SUMMARY (${summary}): ${(e as Error).message}`
      }
    }
    const table = gatesTerminalTable(rows, useColor(process.stdout, process.env))
    const text = `\n${table}\nprivacy gates report: ${csv}${html ? `, ${html}` : ''}${summaryProblem}\n`
    if (this.vitest?.logger) this.vitest.logger.log(text)
    else process.stdout.write(text + '\n')
    return rows
  }
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
