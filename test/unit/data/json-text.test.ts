import { describe, expect, it } from 'vitest'
import { describeJsonError, findDuplicateKeys, lineColumn, locateJsonError } from '../../../src/data/json-text.js'

describe('locateJsonError', () => {
  it('locateJsonError agrees with JSON.parse', () => {
    const valid = ['{}', '[]', ' [1, -0.5e+3, "a\\u00e9\\n", true, false, null, {"k": [ ]}] ', '"s"', '0']
    for (const t of valid) {
      expect(() => JSON.parse(t)).not.toThrow()
      expect(locateJsonError(t)).toBeUndefined()
    }
    const invalid = ['[01]', '[1.]', '[-]', '["\t"]', '["\\x"]', '[1 2]', 'tru', '{"a" 1}', '[1]x', '["\\u12G4"]']
    for (const t of invalid) {
      expect(() => JSON.parse(t)).toThrow()
      expect(locateJsonError(t)).toBeDefined()
    }
  })
})

describe('describeJsonError', () => {
  it('names line, column and what was expected', () => {
    expect(describeJsonError('{\n  "a": 1,\n}')).toEqual({ at: 12, line: 3, column: 1, detail: 'expected a property name in double quotes, found "}"' })
    expect(describeJsonError('[1')).toMatchObject({ line: 1, column: 3, detail: "expected ',' or ']', found the end of the file" })
    expect(describeJsonError('{"a": [1, {"b": null}]}')).toBeUndefined()
  })

  it('lineColumn counts from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
  })
})

describe('findDuplicateKeys', () => {
  it('finds a repeated key with both positions and its pointer', () => {
    const text = '{\n  "gates": {\n    "membershipAuc": { "max": 0.6, "max": 0.99 }\n  }\n}'
    expect(findDuplicateKeys(text)).toEqual([
      { pointer: '/gates/membershipAuc/max', key: 'max', at: { line: 3, column: 36 }, first: { line: 3, column: 24 } },
    ])
  })

  it('compares keys after unescaping, escapes pointers, and looks inside arrays', () => {
    expect(findDuplicateKeys('{"a": 1, "\\u0061": 2}').map((d) => d.pointer)).toEqual(['/a'])
    expect(findDuplicateKeys('{"m": {"a/b": 1, "a/b": 2}}').map((d) => d.pointer)).toEqual(['/m/a~1b'])
    expect(findDuplicateKeys('[{"k": 1}, {"k": 1, "k": 2}]').map((d) => d.pointer)).toEqual(['/1/k'])
  })

  it('the same key in different objects is no repeat; invalid text has none', () => {
    expect(findDuplicateKeys('{"a": {"x": 1}, "b": {"x": 2}}')).toEqual([])
    expect(findDuplicateKeys('{"a": 1, "a": 2')).toEqual([])
  })
})
