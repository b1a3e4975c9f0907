import { describe, expect, it } from 'vitest'
import { integerFlag, repeatsOption } from '../../../src/cli/integer-flag.js'
import { UsageError } from '../../../src/cli/usage-error.js'

describe('integerFlag', () => {
  it('reads decimal integers at or above the minimum', () => {
    expect(integerFlag('8', '--k', 1)).toBe(8)
    expect(integerFlag(' 12 ', '--budget', 1)).toBe(12)
    expect(integerFlag('-3', '--seed')).toBe(-3)
    expect(integerFlag('0', '--seed')).toBe(0)
  })

  it('refuses what Number() would read but a person did not write as an integer, naming the flag (a usage error)', () => {
    for (const bad of ['1e3', '0x10', '2.5', 'two', '', '1 000', '9007199254740993']) {
      expect(() => integerFlag(bad, '--k', 1)).toThrow(UsageError)
      expect(() => integerFlag(bad, '--k', 1)).toThrow(`--k: expected an integer ≥ 1, found ${JSON.stringify(bad)}`)
    }
    expect(() => integerFlag('0', '--members', 1)).toThrow('--members: expected an integer ≥ 1, found "0"')
    expect(() => integerFlag('x', '--seed')).toThrow('--seed: expected an integer, found "x"')
  })

  it('gives --repeats its default and its own words', () => {
    expect(repeatsOption(undefined)).toBe(1)
    expect(repeatsOption('3')).toBe(3)
    expect(() => repeatsOption('-1')).toThrow('--repeats: expected a positive integer number of seeds, found "-1"')
  })
})
