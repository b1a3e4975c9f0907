import { describe, expect, it } from 'vitest'
import { ConfigError, formatIssues, validateConfig } from '../../../../src/gates/config/index.js'

const FILE = '/repo/privacy-gates.json'
const model = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  target: { type: 'tfjs', path: 'model.json' },
  data: { members: 'm.csv', nonMembers: 'n.csv' },
  ...extra,
})
const lines = (doc: unknown): string[] => validateConfig(doc, FILE).map((i) => `${i.pointer}: ${i.message}`)

describe('validateConfig', () => {
  it('accepts a valid document (no issues)', () => {
    expect(validateConfig({ models: { digits: model({ gates: { membershipAuc: { max: 0.6 } } }) } }, FILE)).toEqual([])
  })

  it('names the file in every issue', () => {
    const issues = validateConfig({ models: { digits: model({ seed: 1.5 }) } }, FILE)
    expect(issues).toEqual([{ file: FILE, pointer: '/models/digits/seed', message: 'expected an integer, found 1.5' }])
  })

  it('refuses a document that is not an object, and one without models', () => {
    expect(lines([])).toEqual([': expected an object, found an empty array'])
    expect(lines({})).toEqual([': missing required key "models"'])
    expect(lines({ models: {} })).toEqual(['/models: expected at least 1 entry, found an empty object'])
  })

  it('gives one issue per wrong value, however many constraints it breaks', () => {
    // "" breaks both minLength and the file-extension pattern; 2.5 breaks type (integer) only.
    expect(lines({ models: { digits: model({ data: { members: '' }, target: { type: 'tfjs', path: 'm.json', batchSize: 0 } }) } })).toEqual([
      '/models/digits/target/batchSize: expected an integer ≥ 1, found 0',
      '/models/digits/data/members: expected a path ending in .csv or .json or an object { "x", "y" }, found ""',
    ])
  })

  it('says what kind of value was found instead of an object', () => {
    expect(lines({ models: { digits: model({ gates: [] }) } })).toEqual(['/models/digits/gates: expected an object, found an empty array'])
    expect(lines({ models: { digits: model({ gates: { membershipAuc: null } }) } })).toEqual([
      '/models/digits/gates/membershipAuc: expected an object, found null',
    ])
  })

  it('suggests a gate name with different capitalisation, and a data key', () => {
    expect(lines({ models: { digits: model({ gates: { membershipAUC: { max: 0.6 } }, data: { member: 'm.csv' } }) } })).toEqual([
      '/models/digits/data/member: unknown key "member"; did you mean "members"?',
      '/models/digits/gates/membershipAUC: unknown key "membershipAUC"; did you mean "membershipAuc"?',
    ])
  })

  it('escapes keys in pointers (RFC 6901)', () => {
    expect(lines({ models: { digits: model({ 'a/b~c': 1 }) } })).toEqual(['/models/digits/a~1b~0c: unknown key "a/b~c"; allowed keys here: "description", "target", "data", "gates", "seed", "attackSettings", "training"'])
  })

  it('truncates long strings in "found"', () => {
    const [issue] = validateConfig({ models: { digits: model({ gates: { cleanAccuracy: { min: 0.9, level: 'x'.repeat(100) } } }) } }, FILE)
    expect(issue.message).toBe(`expected one of "error", "warn", "off", found "${'x'.repeat(60)}…"`)
  })
})

describe('formatIssues and ConfigError', () => {
  it('formats one block: a head line, then one line per issue', () => {
    const issues = validateConfig({ models: { digits: model({ gates: { membershipAuc: { max: 1.5, maxx: 1 } } }) } }, FILE)
    expect(formatIssues(issues)).toBe(
      [
        '/repo/privacy-gates.json: 2 problems in the thresholds file:',
        '  /models/digits/gates/membershipAuc/max: expected a number in [0, 1], found 1.5',
        '  /models/digits/gates/membershipAuc/maxx: unknown key "maxx"; did you mean "max"?',
      ].join('\n'),
    )
    const error = new ConfigError(FILE, issues)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('ConfigError')
    expect(error.file).toBe(FILE)
    expect(error.issues).toBe(issues)
    expect(error.message).toBe(formatIssues(issues))
  })

  it('shows the whole document as (top level)', () => {
    expect(formatIssues(validateConfig({}, FILE))).toBe('/repo/privacy-gates.json: 1 problem in the thresholds file:\n  (top level): missing required key "models"')
  })
})
