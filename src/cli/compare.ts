import { parseArgs } from 'node:util'
import { compareRuns } from '../compare/compare-runs.js'
import { comparisonMarkdown, comparisonText } from '../compare/comparison-table.js'
import { readReport } from '../compare/read-report.js'
import { asInput } from './as-input.js'
import { UsageError } from './usage-error.js'

/** `privacy-gates compare --help`. */
export const COMPARE_HELP = `privacy-gates compare BASE.json HEAD.json [--markdown] [--level A] [--fail-on-regression]

Compares two runs' privacy-gates.json (the base branch's and this change's) gate by gate: base
value, head value, difference, and whether it is significant at level A. Membership AUCs measured
on the same records are compared with the paired DeLong test (the reports keep DeLong's structural
components: ranks, never scores or records); AUCs on different records, or from different package
versions, with the unpaired DeLong test; other values with an interval with an unpaired normal
test; the table says which test each row used.

  --markdown             print a Markdown table (for a pull-request comment or
                         >> "$GITHUB_STEP_SUMMARY") instead of the text table
  --level A              significance level of the two-sided tests (default 0.05)
  --fail-on-regression   exit 1 when a gate is significantly worse in HEAD
`

/** `privacy-gates compare`: returns false when `--fail-on-regression` is set and a gate regressed. */
export async function compareCommand(argv: string[], log: (s: string) => void): Promise<boolean> {
  const { values, positionals } = parseArgs({
    args: argv, strict: true, allowPositionals: true,
    options: { markdown: { type: 'boolean' }, level: { type: 'string' }, 'fail-on-regression': { type: 'boolean' } },
  })
  if (positionals.length !== 2) {
    throw new UsageError(`compare: expected two reports, BASE.json and HEAD.json, found ${positionals.length}`)
  }
  const level = values.level === undefined ? 0.05 : Number(values.level)
  if (!(level > 0 && level < 1)) throw new UsageError(`--level: expected a number strictly between 0 and 1, found "${values.level}"`)
  const [base, head] = await Promise.all(positionals.map((p) => asInput(() => readReport(p))))
  const result = compareRuns(base, head, { level })
  log(values.markdown ? comparisonMarkdown(result) : comparisonText(result))
  return !(values['fail-on-regression'] && result.gates.some((g) => g.verdict === 'regression'))
}
