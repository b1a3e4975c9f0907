import { schemaIssues } from '../../schema/issues.js'
import { schemaValidator } from '../../schema/thresholds-schema.js'
import { pointerToken } from '../../data/json-pointer.js'
import { InputError } from '../../errors.js'

/** One problem found in a thresholds file: where it is (JSON pointer) and what is wrong there. */
export interface ConfigIssue {
  /** The thresholds file (absolute path). */
  file: string
  /** JSON pointer (RFC 6901) of the offending value, e.g. `/models/digits/gates/membershipAuc/max`; `''` is the whole document. */
  pointer: string
  /** What was expected and what was found, e.g. `expected a number in [0, 1], found 1.5`. */
  message: string
}

/**
 * Checks a parsed thresholds file against `schema/thresholds.schema.json` and returns every
 * problem at once (an empty array when the document is valid), in the order they appear in the
 * document; see {@link schemaIssues} for how ajv's errors become one issue per mistake.
 *
 * @example
 * validateConfig({ models: { digits: { target: { type: 'tfjs', path: 'm.json' }, data: {}, gates: { membershipAuc: { max: 1.5 } } } } }, 'privacy-gates.json')
 * // [{ file: 'privacy-gates.json', pointer: '/models/digits/gates/membershipAuc/max', message: 'expected a number in [0, 1], found 1.5' }]
 */
export function validateConfig(doc: unknown, file: string): ConfigIssue[] {
  return inDocumentOrder(doc, schemaIssues(schemaValidator(), doc).map(({ pointer, message }) => ({ file, pointer, message })))
}

/**
 * Sorts issues by where their pointer appears in `doc` (depth-first, in key order, which is the
 * order of the JSON text), so a report reads top to bottom like the file. Pointers that are not in
 * the document keep their relative order at the end. Used for schema issues and for the checks
 * `loadConfig` makes after resolving.
 */
export function inDocumentOrder(doc: unknown, issues: readonly ConfigIssue[]): ConfigIssue[] {
  const order = new Map<string, number>()
  const walk = (v: unknown, pointer: string): void => {
    order.set(pointer, order.size)
    if (v === null || typeof v !== 'object') return
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${pointer}/${i}`))
    else for (const [k, item] of Object.entries(v)) walk(item, `${pointer}/${pointerToken(k)}`)
  }
  walk(doc, '')
  return issues
    .map((issue, i) => ({ issue, i, at: order.get(issue.pointer) ?? Infinity }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.issue)
}

/**
 * Formats issues as one block for an error message or the terminal:
 *
 * ```
 * /repo/privacy-gates.json: 2 problems in the thresholds file:
 *   /models/digits/gates/membershipAuc/max: expected a number in [0, 1], found 1.5
 *   /models/digits/gates/membershipAuc/maxx: unknown key "maxx"; did you mean "max"?
 * ```
 *
 * The whole document (pointer `''`) is shown as `(top level)`.
 */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  if (issues.length === 0) return 'no problems in the thresholds file'
  const files = [...new Set(issues.map((i) => i.file))]
  const head = `${files.join(', ')}: ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'} in the thresholds file:`
  return [head, ...issues.map((i) => `  ${i.pointer === '' ? '(top level)' : i.pointer}: ${i.message}`)].join('\n')
}

/**
 * A thresholds file that cannot be used: missing, not JSON, invalid against the schema, or
 * pointing at files that are not there. `issues` lists every problem found (all at once, so one
 * run is enough to fix them); `message` is {@link formatIssues} of them unless a single-line
 * message reads better (a missing file, a syntax error with its line and column).
 */
export class ConfigError extends InputError {
  /** The thresholds file (absolute path). */
  readonly file: string
  /** Every problem found. */
  readonly issues: ConfigIssue[]

  /** Builds the error; `message` defaults to {@link formatIssues}`(issues)`. */
  constructor(file: string, issues: ConfigIssue[], message: string = formatIssues(issues)) {
    super(message)
    this.name = 'ConfigError'
    this.file = file
    this.issues = issues
  }
}
