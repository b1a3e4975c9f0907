import { readFile } from 'node:fs/promises'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { DEFAULTS_FILE, KEYS_DOC_FILE, readKeysSection, renderDefaults, renderKeysSection, renderTypes, renderValidators, TYPES_FILE, VALIDATORS_FILE } from '../../../scripts/generate-lib.js'
import type { ReferenceRecipe } from '../../../src/attacks/membership/recipe.js'
import type { AttackSettings } from '../../../src/attacks/membership/types.js'
import type { AttackSettings as FileAttackSettings } from '../../../src/schema/types.js'

// The committed outputs of `npm run generate` must match a fresh rendering from the schema, so a
// schema change cannot ship with stale types or docs.
describe('files generated from schema/thresholds.schema.json', () => {
  it("the API's AttackSettings is the file's (derived from it), without `suite`, its recipe also a function", () => {
    // Checked by tsc (npm run typecheck).
    expectTypeOf<Omit<FileAttackSettings, 'suite' | 'recipe'>>().toEqualTypeOf<Omit<AttackSettings, 'recipe'>>()
    expectTypeOf<FileAttackSettings['recipe']>().toExtend<AttackSettings['recipe']>()
    expectTypeOf<ReferenceRecipe>().toExtend<AttackSettings['recipe']>()
  })

  it('src/schema/types.ts is current', async () => {
    const committed = await readFile(TYPES_FILE, 'utf8')
    expect(committed, 'src/schema/types.ts is stale: run npm run generate').toBe(await renderTypes())
  })

  it('src/schema/thresholds-validators.generated.ts is current', async () => {
    const committed = await readFile(VALIDATORS_FILE, 'utf8')
    expect(committed === renderValidators(), 'src/schema/thresholds-validators.generated.ts is stale: run npm run generate').toBe(true)
  })

  it('src/schema/defaults.ts is current', async () => {
    const committed = await readFile(DEFAULTS_FILE, 'utf8')
    expect(committed, 'src/schema/defaults.ts is stale: run npm run generate').toBe(renderDefaults())
  })

  it('the table of thresholds-file keys in docs/thresholds-file.md is current', async () => {
    const section = readKeysSection(await readFile(KEYS_DOC_FILE, 'utf8'))
    expect(section, 'docs/thresholds-file.md lacks the <!-- thresholds-keys:start --> / <!-- thresholds-keys:end --> markers').toBeDefined()
    expect(section, 'the key table of docs/thresholds-file.md is stale: run npm run generate').toBe(renderKeysSection())
  })

  it('the table has a row for every key, with its type and default', () => {
    const table = renderKeysSection()
    for (const row of [
      '| `models.<name>.gates.membershipAuc.max` | number in [0, 1] | — |',
      '| `models.<name>.gates.membershipTpr.atFpr` | number > 0 and ≤ 1 | `0.01` |',
      '| `models.<name>.gates.surrogateFidelity.budget` | integer ≥ 1 | the whole pool |',
      '| `models.<name>.gates.cleanAccuracy.level` | one of "error", "warn", "off" | `"error"` |',
      '| `models.<name>.target.path` | non-empty string | required |',
      '| `models.<name>.data.evaluation` | path ending in .csv or .json or an object { "x", "y" } | the nonMembers file |',
      '| `defaults.gates` | object | — |',
    ]) {
      expect(table).toContain(row)
    }
    expect(table).toContain('\\|TPR − FPR\\|') // a pipe in a description must not split the cell
  })
})
