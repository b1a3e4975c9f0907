import { beforeAll, describe, expect, it } from 'vitest'
import { labelNoiseSettings } from '../../../src/attacks/membership/label-noise.js'
import { referenceSettings } from '../../../src/attacks/membership/reference-models.js'
import { seedOption } from '../../../src/attacks/validate.js'
import { parseCsv } from '../../../src/data/csv.js'
import { GATE_CATALOGUE, GATE_IDS, type GateId } from '../../../src/gates/catalogue.js'
import { loadConfig } from '../../../src/gates/config/index.js'
import { GATES, type GateSettings } from '../../../src/gates/gates.js'
import type { AuditSource } from '../../../src/gates/source.js'
import { SCHEMA_DEFAULTS } from '../../../src/schema/defaults.js'
import { readThresholdsSchema, type SchemaNode } from '../../../src/schema/thresholds-schema.js'
import { DEFAULT_TOLERANCE } from '../../../src/targets/create-target.js'
import { fromFunction } from '../../../src/targets/from-function.js'
import { DEFAULT_CONCURRENCY, DEFAULT_HTTP_BATCH_SIZE, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, httpTarget, type HttpTargetOptions } from '../../../src/targets/http/index.js'
import { planNamedInputs } from '../../../src/targets/input-shape.js'
import { predictionsTarget } from '../../../src/targets/predictions/predictions-target.js'
import { blobs, blobTarget } from '../attacks/membership/synthetic.js'
import { digitsModel, makeProject } from '../gates/config/helpers.js'

// Every `default` the thresholds schema states is also a value some code fills in when the key is
// absent (the config loader for the file; the API's functions for the same option). CODE below
// pairs each with what the code fills; the tests fail when the two disagree or a default has no
// row. Code that reads SCHEMA_DEFAULTS (src/schema/defaults.ts, generated) agrees while that file
// matches the schema, which a test checks; the rest is checked against the schema file itself.

const root = readThresholdsSchema()

/** Every `default` keyword of the schema, by JSON pointer. */
function defaultsByPointer(): Map<string, unknown> {
  const out = new Map<string, unknown>()
  const walk = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object') return
    if (!Array.isArray(node) && 'default' in node) out.set(pointer, (node as SchemaNode).default)
    for (const [k, v] of Object.entries(node)) if (k !== 'default') walk(v, `${pointer}/${k}`)
  }
  walk(root, '')
  return out
}
const DEFAULTS = defaultsByPointer()

/** The schema's default at `pointer` (throws when it has none, so a renamed key fails loudly). */
function schemaDefault(pointer: string): unknown {
  if (!DEFAULTS.has(pointer)) throw new Error(`the schema has no default at ${pointer}`)
  return DEFAULTS.get(pointer)
}

/** A gate's settings with a default in the schema (on the key or on the definition it refers to), `level` aside. */
function gateDefaults(id: GateId): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, node] of Object.entries(root.$defs!.Gates.properties![id].properties ?? {})) {
    const target = node.$ref === undefined ? node : root.$defs![node.$ref.replace('#/$defs/', '')]
    if (key !== 'level' && target.default !== undefined) out[key] = target.default
  }
  return out
}

/** The code reads the default from SCHEMA_DEFAULTS (the config loader, the gates, the attacks). */
const READS_SCHEMA_DEFAULTS = Symbol('reads SCHEMA_DEFAULTS')
/** The code fills the default by what it does, not from a constant: the API tests below compare leaving it out with giving the schema's. */
const LEFT_OUT_IS_GIVEN = Symbol('left out behaves as given')

/** Each schema default, by pointer: the value the code fills in, or where the code gets it. */
const CODE: Record<string, unknown> = {
  '/$defs/TfjsTarget/properties/outputMode': LEFT_OUT_IS_GIVEN,
  '/$defs/PredictionsTarget/properties/outputMode': LEFT_OUT_IS_GIVEN,
  '/$defs/OutputMode': LEFT_OUT_IS_GIVEN,
  '/$defs/HttpTarget/properties/format': LEFT_OUT_IS_GIVEN,
  '/$defs/HttpTarget/properties/inputName': LEFT_OUT_IS_GIVEN,
  '/$defs/HttpTarget/properties/batchSize': DEFAULT_HTTP_BATCH_SIZE,
  '/$defs/HttpTarget/properties/concurrency': DEFAULT_CONCURRENCY,
  '/$defs/HttpTarget/properties/timeoutMs': DEFAULT_TIMEOUT_MS,
  '/$defs/HttpTarget/properties/tolerance': DEFAULT_TOLERANCE,
  '/$defs/HttpRetry/properties/retries': DEFAULT_RETRY.retries,
  '/$defs/HttpRetry/properties/baseDelayMs': DEFAULT_RETRY.baseDelayMs,
  '/$defs/HttpRetry/properties/maxDelayMs': DEFAULT_RETRY.maxDelayMs,
  '/$defs/HttpAuth/properties/header': LEFT_OUT_IS_GIVEN,
  '/$defs/InputMapping/properties/dtype': LEFT_OUT_IS_GIVEN,
  '/$defs/Scale': LEFT_OUT_IS_GIVEN,
  '/$defs/Seed': seedOption(undefined),
  '/$defs/Level': READS_SCHEMA_DEFAULTS,
  '/$defs/MembershipAttack': READS_SCHEMA_DEFAULTS,
  '/$defs/Strategy': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/membershipAuc/properties/bound': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/membershipAuc/properties/slice': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/membershipAdvantage/properties/bound': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/membershipTpr/properties/atFpr': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/membershipTpr/properties/bound': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/surrogateFidelity/properties/on': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/surrogateFidelity/properties/bound': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/surrogateFidelity/properties/repeats': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/surrogateAccuracy/properties/bound': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/surrogateAccuracy/properties/repeats': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/cleanAccuracy/properties/bound': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/generalizationGap/properties/metric': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/recordsAtRisk/properties/risk': READS_SCHEMA_DEFAULTS,
  '/$defs/Gates/properties/recordsAtRisk/properties/attack': READS_SCHEMA_DEFAULTS,
  '/$defs/AttackSettings/properties/epochs': referenceSettings({}, 4).epochs,
  '/$defs/AttackSettings/properties/batchSize': referenceSettings({}, 4).batchSize,
  '/$defs/AttackSettings/properties/learningRate': referenceSettings({}, 4).learningRate,
  '/$defs/AttackSettings/properties/checkDeterminism': referenceSettings({}, 4).checkDeterminism,
  '/$defs/AttackSettings/properties/gamma': READS_SCHEMA_DEFAULTS,
  '/$defs/AttackSettings/properties/a': READS_SCHEMA_DEFAULTS,
  '/$defs/AttackSettings/properties/perClass': READS_SCHEMA_DEFAULTS,
  '/$defs/AttackSettings/properties/noise': labelNoiseSettings().noise,
  '/$defs/AttackSettings/properties/copies': labelNoiseSettings().copies,
}

describe('schema defaults and the code that fills them', () => {
  it('every default of the schema has a row in CODE (add one when you add a default)', () => {
    expect(Object.keys(CODE).sort()).toEqual([...DEFAULTS.keys()].sort())
  })

  it('SCHEMA_DEFAULTS (src/schema/defaults.ts) holds every default of the schema, at its definition and key', () => {
    for (const [pointer, value] of DEFAULTS) {
      // /$defs/Gates/properties/membershipTpr/properties/atFpr → Gates.membershipTpr.atFpr
      const path = pointer.replace('/$defs/', '').split('/').filter((p) => p !== 'properties')
      const found = path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], SCHEMA_DEFAULTS)
      expect(found, pointer).toEqual(value)
    }
  })

  it('the values the code fills in equal the schema\'s', () => {
    for (const [pointer, code] of Object.entries(CODE)) if (typeof code !== 'symbol') expect(code, pointer).toEqual(schemaDefault(pointer))
  })

  it('the thresholds file: a key left out is the schema default (target, seed, every gate setting and level)', async () => {
    const project = await makeProject()
    try {
      // Every gate with its limit only (empiricalEpsilon's is the training claim).
      const gates = Object.fromEntries(GATE_IDS.map((id) => [id, id === 'empiricalEpsilon' ? {} : { [GATE_CATALOGUE[id].limitKey]: id === 'recordsAtRisk' ? 1 : 0.5 }]))
      const data = { members: 'data/members.csv', nonMembers: 'data/non-members.csv', pool: 'data/pool.csv', triggers: 'data/members.csv' }
      const file = await project.write('privacy-gates.json', {
        models: {
          digits: digitsModel({ data, gates, training: { epsilon: 1, delta: 1e-5 } }),
          http: digitsModel({ target: { type: 'http', url: 'http://127.0.0.1:1' } }),
        },
      })
      const config = await loadConfig(file)
      const digits = config.models.digits
      expect(digits.seed).toBe(schemaDefault('/$defs/Seed'))
      expect(digits.target).toMatchObject({ outputMode: schemaDefault('/$defs/TfjsTarget/properties/outputMode') })
      expect(config.models.http.target).toMatchObject({
        format: schemaDefault('/$defs/HttpTarget/properties/format'),
        outputMode: schemaDefault('/$defs/OutputMode'),
      })
      for (const id of GATE_IDS) {
        expect(digits.gates[id], id).toMatchObject({ ...gateDefaults(id), level: schemaDefault('/$defs/Level') })
      }
    } finally {
      await project.cleanup()
    }
  })
})

describe('API options left out behave as the schema default', () => {
  it('outputMode: createTarget (fromFunction, fromTfModel, onnxTarget) and predictionsTarget', async () => {
    const rows = [[0.2, 0.8], [0.6, 0.4], [0.3, 0.7], [0.9, 0.1]]
    const answers = (o: { outputMode?: 'probabilities' | 'logits' }) => fromFunction(() => rows, { ...o, name: 'f' }).query({ data: new Float32Array(8), rows: 4, cols: 2 })
    expect(await answers({})).toEqual(await answers({ outputMode: schemaDefault('/$defs/OutputMode') as 'probabilities' }))
    expect(await answers({})).not.toEqual(await answers({ outputMode: 'logits' })) // the rows tell the two apart
    expect(await answers({})).toEqual(await answers({ outputMode: schemaDefault('/$defs/TfjsTarget/properties/outputMode') as 'probabilities' }))

    const given = (o: { outputMode?: 'probabilities' | 'logits' }) => predictionsTarget({
      outputs: { dtype: 'float32', shape: [4, 2], data: Float32Array.from(rows.flat()) },
      labels: { dtype: 'int32', shape: [4], data: Int32Array.from([1, 0, 1, 0]) },
      membership: { dtype: 'int32', shape: [4], data: Int32Array.from([1, 1, 0, 0]) },
      ...o,
    }).then((t) => [t.members.answers, t.nonMembers.answers])
    expect(await given({})).toEqual(await given({ outputMode: schemaDefault('/$defs/PredictionsTarget/properties/outputMode') as 'probabilities' }))
    expect(await given({})).not.toEqual(await given({ outputMode: 'logits' }))
  })

  it('httpTarget: format, inputName, outputMode and the auth header', async () => {
    /** The requests an httpTarget sends for 2 rows, and what it answers. */
    async function exchange(options: Omit<HttpTargetOptions, 'fetch' | 'env'>) {
      const sent: Array<{ url: string; headers: unknown; body: unknown }> = []
      const fetch = async (url: string | URL | Request, init?: RequestInit) => {
        const body = JSON.parse(String(init?.body)) as { instances?: number[][] }
        sent.push({ url: String(url), headers: init?.headers, body })
        const probs = [[0.2, 0.8], [0.6, 0.4]]
        const answer = body.instances ? { predictions: probs } : { outputs: [{ name: 'out', shape: [2, 2], datatype: 'FP32', data: probs.flat() }] }
        return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
      }
      const target = httpTarget({ ...options, fetch: fetch as typeof globalThis.fetch, env: { TOKEN: 'not-a-secret' } })
      const answers = await target.query({ data: Float32Array.from([1, 2, 3, 4]), rows: 2, cols: 2 })
      return { sent, answers }
    }
    const base = { url: 'http://127.0.0.1:1', model: 'm', auth: { env: 'TOKEN' } }
    const format = schemaDefault('/$defs/HttpTarget/properties/format') as 'tf-serving'
    const header = schemaDefault('/$defs/HttpAuth/properties/header') as string
    expect(await exchange(base)).toEqual(await exchange({ ...base, format, auth: { env: 'TOKEN', header }, outputMode: schemaDefault('/$defs/OutputMode') as 'probabilities' }))
    expect(await exchange(base)).not.toEqual(await exchange({ ...base, format: 'open-inference' }))
    const openInference = { ...base, format: 'open-inference' as const }
    expect(await exchange(openInference)).toEqual(await exchange({ ...openInference, inputName: schemaDefault('/$defs/HttpTarget/properties/inputName') as string }))
    expect(await exchange(openInference)).not.toEqual(await exchange({ ...openInference, inputName: 'other' }))
  })

  it('InputMapping dtype (planNamedInputs) and Scale (every data loader, through checkLoadOptions)', () => {
    const plan = (x: { columns: number[]; dtype?: 'float32' }) => planNamedInputs({ inputs: { x }, declared: new Map(), where: 'model' })
    expect(plan({ columns: [0, 1] })).toEqual(plan({ columns: [0, 1], dtype: schemaDefault('/$defs/InputMapping/properties/dtype') as 'float32' }))
    const csv = 'a,b,label\n3,5,0\n7,11,1\n'
    expect(parseCsv(csv, 'data.csv')).toEqual(parseCsv(csv, 'data.csv', { scale: schemaDefault('/$defs/Scale') as number }))
    expect(parseCsv(csv, 'data.csv')).not.toEqual(parseCsv(csv, 'data.csv', { scale: 0.5 }))
  })
})

describe('every gate measures the same with its schema defaults left out or given', () => {
  const members = blobs(60, 41)
  let source: AuditSource
  beforeAll(() => {
    source = {
      target: blobTarget(members, 3), members, nonMembers: blobs(60, 42), pool: blobs(120, 43), evaluation: blobs(60, 44),
      seed: 3, attackSettings: { k: 2, hidden: [8], epochs: 3 },
    }
  })

  /** What a gate needs besides its defaults, kept small: surrogates of a few epochs, an (ε, δ) claim. */
  const own: Partial<Record<GateId, GateSettings>> = {
    surrogateFidelity: { budget: 40, hidden: [8], epochs: 5 },
    surrogateAccuracy: { budget: 40, hidden: [8], epochs: 5 },
    empiricalEpsilon: { delta: 1e-3 },
  }
  const withDefaults = GATE_IDS.filter((id) => Object.keys(gateDefaults(id)).length > 0)

  it.each(withDefaults)('%s', { timeout: 30_000 }, async (id) => {
    const settings = own[id] ?? {}
    const left = await GATES[id].measure(source, settings)
    const given = await GATES[id].measure(source, { ...settings, ...gateDefaults(id) } as GateSettings)
    expect(left).toEqual(given)
  })
})
