import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js'
import { schemaRef, thresholdsAjv } from './compile-schema.js'
import { PRECOMPILED, SCHEMA_SHA256 } from './thresholds-validators.generated.js'

// The thresholds schema, read once and compiled once: the one source of option shapes, for the
// thresholds file and for the same settings passed through the API.

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
 * `src/schema/` and the built `dist/schema/` sit two folders below the package root,
 * next to `schema/`, so the same relative URL works in development and once published.
 */
export const THRESHOLDS_SCHEMA_PATH = fileURLToPath(new URL('../../schema/thresholds.schema.json', import.meta.url))

let schemaText: string | undefined
let schemaCache: SchemaNode | undefined
const validators = new Map<string, ValidateFunction>()
let ajv: Ajv2020 | undefined

/**
 * The parsed thresholds schema (read once, then cached). Callers must not modify it: ajv and the
 * README generator share this object.
 */
export function readThresholdsSchema(): SchemaNode {
  schemaCache ??= JSON.parse(thresholdsSchemaText()) as SchemaNode
  return schemaCache
}

/** The text of the schema file, read once. */
export function thresholdsSchemaText(): string {
  schemaText ??= readFileSync(THRESHOLDS_SCHEMA_PATH, 'utf8')
  return schemaText
}

/** SHA-256 (hex) of a schema text: what ties the precompiled validators to the schema they came from. */
export function schemaSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * The compiled validator of the whole thresholds file (`ref` `''`) or of one of its definitions
 * (`ref` `'AttackSettings'`: `#/$defs/AttackSettings`).
 *
 * Why precompiled: compiling the schema with ajv took about 0.6 s, a third of a `privacy-gates
 * check` that reads every reference model from the cache. `npm run generate` writes ajv's
 * standalone code for the validators used on every run (`thresholds-validators.generated.ts`,
 * with the schema's SHA-256); they are used while the schema file still has that hash. Any other
 * definition, or a schema edited since (before `npm run generate`), is compiled here on first use,
 * with the same options, so the result is the same either way — only slower.
 */
export function schemaValidator(ref = ''): ValidateFunction {
  let v = validators.get(ref)
  if (v === undefined) {
    const schema = readThresholdsSchema()
    if (ref !== '' && schema.$defs?.[ref] === undefined) throw new RangeError(`schemaValidator: the thresholds schema has no definition ${JSON.stringify(ref)}`)
    const precompiled = (PRECOMPILED as Record<string, unknown>)[ref] as ValidateFunction | undefined
    if (precompiled !== undefined && schemaSha256(thresholdsSchemaText()) === SCHEMA_SHA256) {
      v = precompiled
    } else {
      ajv ??= thresholdsAjv(schema)
      v = ajv.getSchema(schemaRef(ref))!
    }
    validators.set(ref, v)
  }
  return v
}
