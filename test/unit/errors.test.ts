import { describe, expect, it } from 'vitest'
import { parseArgs } from 'node:util'
import { UsageError } from '../../src/cli/usage-error.js'
import { DataError } from '../../src/data/data-error.js'
import { EXIT, exitCodeOf, InputError, mostSevere, UnmeasurableTargetError } from '../../src/errors.js'
import { ConfigError } from '../../src/gates/config/index.js'
import { ModelFileError } from '../../src/runtime/model-io.js'
import { HttpTargetError } from '../../src/targets/http/errors.js'
import { TargetAnswerError } from '../../src/targets/target.js'

const http = () => new HttpTargetError('rows 0–9: http://127.0.0.1:1/ unreachable after 2 attempts', { reason: 'unreachable', url: 'http://127.0.0.1:1/', rows: [0, 9] })

describe('exitCodeOf', () => {
  it('2 for every input error class, 3 for a target that could not be measured, 4 for anything else', () => {
    for (const e of [new UsageError('u'), new ConfigError('/f.json', []), new ModelFileError('m'), new DataError('d'), new InputError('i')]) {
      expect(e).toBeInstanceOf(InputError)
      expect(exitCodeOf(e), e.name).toBe(EXIT.input)
    }
    for (const e of [http(), new TargetAnswerError('t'), new UnmeasurableTargetError('x')]) {
      expect(e).toBeInstanceOf(UnmeasurableTargetError)
      expect(exitCodeOf(e), e.name).toBe(EXIT.unmeasurable)
    }
    for (const e of [new Error('bug'), new RangeError('bug'), 'a string', undefined]) expect(exitCodeOf(e)).toBe(EXIT.unexpected)
  })

  it('follows the cause chain: wrapping an error for context keeps its meaning', () => {
    const wrapped = new Error('m › surrogateFidelity: …', { cause: new Error('extraction: …', { cause: http() }) })
    expect(exitCodeOf(wrapped)).toBe(EXIT.unmeasurable)
    expect(exitCodeOf(new Error('m › cleanAccuracy', { cause: new DataError('labels') }))).toBe(EXIT.input)
    // the outermost classified error decides
    expect(exitCodeOf(new InputError('outer', { cause: http() }))).toBe(EXIT.input)
    const loop = new Error('a')
    loop.cause = new Error('b', { cause: loop })
    expect(exitCodeOf(loop)).toBe(EXIT.unexpected)
  })

  it('Node\'s argument-parsing errors are input errors', () => {
    let thrown: unknown
    try { parseArgs({ args: ['--nope'], strict: true, options: {} }) } catch (e) { thrown = e }
    expect(exitCodeOf(thrown)).toBe(EXIT.input)
  })
})

describe('mostSevere', () => {
  it('ranks unexpected over input over unmeasurable over a failed gate over a pass', () => {
    expect(mostSevere([])).toBe(EXIT.pass)
    expect(mostSevere([EXIT.pass, EXIT.gateFailed])).toBe(EXIT.gateFailed)
    expect(mostSevere([EXIT.gateFailed, EXIT.unmeasurable, EXIT.pass])).toBe(EXIT.unmeasurable)
    expect(mostSevere([EXIT.unmeasurable, EXIT.input, EXIT.gateFailed])).toBe(EXIT.input)
    expect(mostSevere([EXIT.input, EXIT.unexpected])).toBe(EXIT.unexpected)
  })
})
