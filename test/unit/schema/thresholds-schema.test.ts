import { describe, expect, it } from 'vitest'
import { schemaRef, thresholdsAjv } from '../../../src/schema/compile-schema.js'
import { schemaIssues } from '../../../src/schema/issues.js'
import { readThresholdsSchema, schemaSha256, schemaValidator, thresholdsSchemaText } from '../../../src/schema/thresholds-schema.js'
import { PRECOMPILED, SCHEMA_SHA256 } from '../../../src/schema/thresholds-validators.generated.js'

// Documents with mistakes of every kind the issue phrasing handles: unknown keys (with a near
// miss), missing keys, wrong types, bounds, enums, key names, discriminated targets.
const files: unknown[] = [
  {},
  { models: {} },
  { models: { m: { target: { type: 'onnx' }, gates: { membershipAuc: { max: 1.5, atack: 'lira' } } } } },
  { defaults: { attackSettings: { k: 0, epochs: 'many' } }, models: { 'bad name!': { target: { type: 'http' } } } },
  { models: { m: { target: { type: 'tfjs', path: '' }, data: { members: 3 }, gates: { surrogateFidelity: { level: 'loud' } } } } },
  { models: { m: { target: { type: 'function', path: 'f.js' }, gates: {} } }, extra: true },
]
const settings: unknown[] = [{ k: 0 }, { hidden: [0], epochs: 1.5 }, { recipe: 3, dp: { noiseMultiplier: -1 } }, { kk: 2 }]

describe('schemaValidator: the precompiled validators', () => {
  it('are those of the schema file as it is (npm run generate ran after the last schema change)', () => {
    expect(SCHEMA_SHA256, 'src/schema/thresholds-validators.generated.ts is stale: run npm run generate').toBe(schemaSha256(thresholdsSchemaText()))
    expect(schemaValidator()).toBe(PRECOMPILED[''])
    expect(schemaValidator('AttackSettings')).toBe(PRECOMPILED.AttackSettings)
  })

  it('report the same issues, in the same words, as validators compiled at run time', () => {
    const ajv = thresholdsAjv(readThresholdsSchema())
    const cases: [string, unknown[]][] = [['', files], ['AttackSettings', settings]]
    let issues = 0
    for (const [ref, docs] of cases) {
      const compiled = ajv.getSchema(schemaRef(ref))!
      for (const doc of docs) {
        const expected = schemaIssues(compiled, doc)
        expect(schemaIssues(schemaValidator(ref), doc)).toEqual(expected)
        issues += expected.length
      }
    }
    // The documents above are wrong in many ways: the comparison is not between two empty lists.
    expect(issues).toBeGreaterThan(15)
  })

  it('a definition that is not precompiled is compiled on first use', () => {
    const ref = Object.keys(readThresholdsSchema().$defs!).find((d) => !(d in PRECOMPILED))!
    const v = schemaValidator(ref)
    expect(Object.values(PRECOMPILED)).not.toContain(v)
    expect(schemaValidator(ref)).toBe(v)
    expect(() => schemaValidator('NoSuchDefinition')).toThrow(/no definition "NoSuchDefinition"/)
  })
})
