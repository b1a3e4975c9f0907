import { readFile, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, THRESHOLDS_SCHEMA_PATH, type ResolvedGates } from '../../../../src/gates/config/index.js'
import { digitsModel, makeProject } from './helpers.js'

let project: Awaited<ReturnType<typeof makeProject>>
beforeEach(async () => {
  project = await makeProject()
})
afterEach(async () => {
  await project.cleanup()
})

/** Loads `content` as privacy-gates.json and returns the ConfigError it must throw. */
async function failure(content: unknown): Promise<ConfigError> {
  const file = await project.write('privacy-gates.json', content)
  const error = await loadConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ConfigError)
  return error as ConfigError
}

describe('loadConfig: a valid file', () => {
  it('merges defaults key by key, fills defaults and makes every path absolute', async () => {
    const file = await project.write('privacy-gates.json', {
      $schema: './node_modules/vitest-privacy-gates/schema/thresholds.schema.json',
      defaults: {
        data: { label: 'label', scale: 0.0625 },
        gates: {
          membershipAuc: { max: 0.6, attack: 'loss' },
          surrogateFidelity: { max: 0.9, budget: 100 },
          cleanAccuracy: { min: 0.8, level: 'warn' },
        },
        seed: 7,
      },
      models: {
        digits: digitsModel({
          description: 'regularised MLP',
          target: { type: 'tfjs', path: 'models/digits/model.json', outputMode: 'logits', batchSize: 64 },
          gates: {
            membershipAuc: { bound: 'upper' }, // keeps max 0.6 and attack "loss" from defaults
            surrogateFidelity: { max: 0.85, message: 'ask #ml-privacy' }, // keeps budget 100
            membershipTpr: { max: 0.1 },
          },
        }),
        other: digitsModel({ seed: 3, data: { members: 'data/members.csv', nonMembers: 'data/non-members.csv', pool: 'data/pool.csv', evaluation: 'data/pool.csv', scale: 1 } }),
      },
    })
    const config = await loadConfig(file)
    const dir = project.dir
    expect(config.file).toBe(file)
    expect(Object.keys(config.models)).toEqual(['digits', 'other'])
    expect(config.models.digits).toEqual({
      name: 'digits',
      description: 'regularised MLP',
      pointer: '/models/digits',
      seed: 7,
      target: { type: 'tfjs', path: join(dir, 'models/digits/model.json'), outputMode: 'logits', batchSize: 64 },
      data: {
        members: join(dir, 'data/members.csv'),
        nonMembers: join(dir, 'data/non-members.csv'),
        pool: join(dir, 'data/pool.csv'),
        evaluation: join(dir, 'data/non-members.csv'),
        label: 'label',
        scale: 0.0625,
      },
      gates: {
        membershipAuc: { max: 0.6, attack: 'loss', bound: 'upper', slice: 'all', level: 'error' },
        membershipTpr: { max: 0.1, atFpr: 0.01, attack: 'max-confidence', bound: 'point', level: 'error' },
        surrogateFidelity: { max: 0.85, budget: 100, strategy: 'pool', on: 'evaluation', level: 'error', message: 'ask #ml-privacy', bound: 'point', repeats: 1 },
        cleanAccuracy: { min: 0.8, level: 'warn', bound: 'point' },
      },
      attackSettings: {},
    })
    const other = config.models.other
    expect(other.seed).toBe(3)
    expect(other.target).toEqual({ type: 'tfjs', path: join(dir, 'models/digits/model.json'), outputMode: 'probabilities' })
    expect(other.data.evaluation).toBe(join(dir, 'data/pool.csv'))
    expect(other.data.scale).toBe(1)
    expect(other.data.label).toBe('label')
    expect(other.gates.membershipAuc).toEqual({ max: 0.6, attack: 'loss', bound: 'point', slice: 'all', level: 'error' })
    expect(other.gates.membershipTpr).toBeUndefined()
    // Sent to Vitest workers: plain JSON, nothing lost in a round trip.
    expect(JSON.parse(JSON.stringify(config))).toEqual(config)
  })

  it('keeps a gate switched off even without its limit, and needs no data for it', async () => {
    const file = await project.write('privacy-gates.json', {
      defaults: { gates: { surrogateAccuracy: { budget: 50 } } },
      models: {
        digits: {
          target: { type: 'tfjs', path: 'models/digits/model.json' },
          data: { members: 'data/members.csv', nonMembers: 'data/non-members.csv' },
          gates: { surrogateAccuracy: { level: 'off' }, membershipAdvantage: { max: 0.2 } },
        },
      },
    })
    const { models } = await loadConfig(file)
    expect(models.digits.gates).toEqual({
      membershipAdvantage: { max: 0.2, attack: 'max-confidence', bound: 'point', level: 'error' },
      surrogateAccuracy: { budget: 50, strategy: 'pool', level: 'off', bound: 'point', repeats: 1 },
    })
    expect(models.digits.seed).toBe(0)
    expect(models.digits.data.label).toBeUndefined()
  })

  it('merges attackSettings key by key, and requires the pool for attacks that train models', async () => {
    const file = await project.write('privacy-gates.json', {
      defaults: { attackSettings: { k: 8, epochs: 30, suite: ['loss', 'lira'] } },
      models: {
        digits: { ...digitsModel(), attackSettings: { k: 2 }, gates: { membershipAuc: { max: 0.6, attack: 'lira' } } },
      },
    })
    const { models } = await loadConfig(file)
    expect(models.digits.attackSettings).toEqual({ k: 2, epochs: 30, suite: ['loss', 'lira'] })
    const noPool = await project.write('no-pool.json', {
      models: {
        digits: {
          target: { type: 'tfjs', path: 'models/digits/model.json' },
          data: { members: 'data/members.csv', nonMembers: 'data/non-members.csv' },
          gates: { membershipAuc: { max: 0.6, attack: 'lira' } },
        },
      },
    })
    await expect(loadConfig(noPool)).rejects.toThrow('/models/digits/data: missing key "pool": the enabled gate membershipAuc needs it')
  })

  it('accepts a byte-order mark and a relative path (resolved against the working directory)', async () => {
    const file = await project.write('privacy-gates.json', '\ufeff' + JSON.stringify({ models: { digits: digitsModel() } }))
    const config = await loadConfig(relative(process.cwd(), file))
    expect(config.file).toBe(file)
  })
})

describe('loadConfig: bad input', () => {
  it('names a missing thresholds file', async () => {
    const file = join(project.dir, 'nope.json')
    await expect(loadConfig(file)).rejects.toThrow(`${file}: thresholds file not found (create one with \`npx privacy-gates init\`)`)
  })

  it('gives the line and column of a JSON syntax error', async () => {
    const e = await failure('{\n  "models": {\n    "digits": { "target": 1, }\n  }\n}\n')
    expect(e.message).toBe(`${e.file}:3:30: JSON syntax error: expected a property name in double quotes, found "}"`)
    expect(e.issues).toEqual([{ file: e.file, pointer: '', message: 'JSON syntax error at line 3, column 30: expected a property name in double quotes, found "}"' }])
  })

  it('refuses a key written twice in one object, naming both places (the last would silently win)', async () => {
    const text = '{\n  "models": {\n    "digits": {\n      "target": { "type": "tfjs", "path": "models/digits/model.json" },\n' +
      '      "data": { "members": "data/members.csv", "nonMembers": "data/non-members.csv" },\n' +
      '      "gates": { "membershipAuc": { "max": 0.6, "max": 0.99 } }\n    }\n  }\n}\n'
    const e = await failure(text)
    expect(e.issues).toEqual([{
      file: e.file,
      pointer: '/models/digits/gates/membershipAuc/max',
      message: 'line 6, column 49: key "max" is written twice in this object (first at line 6, column 37); only the last value would be read: remove one',
    }])
  })

  it('refuses a model name used twice, naming both places', async () => {
    const model = JSON.stringify(digitsModel({ gates: { membershipAuc: { max: 0.6 } } }))
    const e = await failure(`{\n  "models": {\n    "digits": ${model},\n    "digits": ${model}\n  }\n}\n`)
    expect(e.issues).toEqual([{
      file: e.file,
      pointer: '/models/digits',
      message: 'line 4, column 5: model name "digits" is used twice (first at line 3, column 5); only the last one would be read: rename or remove one',
    }])
    expect(e.message).toContain('/models/digits: line 4, column 5: model name "digits" is used twice')
  })

  it('reports an empty file as a syntax error at its end', async () => {
    const e = await failure('')
    expect(e.message).toMatch(/:1:1: JSON syntax error: expected a value \(object, array, string, number, true, false or null\), found the end of the file$/)
  })

  it('suggests the key meant by an unknown one', async () => {
    const e = await failure({ models: { digits: digitsModel({ gates: { membershipAuc: { maxx: 0.6 } } }) } })
    expect(e.issues).toEqual([{ file: e.file, pointer: '/models/digits/gates/membershipAuc/maxx', message: 'unknown key "maxx"; did you mean "max"?' }])
    expect(e.message).toBe(
      `${e.file}: 1 problem in the thresholds file:\n  /models/digits/gates/membershipAuc/maxx: unknown key "maxx"; did you mean "max"?`,
    )
  })

  it('lists the allowed keys when no key is close', async () => {
    const e = await failure({ models: { digits: digitsModel() }, thresholds: {} })
    expect(e.issues[0]).toMatchObject({ pointer: '/thresholds', message: 'unknown key "thresholds"; allowed keys here: "$schema", "defaults", "models"' })
  })

  it('refuses a value of the wrong type', async () => {
    const e = await failure({ models: { digits: digitsModel({ gates: { membershipAuc: { max: '0.6' } }, seed: 'zero' }) } })
    expect(e.issues.map((i) => `${i.pointer}: ${i.message}`)).toEqual([
      '/models/digits/gates/membershipAuc/max: expected a number in [0, 1], found a string ("0.6")',
      '/models/digits/seed: expected an integer, found a string ("zero")',
    ])
  })

  it('refuses a threshold outside [0, 1]', async () => {
    const e = await failure({ models: { digits: digitsModel({ gates: { membershipAuc: { max: 1.5 }, cleanAccuracy: { min: -0.1 } } }) } })
    expect(e.issues.map((i) => `${i.pointer}: ${i.message}`)).toEqual([
      '/models/digits/gates/membershipAuc/max: expected a number in [0, 1], found 1.5',
      '/models/digits/gates/cleanAccuracy/min: expected a number in [0, 1], found -0.1',
    ])
  })

  it('refuses atFpr ≤ 0', async () => {
    const e = await failure({ models: { digits: digitsModel({ gates: { membershipTpr: { max: 0.1, atFpr: 0 } } }) } })
    expect(e.issues).toEqual([{ file: e.file, pointer: '/models/digits/gates/membershipTpr/atFpr', message: 'expected a number > 0 and ≤ 1, found 0' }])
  })

  it('refuses a budget that is not a positive integer', async () => {
    const e = await failure({
      defaults: { gates: { surrogateAccuracy: { max: 0.9, budget: 0 } } },
      models: { digits: digitsModel({ gates: { surrogateFidelity: { max: 0.9, budget: 2.5 } } }) },
    })
    expect(e.issues.map((i) => `${i.pointer}: ${i.message}`)).toEqual([
      '/defaults/gates/surrogateAccuracy/budget: expected an integer ≥ 1, found 0',
      '/models/digits/gates/surrogateFidelity/budget: expected an integer ≥ 1, found 2.5',
    ])
  })

  it('refuses an unknown level with the allowed values', async () => {
    const e = await failure({ models: { digits: digitsModel({ gates: { cleanAccuracy: { min: 0.9, level: 'fatal' } } }) } })
    expect(e.issues[0].message).toBe('expected one of "error", "warn", "off", found "fatal"')
  })

  it('names a missing model file with its resolved path', async () => {
    const e = await failure({ models: { digits: digitsModel({ target: { type: 'tfjs', path: 'models/digit/model.json' } }) } })
    expect(e.issues).toEqual([
      { file: e.file, pointer: '/models/digits/target/path', message: `file not found: ${join(project.dir, 'models/digit/model.json')}` },
    ])
  })

  it('resolves attackSettings.recipe against the file\'s folder, and names a missing module where it was set', async () => {
    await project.write('train-reference.ts', 'export async function train() { return () => [] }\n')
    const file = await project.write('privacy-gates.json', {
      defaults: { attackSettings: { recipe: './train-reference.ts', checkDeterminism: true } },
      models: { digits: digitsModel({ gates: { membershipAuc: { max: 0.6, attack: 'lira' } } }) },
    })
    const { models } = await loadConfig(file)
    expect(models.digits.attackSettings).toEqual({ recipe: join(project.dir, 'train-reference.ts'), checkDeterminism: true })
    const e = await failure({ models: { digits: digitsModel({ attackSettings: { recipe: 'privacy/train.ts' } }) } })
    expect(e.issues).toEqual([{ file: e.file, pointer: '/models/digits/attackSettings/recipe', message: `file not found: ${join(project.dir, 'privacy/train.ts')}` }])
  })

  it('names a missing data file with its resolved path', async () => {
    const e = await failure({
      models: { digits: digitsModel({ data: { members: 'data/member.csv', nonMembers: 'data/non-members.csv', pool: 'data/pool.csv' } }) },
    })
    expect(e.issues).toEqual([{ file: e.file, pointer: '/models/digits/data/members', message: `file not found: ${join(project.dir, 'data/member.csv')}` }])
  })

  it('refuses a directory where a file is expected', async () => {
    const e = await failure({ models: { digits: digitsModel({ target: { type: 'tfjs', path: 'models/digits' } }) } })
    expect(e.issues[0].message).toBe(`expected a file, found a directory: ${join(project.dir, 'models/digits')}`)
  })

  it('checks the label column against each CSV header, once per place it is set', async () => {
    const e = await failure({ defaults: { data: { label: 'lable' } }, models: { digits: digitsModel() } })
    expect(e.issues).toEqual([
      {
        file: e.file,
        pointer: '/defaults/data/label',
        message: 'label column "lable" is not in the header row of data/members.csv, data/non-members.csv, data/pool.csv; did you mean "label"?',
      },
    ])
  })

  it('lists a short header when no column is close to the label', async () => {
    await writeFile(join(project.dir, 'data', 'small.csv'), 'a,b,"class"\r\n1,2,0\n')
    const e = await failure({
      models: { digits: digitsModel({ data: { members: 'data/small.csv', nonMembers: 'data/small.csv', label: 'target' } }) },
    })
    expect(e.issues).toEqual([
      {
        file: e.file,
        pointer: '/models/digits/data/label',
        message: 'label column "target" is not in the header row of data/small.csv; its columns are "a", "b", "class"',
      },
    ])
  })

  it('requires the limit of an enabled gate after merging defaults', async () => {
    const e = await failure({
      defaults: { gates: { membershipAuc: { attack: 'loss' }, surrogateFidelity: { budget: 10 } } },
      models: {
        digits: digitsModel({ gates: { membershipAuc: { bound: 'upper' }, cleanAccuracy: { level: 'warn' } } }),
        copy: digitsModel(),
      },
    })
    // "copy" mentions no gate, so it inherits membershipAuc without a limit too: that gap is
    // reported at the defaults, digits' own incomplete membershipAuc at the model.
    expect(e.issues.map((i) => `${i.pointer}: ${i.message}`)).toEqual([
      '/defaults/gates/membershipAuc: missing "max": model "copy" inherits this gate enabled (level "error") without a limit; add "max" here or in the model\'s gates, or set "level": "off"',
      '/defaults/gates/surrogateFidelity: missing "max": models "digits", "copy" inherit this gate enabled (level "error") without a limit; add "max" here or in the model\'s gates, or set "level": "off"',
      '/models/digits/gates/membershipAuc: missing "max": the gate is enabled (level "error") but neither this gate nor /defaults/gates/membershipAuc sets it; add "max" or set "level": "off"',
      '/models/digits/gates/cleanAccuracy: missing "min": the gate is enabled (level "warn") but it is not set; add "min" or set "level": "off"',
    ])
  })

  it('requires the data files each enabled gate needs, one issue per missing file', async () => {
    const e = await failure({
      models: {
        digits: {
          target: { type: 'tfjs', path: 'models/digits/model.json' },
          data: { members: 'data/members.csv' },
          gates: {
            membershipAuc: { max: 0.6 },
            membershipTpr: { max: 0.1 },
            surrogateFidelity: { max: 0.9 },
            cleanAccuracy: { min: 0.9 },
            surrogateAccuracy: { level: 'off' },
          },
        },
      },
    })
    expect(e.issues.map((i) => `${i.pointer}: ${i.message}`)).toEqual([
      '/models/digits/data: missing key "nonMembers": the enabled gates membershipAuc, membershipTpr need it',
      '/models/digits/data: missing key "pool": the enabled gate surrogateFidelity needs it',
      '/models/digits/data: missing key "evaluation" (it defaults to "nonMembers", which is absent too): the enabled gates surrogateFidelity, cleanAccuracy need it',
    ])
  })

  it('reports several schema problems at once, in file order', async () => {
    const e = await failure({
      models: {
        digits: {
          target: { type: 'grpc', path: 'models/digits/model.json' },
          data: { members: 'data/members.txt' },
          gates: { membershipAuc: { max: 1.5, level: 'fatal' }, membershipTpr: { max: 0.1, atFpr: 0 } },
        },
        'bad name': {},
      },
    })
    expect(e.issues.map((i) => `${i.pointer}: ${i.message}`)).toEqual([
      '/models/digits/target/type: expected one of "tfjs", "onnx", "http", "predictions", found "grpc"',
      '/models/digits/data/members: expected a path ending in .csv or .json or an object { "x", "y" }, found "data/members.txt"',
      '/models/digits/gates/membershipAuc/max: expected a number in [0, 1], found 1.5',
      '/models/digits/gates/membershipAuc/level: expected one of "error", "warn", "off", found "fatal"',
      '/models/digits/gates/membershipTpr/atFpr: expected a number > 0 and ≤ 1, found 0',
      '/models/bad name: invalid name "bad name": expected letters, digits, ".", "_" and "-", starting with a letter or digit',
      '/models/bad name: missing required keys "target", "data"',
    ])
    expect(e.message.split('\n')[0]).toBe(`${e.file}: 7 problems in the thresholds file:`)
  })

  it('reports several problems found after validation at once', async () => {
    const e = await failure({
      models: {
        digits: digitsModel({
          target: { type: 'tfjs', path: 'missing/model.json' },
          data: { members: 'data/members.csv', pool: 'data/public.csv', label: 'lable' },
          gates: { membershipAuc: { max: 0.6 }, cleanAccuracy: {} },
        }),
      },
    })
    expect(e.issues.map((i) => `${i.pointer}: ${i.message}`)).toEqual([
      `/models/digits/target/path: file not found: ${join(project.dir, 'missing/model.json')}`,
      '/models/digits/data: missing key "nonMembers": the enabled gate membershipAuc needs it',
      '/models/digits/data: missing key "evaluation" (it defaults to "nonMembers", which is absent too): the enabled gate cleanAccuracy needs it',
      `/models/digits/data/pool: file not found: ${join(project.dir, 'data/public.csv')}`,
      '/models/digits/data/label: label column "lable" is not in the header row of data/members.csv; did you mean "label"?',
      '/models/digits/gates/cleanAccuracy: missing "min": the gate is enabled (level "error") but it is not set; add "min" or set "level": "off"',
    ])
    expect(e.message.split('\n')).toHaveLength(7)
    expect(e.message.split('\n')[0]).toBe(`${e.file}: 6 problems in the thresholds file:`)
  })
})

describe('resolved gate types', () => {
  it('narrow the limit to a number once the level is not "off" (checked by tsc)', () => {
    const gate: ResolvedGates['membershipAuc'] = { level: 'off', attack: 'loss', bound: 'point', slice: 'all' }
    const limitOf = (g: ResolvedGates['membershipAuc']): number | undefined => {
      if (g === undefined || g.level === 'off') return undefined
      const max: number = g.max // would not compile if an enabled gate's max could be undefined
      return max
    }
    expect(limitOf(gate)).toBeUndefined()
    expect(limitOf({ level: 'warn', max: 0.6, attack: 'loss', bound: 'upper', slice: 'all' })).toBe(0.6)
  })
})

describe('defaults filled by loadConfig', () => {
  it('are the ones the schema documents (its "default" keywords, shown in the README)', async () => {
    const schema = JSON.parse(await readFile(THRESHOLDS_SCHEMA_PATH, 'utf8'))
    const defs = schema.$defs
    const gates = defs.Gates.properties
    const file = await project.write('privacy-gates.json', {
      models: {
        digits: digitsModel({
          gates: {
            membershipAuc: { max: 0.6 },
            membershipTpr: { max: 0.1 },
            surrogateFidelity: { max: 0.9 },
          },
        }),
      },
    })
    const m = (await loadConfig(file)).models.digits
    expect(m.seed).toBe(defs.Seed.default)
    expect(m.target.outputMode).toBe(defs.TfjsTarget.properties.outputMode.default)
    expect(m.gates.membershipAuc?.level).toBe(defs.Level.default)
    expect(m.gates.membershipAuc?.attack).toBe(defs.MembershipAttack.default)
    expect(m.gates.membershipAuc?.bound).toBe(gates.membershipAuc.properties.bound.default)
    expect(m.gates.membershipTpr?.atFpr).toBe(gates.membershipTpr.properties.atFpr.default)
    expect(m.gates.surrogateFidelity?.strategy).toBe(defs.Strategy.default)
  })
})
