import type { ReportSection } from './html/page.js'

/**
 * Something that kept a run from measuring all it should have: a model that could not be measured
 * (wrong input, unreachable target, a bug), a test that failed without a gate result, or a run that
 * was interrupted or never finished. Reports list these so that a failed run never looks passing.
 */
export interface RunProblem {
  /** The model (CLI) or test (Vitest) the problem belongs to; empty for the whole run. */
  where: string
  /** What kind of failure: `input` (exit 2), `unmeasurable` (exit 3), `unexpected` (exit 4), `test` (a failed test or run error), `unfinished`. */
  kind: 'input' | 'unmeasurable' | 'unexpected' | 'test' | 'unfinished'
  /** One line saying what went wrong (never a record or a secret: error messages of this package are written that way). */
  message: string
}

const KIND_TEXT: Record<RunProblem['kind'], string> = {
  input: 'input is wrong',
  unmeasurable: 'target not measured',
  unexpected: 'unexpected error',
  test: 'test failed',
  unfinished: 'run did not finish',
}

/** The report section listing `problems` (status column `fail`, so it is coloured as a failure). */
export function problemsSection(problems: readonly RunProblem[]): ReportSection {
  return {
    title: 'Not measured',
    description: 'These failed before a gate result was recorded: the gates below are not the whole run.',
    table: {
      header: ['where', 'problem', 'status', 'message'],
      statusColumn: 2,
      rows: problems.map((p) => [p.where || '(run)', KIND_TEXT[p.kind], 'fail', p.message]),
    },
    membership: [],
    extraction: [],
  }
}

/** The report's one-line verdict on `problems`, for the page's facts and the JSON report. */
export function problemsSummary(problems: readonly RunProblem[]): string {
  if (problems.length === 0) return 'complete'
  return `INCOMPLETE: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} (${[...new Set(problems.map((p) => KIND_TEXT[p.kind]))].join(', ')})`
}

/** The report placeholder's problem while a run is under way: what a killed run leaves behind. */
export function unfinished(started: string): RunProblem {
  return { where: '', kind: 'unfinished', message: `the run started at ${started} has not finished (still running, interrupted or killed); its results are not in this report` }
}
