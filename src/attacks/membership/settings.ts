import { describeValue } from '../../data/describe.js'
import { schemaIssues } from '../../schema/issues.js'
import { schemaValidator } from '../../schema/thresholds-schema.js'
import type { AttackSettings } from './types.js'

/**
 * Checks attack settings passed through the API against the thresholds schema's `AttackSettings`
 * definition — the same shapes, bounds and words as the file (`settings.k: expected an integer
 * ≥ 1, found 0`) — so an option is declared once, in the schema. Throws a TypeError (a value of
 * the wrong type, an unknown key) or a RangeError (a value out of bounds) for the first problem,
 * naming it `settings.<key>` (array items as `settings.hidden[0]`).
 *
 * @example
 * checkAttackSettings({ k: 8, epochs: 30 }) // returns the same object
 * checkAttackSettings({ k: 0 })             // RangeError: settings.k: expected an integer ≥ 1, found 0
 */
export function checkAttackSettings(settings: unknown): AttackSettings {
  if (settings === undefined) return {}
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new TypeError(`settings: expected an object, found ${describeValue(settings)}`)
  }
  // A recipe function is the API's alternative to the file's module path (a string), which the
  // schema cannot describe: the rest is checked without it.
  const { recipe } = settings as AttackSettings
  const described = typeof recipe === 'function' ? { ...settings, recipe: undefined } : settings
  const [first] = schemaIssues(schemaValidator('AttackSettings'), described)
  if (first === undefined) return settings as AttackSettings
  if (first.pointer === '/recipe' && first.keyword === 'type') {
    throw new TypeError(`settings.recipe: expected a module path or a function (dataset, { seed, classes, signal }) => Promise<model>, found ${describeValue(recipe)}`)
  }
  const message = `settings${pathOf(first.pointer)}: ${first.message}`
  throw SHAPE_KEYWORDS.has(first.keyword) ? new TypeError(message) : new RangeError(message)
}

/** Keywords about the shape of a value (its type, its keys) rather than its range. */
const SHAPE_KEYWORDS = new Set(['type', 'additionalProperties', 'required', 'propertyNames', 'discriminator'])

/** `/hidden/0` → `.hidden[0]`: how the API's users write the path. */
function pathOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((t) => (/^(0|[1-9]\d*)$/.test(t) ? `[${t}]` : `.${t}`))
    .join('')
}
