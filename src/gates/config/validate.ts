import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { closestName } from '../../data/csv.js'
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
 * A JSON Schema node as this module reads it. Only the keywords the thresholds schema uses are
 * typed; the schema file stays the single source of truth for what they contain.
 */
export interface SchemaNode {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  default?: unknown
  description?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minLength?: number
  pattern?: string
  minProperties?: number
  required?: string[]
  properties?: Record<string, SchemaNode>
  additionalProperties?: boolean | SchemaNode
  propertyNames?: SchemaNode
  $defs?: Record<string, SchemaNode>
  [keyword: string]: unknown
}

/**
 * Absolute path of `schema/thresholds.schema.json`. Resolved from this module's URL: both
 * `src/gates/config/` and the built `dist/gates/config/` sit three folders below the package root,
 * next to `schema/`, so the same relative URL works in development and once published.
 */
export const THRESHOLDS_SCHEMA_PATH = fileURLToPath(new URL('../../../schema/thresholds.schema.json', import.meta.url))

let schemaCache: SchemaNode | undefined
let validatorCache: ValidateFunction | undefined

/**
 * The parsed thresholds schema (read once, then cached). Callers must not modify it: ajv and the
 * README generator share this object.
 */
export function readThresholdsSchema(): SchemaNode {
  schemaCache ??= JSON.parse(readFileSync(THRESHOLDS_SCHEMA_PATH, 'utf8')) as SchemaNode
  return schemaCache
}

/**
 * Compiles the schema on first use only: ajv's compilation costs milliseconds and its standalone
 * ESM output still calls `require`, so compiling at run time and caching is the portable choice.
 */
function validator(): ValidateFunction {
  if (validatorCache === undefined) {
    // verbose: errors then carry `data` (for "found …") and `parentSchema` (for "expected …" and
    // the allowed keys behind "did you mean").
    const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, discriminator: true })
    validatorCache = ajv.compile(readThresholdsSchema())
  }
  return validatorCache
}

/**
 * Checks a parsed thresholds file against `schema/thresholds.schema.json` and returns every
 * problem at once (an empty array when the document is valid), in the order they appear in the
 * document. ajv's raw errors are collapsed so that one mistake yields one issue: a value that
 * breaks several constraints of one schema (type and bounds, length and pattern) is one "expected
 * …, found …"; several missing keys of one object are one issue.
 *
 * @example
 * validateConfig({ models: { digits: { target: { type: 'tfjs', path: 'm.json' }, data: {}, gates: { membershipAuc: { max: 1.5 } } } } }, 'privacy-gates.json')
 * // [{ file: 'privacy-gates.json', pointer: '/models/digits/gates/membershipAuc/max', message: 'expected a number in [0, 1], found 1.5' }]
 */
export function validateConfig(doc: unknown, file: string): ConfigIssue[] {
  const validate = validator()
  if (validate(doc)) return []
  const issues: ConfigIssue[] = []
  const valueIssueAt = new Set<string>()
  const missing = new Map<string, string[]>()
  for (const e of validate.errors ?? []) {
    // Errors raised while checking a key *name* (propertyNames) repeat the propertyNames error
    // that follows them; that one is reported instead.
    if ((e as ErrorObject & { propertyName?: string }).propertyName !== undefined) continue
    const at = e.instancePath
    const parent = (e.parentSchema ?? {}) as SchemaNode
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty)
        issues.push({ file, pointer: `${at}/${pointerToken(key)}`, message: unknownKeyMessage(key, Object.keys(parent.properties ?? {})) })
        break
      }
      case 'required': {
        const key = String((e.params as { missingProperty: string }).missingProperty)
        const list = missing.get(at)
        if (list === undefined) {
          missing.set(at, [key])
          // The issue is pushed now (keeping its place in the order) and its message completed below.
          issues.push({ file, pointer: at, message: '' })
        } else {
          list.push(key)
        }
        break
      }
      case 'propertyNames': {
        const name = String((e.params as { propertyName: string }).propertyName)
        const rule = parent.propertyNames ?? {}
        // The schema's description of the rule reads better than its regular expression.
        const expected =
          rule.description !== undefined
            ? rule.description.charAt(0).toLowerCase() + rule.description.slice(1).replace(/\.$/, '')
            : describeExpected(rule)
        issues.push({ file, pointer: `${at}/${pointerToken(name)}`, message: `invalid name ${JSON.stringify(name)}: expected ${expected}` })
        break
      }
      case 'minProperties': {
        const limit = (e.params as { limit: number }).limit
        issues.push({ file, pointer: at, message: `expected at least ${limit} ${limit === 1 ? 'entry' : 'entries'}, found ${describeFound(e.data)}` })
        break
      }
      case 'type':
      case 'enum':
      case 'const':
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'multipleOf':
      case 'minLength':
      case 'maxLength':
      case 'pattern':
      case 'format': {
        // One value, one issue: the expectation is phrased from the whole schema of the value
        // (so "1.5" under minimum+maximum, or "" under minLength+pattern, is reported once).
        if (valueIssueAt.has(at)) break
        valueIssueAt.add(at)
        issues.push({ file, pointer: at, message: `expected ${describeExpected(parent)}, found ${describeFound(e.data, e.keyword === 'type')}` })
        break
      }
      case 'discriminator': {
        // A `oneOf` chosen by a tag key (the target's "type"): name the allowed tags, not ajv's
        // "value of tag must be in oneOf".
        const { tag, tagValue } = e.params as { tag: string; tagValue?: unknown }
        const allowed = tagValues(parent, tag)
        issues.push(
          tagValue === undefined
            ? { file, pointer: at, message: `missing required key ${JSON.stringify(tag)} (one of ${allowed})` }
            : { file, pointer: `${at}/${pointerToken(tag)}`, message: `expected one of ${allowed}, found ${describeFound(tagValue)}` },
        )
        break
      }
      default:
        // A keyword this module does not phrase yet (the schema grew): ajv's own wording still
        // says what is wrong, and the pointer says where.
        issues.push({ file, pointer: at, message: `${e.message ?? `fails "${e.keyword}"`}, found ${describeFound(e.data)}` })
    }
  }
  for (const issue of issues) {
    const keys = issue.message === '' ? missing.get(issue.pointer) : undefined
    if (keys === undefined) continue
    issue.message =
      keys.length === 1
        ? `missing required key ${JSON.stringify(keys[0])}`
        : `missing required keys ${keys.map((k) => JSON.stringify(k)).join(', ')}`
  }
  return inDocumentOrder(doc, issues)
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

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const best = closestName(key, allowed)
  if (best !== undefined) return `unknown key ${JSON.stringify(key)}; did you mean ${JSON.stringify(best)}?`
  return allowed.length === 0
    ? `unknown key ${JSON.stringify(key)}; no keys are allowed here`
    : `unknown key ${JSON.stringify(key)}; allowed keys here: ${allowed.map((k) => JSON.stringify(k)).join(', ')}`
}

/**
 * What a schema node accepts, in words, for "expected …" messages and the README's key table:
 * `a number in [0, 1]`, `a number > 0 and ≤ 1`, `an integer ≥ 1`, `one of "error", "warn", "off"`,
 * `a non-empty string`, `a path ending in .csv or .json`, `an object`.
 */
export function describeExpected(schema: SchemaNode): string {
  if (schema.enum !== undefined) {
    const values = schema.enum.map((v) => JSON.stringify(v))
    return values.length === 1 ? values[0] : `one of ${values.join(', ')}`
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types.length !== 1) return types.length === 0 ? 'a valid value' : `one of the types ${types.join(', ')}`
  switch (types[0]) {
    case 'number':
    case 'integer':
      return `${types[0] === 'integer' ? 'an integer' : 'a number'}${describeBounds(schema)}`
    case 'string': {
      const extensions = fileExtensions(schema.pattern)
      if (extensions !== undefined) return `a path ending in ${extensions.join(' or ')}`
      const base = (schema.minLength ?? 0) >= 1 ? 'a non-empty string' : 'a string'
      return schema.pattern === undefined ? base : `${base} matching /${schema.pattern}/`
    }
    case 'object':
      return schema.minProperties !== undefined && schema.minProperties > 0
        ? `an object with at least ${schema.minProperties} ${schema.minProperties === 1 ? 'entry' : 'entries'}`
        : 'an object'
    case 'array':
      return 'an array'
    case 'boolean':
      return 'true or false'
    case 'null':
      return 'null'
    default:
      return `a value of type ${types[0]}`
  }
}

function describeBounds(s: SchemaNode): string {
  const lo = s.exclusiveMinimum ?? s.minimum
  const hi = s.exclusiveMaximum ?? s.maximum
  // Closed intervals read best as [a, b] (every threshold is one); anything else is spelled out.
  if (s.minimum !== undefined && s.maximum !== undefined && s.exclusiveMinimum === undefined && s.exclusiveMaximum === undefined) {
    return ` in [${s.minimum}, ${s.maximum}]`
  }
  const parts: string[] = []
  if (lo !== undefined) parts.push(`${s.exclusiveMinimum !== undefined ? '>' : '≥'} ${lo}`)
  if (hi !== undefined) parts.push(`${s.exclusiveMaximum !== undefined ? '<' : '≤'} ${hi}`)
  return parts.length === 0 ? '' : ` ${parts.join(' and ')}`
}

/** `\.(csv|json|CSV|JSON)$` → `['.csv', '.json']`: file-type patterns read better as extensions. */
function fileExtensions(pattern: string | undefined): string[] | undefined {
  const m = pattern === undefined ? null : /^\\\.\(([A-Za-z0-9|]+)\)\$$/.exec(pattern)
  if (m === null) return undefined
  return [...new Set(m[1].split('|').map((e) => `.${e.toLowerCase()}`))]
}

/**
 * A value as a "found …" phrase: numbers, `true`/`false` and `null` as written; strings quoted
 * (and called "a string" when the type itself was wrong, so `"0.5"` is not misread as 0.5); arrays
 * and objects by their kind only, never their contents.
 */
export function describeFound(v: unknown, typeMismatch = false): string {
  if (typeof v === 'string') {
    const quoted = JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)
    return typeMismatch ? `a string (${quoted})` : quoted
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v === null) return 'null'
  if (v === undefined) return 'nothing'
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : `an array of length ${v.length}`
  if (typeof v === 'object') return Object.keys(v).length === 0 ? 'an empty object' : 'an object'
  return typeof v
}

/** Escapes one JSON-pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
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

/** The `const` values of `tag` in the branches of a discriminated `oneOf`, quoted: `"tfjs", "onnx", "http"`. */
function tagValues(schema: SchemaNode, tag: string): string {
  const root = readThresholdsSchema()
  const branches = (schema.oneOf as SchemaNode[] | undefined) ?? []
  return branches
    .map((b) => {
      const m = b.$ref === undefined ? null : /^#\/\$defs\/([^/]+)$/.exec(b.$ref)
      const node = m === null ? b : (root.$defs?.[m[1]] ?? b)
      return JSON.stringify(node.properties?.[tag]?.const)
    })
    .join(', ')
}
