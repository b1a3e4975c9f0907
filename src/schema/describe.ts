import type { SchemaNode } from './thresholds-schema.js'

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
  // A choice of plain alternatives (a folder or false), described one by one.
  if (types.length === 0 && Array.isArray(schema.oneOf)) return (schema.oneOf as SchemaNode[]).map(describeExpected).join(' or ')
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
    case 'object': {
      // A small fixed record (a .npy pair { "x", "y" }) reads best as its keys.
      const keys = Object.keys(schema.properties ?? {})
      const required = schema.required ?? []
      if (keys.length > 0 && keys.length <= 3 && keys.every((k) => required.includes(k))) return `an object { ${keys.map((k) => JSON.stringify(k)).join(', ')} }`
      return schema.minProperties !== undefined && schema.minProperties > 0
        ? `an object with at least ${schema.minProperties} ${schema.minProperties === 1 ? 'entry' : 'entries'}`
        : 'an object'
    }
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
