import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../../src/gates/config/index.js'
import { digitsModel, makeProject } from './helpers.js'

let project: Awaited<ReturnType<typeof makeProject>>
beforeEach(async () => {
  project = await makeProject()
})
afterEach(async () => {
  await project.cleanup()
})

describe('loadConfig: the training claim and the empiricalEpsilon gate', () => {
  it('takes max from training.epsilon and δ from training.delta; attack max-confidence, level error', async () => {
    const file = await project.write('privacy-gates.json', {
      models: {
        digits: digitsModel({ training: { epsilon: 2, delta: 1e-5 }, gates: { empiricalEpsilon: {} } }),
        other: digitsModel({ training: { epsilon: 2, delta: 1e-6 }, gates: { empiricalEpsilon: { max: 3, attack: 'loss', level: 'warn' } } }),
      },
    })
    const config = await loadConfig(file)
    expect(config.models.digits.gates.empiricalEpsilon).toEqual({ max: 2, delta: 1e-5, attack: 'max-confidence', level: 'error' })
    expect(config.models.digits.training).toEqual({ epsilon: 2, delta: 1e-5 })
    expect(config.models.other.gates.empiricalEpsilon).toEqual({ max: 3, delta: 1e-6, attack: 'loss', level: 'warn' })
  })

  it('refuses a claimed ε without δ, and the gate without a training claim, naming the fix', async () => {
    const file = await project.write('privacy-gates.json', {
      models: {
        digits: digitsModel({ training: { epsilon: 2 }, gates: { empiricalEpsilon: {} } }),
        bare: digitsModel({ gates: { empiricalEpsilon: { max: 1 } } }),
      },
    })
    const error = (await loadConfig(file).catch((e: unknown) => e)) as ConfigError
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toContain('/models/digits/training: missing "delta": an ε claim means nothing without its δ; add "delta"')
    expect(error.message).toContain('/models/bare/gates/empiricalEpsilon: needs "training.delta"')
  })

  it('accepts a limit above 1 (an ε) but not a negative or zero one', async () => {
    const file = await project.write('privacy-gates.json', {
      models: { digits: digitsModel({ training: { epsilon: 8, delta: 1e-5 }, gates: { empiricalEpsilon: { max: 0 } } }) },
    })
    const error = (await loadConfig(file).catch((e: unknown) => e)) as ConfigError
    expect(error.message).toMatch(/\/models\/digits\/gates\/empiricalEpsilon\/max: .*0/)
  })
})
