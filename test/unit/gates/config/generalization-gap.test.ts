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

describe('loadConfig: the generalizationGap gate', () => {
  it('fills metric "accuracy" and level "error"; a model inherits it from defaults', async () => {
    const file = await project.write('privacy-gates.json', {
      defaults: { gates: { generalizationGap: { max: 0.05 } } },
      models: { digits: digitsModel(), other: digitsModel({ gates: { generalizationGap: { metric: 'loss', max: 0.2, level: 'warn' } } }) },
    })
    const config = await loadConfig(file)
    expect(config.models.digits.gates.generalizationGap).toEqual({ max: 0.05, metric: 'accuracy', level: 'error' })
    expect(config.models.other.gates.generalizationGap).toEqual({ max: 0.2, metric: 'loss', level: 'warn' })
  })

  it('refuses an unknown metric and a limit outside [0, 1], naming the pointer', async () => {
    const file = await project.write('privacy-gates.json', { models: { digits: digitsModel({ gates: { generalizationGap: { max: 1.5, metric: 'auc' } } }) } })
    const error = (await loadConfig(file).catch((e: unknown) => e)) as ConfigError
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toContain('/models/digits/gates/generalizationGap/max: expected a number in [0, 1], found 1.5')
    expect(error.message).toMatch(/\/models\/digits\/gates\/generalizationGap\/metric: .*"accuracy", "loss".*"auc"/)
  })

  it('needs members and nonMembers', async () => {
    const file = await project.write('privacy-gates.json', {
      models: { digits: { target: { type: 'tfjs', path: 'models/digits/model.json' }, data: { pool: 'data/pool.csv' }, gates: { generalizationGap: { max: 0.1 } } } },
    })
    const error = (await loadConfig(file).catch((e: unknown) => e)) as ConfigError
    expect(error.message).toMatch(/missing key "members".*generalizationGap/)
  })
})
