import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../../../src/gates/config/read.js'
import { ConfigError } from '../../../../src/gates/config/validate.js'

describe('parseConfigText', () => {
  it('reports a broken file nested too deep for the locator as a ConfigError, not a stack overflow', () => {
    const deep = `{"a":${'['.repeat(20_000)}1${']'.repeat(19_999)}}`
    expect(() => parseConfigText(deep, 'deep.json')).toThrow(ConfigError)
    expect(() => parseConfigText(deep, 'deep.json')).toThrow(/^deep\.json: JSON syntax error: /)
  })
})
