import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import { closestName } from '../data/csv.js'
import { pointerToken } from '../data/json-pointer.js'
import { describeExpected, describeFound } from './describe.js'
import { readThresholdsSchema, type SchemaNode } from './thresholds-schema.js'

/** One problem of a value checked against the thresholds schema: where (JSON pointer) and what. */
export interface SchemaIssue {
  /** JSON pointer (RFC 6901) of the offending value; `''` is the whole value. */
  pointer: string
  /** What was expected and what was found, e.g. `expected a number in [0, 1], found 1.5`. */
  message: string
  /** The schema keyword that failed (`type`, `minimum`, `additionalProperties`, …). */
  keyword: string
}

/**
 * Checks `doc` with a compiled validator of the thresholds schema (see {@link schemaValidator}) and
 * returns every problem at once (empty when valid) as JSON pointers and messages. ajv's raw errors
 * are collapsed so that one mistake yields one issue: a value that breaks several constraints of
 * one schema (type and bounds, length and pattern) is one "expected …, found …"; several missing
 * keys of one object are one issue.
 *
 * @example
 * schemaIssues(schemaValidator('AttackSettings'), { k: 0 })
 * // [{ pointer: '/k', message: 'expected an integer ≥ 1, found 0' }]
 */
export function schemaIssues(validate: ValidateFunction, doc: unknown): SchemaIssue[] {
  if (validate(doc)) return []
  const issues: SchemaIssue[] = []
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
        issues.push({ keyword: e.keyword, pointer: `${at}/${pointerToken(key)}`, message: unknownKeyMessage(key, Object.keys(parent.properties ?? {})) })
        break
      }
      case 'required': {
        const key = String((e.params as { missingProperty: string }).missingProperty)
        const list = missing.get(at)
        if (list === undefined) {
          missing.set(at, [key])
          // The issue is pushed now (keeping its place in the order) and its message completed below.
          issues.push({ keyword: e.keyword, pointer: at, message: '' })
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
        issues.push({ keyword: e.keyword, pointer: `${at}/${pointerToken(name)}`, message: `invalid name ${JSON.stringify(name)}: expected ${expected}` })
        break
      }
      case 'minProperties': {
        const limit = (e.params as { limit: number }).limit
        issues.push({ keyword: e.keyword, pointer: at, message: `expected at least ${limit} ${limit === 1 ? 'entry' : 'entries'}, found ${describeFound(e.data)}` })
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
        issues.push({ keyword: e.keyword, pointer: at, message: `expected ${describeExpected(parent)}, found ${describeFound(e.data, e.keyword === 'type')}` })
        break
      }
      case 'oneOf': {
        // A value that may take one of several forms (`a`: a number in [0, 1] or "tune"): one
        // issue naming every form, in place of the one its first branch raised.
        const forms = ((parent.oneOf as SchemaNode[] | undefined) ?? []).map((b) => describeExpected(b))
        const issue = { keyword: e.keyword, pointer: at, message: `expected ${forms.join(' or ')}, found ${describeFound(e.data)}` }
        const earlier = issues.findIndex((i) => i.pointer === at && valueIssueAt.has(at))
        if (earlier >= 0) issues[earlier] = issue
        else issues.push(issue)
        valueIssueAt.add(at)
        break
      }
      case 'discriminator': {
        // A `oneOf` chosen by a tag key (the target's "type"): name the allowed tags, not ajv's
        // "value of tag must be in oneOf".
        const { tag, tagValue } = e.params as { tag: string; tagValue?: unknown }
        const allowed = tagValues(parent, tag)
        issues.push(
          tagValue === undefined
            ? { keyword: e.keyword, pointer: at, message: `missing required key ${JSON.stringify(tag)} (one of ${allowed})` }
            : { keyword: e.keyword, pointer: `${at}/${pointerToken(tag)}`, message: `expected one of ${allowed}, found ${describeFound(tagValue)}` },
        )
        break
      }
      default:
        // A keyword this module does not phrase yet (the schema grew): ajv's own wording still
        // says what is wrong, and the pointer says where.
        issues.push({ keyword: e.keyword, pointer: at, message: `${e.message ?? `fails "${e.keyword}"`}, found ${describeFound(e.data)}` })
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
  return issues
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const best = closestName(key, allowed)
  if (best !== undefined) return `unknown key ${JSON.stringify(key)}; did you mean ${JSON.stringify(best)}?`
  return allowed.length === 0
    ? `unknown key ${JSON.stringify(key)}; no keys are allowed here`
    : `unknown key ${JSON.stringify(key)}; allowed keys here: ${allowed.map((k) => JSON.stringify(k)).join(', ')}`
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
