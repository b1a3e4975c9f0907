import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'

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

/** The key the schema is registered under in ajv (its `$id` may change; this does not). */
const SCHEMA_KEY = 'privacy-gates-thresholds'

let schemaCache: SchemaNode | undefined
const validators = new Map<string, ValidateFunction>()
let ajv: Ajv2020 | undefined

/**
 * The parsed thresholds schema (read once, then cached). Callers must not modify it: ajv and the
 * README generator share this object.
 */
export function readThresholdsSchema(): SchemaNode {
  schemaCache ??= JSON.parse(readFileSync(THRESHOLDS_SCHEMA_PATH, 'utf8')) as SchemaNode
  return schemaCache
}

/**
 * The compiled validator of the whole thresholds file (`ref` `''`) or of one of its definitions
 * (`ref` `'AttackSettings'`: `#/$defs/AttackSettings`), compiled on first use only: ajv's
 * compilation costs milliseconds and its standalone ESM output still calls `require`, so compiling
 * at run time and caching is the portable choice. One ajv instance holds the schema once.
 */
export function schemaValidator(ref = ''): ValidateFunction {
  let v = validators.get(ref)
  if (v === undefined) {
    const schema = readThresholdsSchema()
    if (validators.size === 0) {
      // verbose: errors then carry `data` (for "found …") and `parentSchema` (for "expected …" and
      // the allowed keys behind "did you mean").
      ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, discriminator: true })
      ajv.addSchema(schema as object, SCHEMA_KEY)
    }
    if (ref !== '' && schema.$defs?.[ref] === undefined) throw new RangeError(`schemaValidator: the thresholds schema has no definition ${JSON.stringify(ref)}`)
    v = ajv!.getSchema(ref === '' ? SCHEMA_KEY : `${SCHEMA_KEY}#/$defs/${ref}`)!
    validators.set(ref, v)
  }
  return v
}
