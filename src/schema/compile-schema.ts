import { createRequire } from 'node:module'
import type { Ajv2020, Options } from 'ajv/dist/2020.js'

/** The key the thresholds schema is registered under in ajv (its `$id` may change; this does not). */
const SCHEMA_KEY = 'privacy-gates-thresholds'

/**
 * The definitions (besides the whole file, `''`) whose validators `npm run generate` precompiles
 * into `thresholds-validators.generated.ts`; any other is compiled at run time on first use.
 */
export const PRECOMPILED_REFS = ['', 'AttackSettings'] as const

/**
 * An ajv instance holding the thresholds schema, with the options every validator of it uses —
 * the run-time compiler and `npm run generate` share them, so a precompiled validator reports the
 * same errors as a compiled one. `extra` adds options (the generator's `code.source`).
 *
 * Why `require`: ajv is CommonJS and loading it costs about 0.2 s, paid only when something is
 * compiled at run time (a definition that is not precompiled, or a schema edited since
 * `npm run generate`), never on the common path.
 */
export function thresholdsAjv(schema: object, extra: Options = {}): Ajv2020 {
  const { Ajv2020: AjvClass } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')
  // verbose: errors then carry `data` (for "found …") and `parentSchema` (for "expected …" and
  // the allowed keys behind "did you mean").
  const ajv = new AjvClass({ allErrors: true, strict: true, verbose: true, discriminator: true, ...extra })
  ajv.addSchema(schema, SCHEMA_KEY)
  return ajv
}

/** The ajv reference of a definition (`''`: the whole file). */
export function schemaRef(ref: string): string {
  return ref === '' ? SCHEMA_KEY : `${SCHEMA_KEY}#/$defs/${ref}`
}
