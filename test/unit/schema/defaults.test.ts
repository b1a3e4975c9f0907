import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LABEL_NOISE, DEFAULT_LABEL_NOISE_COPIES } from '../../../src/attacks/membership/label-noise.js'
import { DEFAULT_BATCH_SIZE, DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, referenceSettings } from '../../../src/attacks/membership/reference-models.js'
import { RMIA_DEFAULT_A, RMIA_DEFAULT_GAMMA } from '../../../src/attacks/membership/rmia.js'
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
// absent (the config loader for the file; the API's functions for the same option). Each pair is
// listed below with where the code fills it; the tests fail when the two disagree. Code that reads
// SCHEMA_DEFAULTS (src/schema/defaults.ts, generated) agrees while that file matches the schema;
// the rest is checked here against the schema file itself.

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

/**
 * The pairs: each schema default and the code that fills the same key or option. "SCHEMA_DEFAULTS"
 * marks code that reads the generated constants (one source); the others hold their own value.
 */
const PAIRS: Record<string, string> = {
  '/$defs/TfjsTarget/properties/outputMode': 'resolve-target.ts (SCHEMA_DEFAULTS); fromTfModel/fromFunction through createTarget',
  '/$defs/PredictionsTarget/properties/outputMode': 'resolve-target.ts (SCHEMA_DEFAULTS); predictionsTarget',
  '/$defs/OutputMode': 'resolve-target.ts for onnx and http (SCHEMA_DEFAULTS); createTarget (onnxTarget, fromFunction), httpTarget',
  '/$defs/HttpTarget/properties/format': 'resolve-target.ts (SCHEMA_DEFAULTS); httpTarget',
  '/$defs/HttpTarget/properties/inputName': 'httpTarget (planInput, wire-formats.ts)',
  '/$defs/HttpTarget/properties/batchSize': 'DEFAULT_HTTP_BATCH_SIZE (http-target.ts)',
  '/$defs/HttpTarget/properties/concurrency': 'DEFAULT_CONCURRENCY (http-target.ts)',
  '/$defs/HttpTarget/properties/timeoutMs': 'DEFAULT_TIMEOUT_MS (http-target.ts)',
  '/$defs/HttpTarget/properties/tolerance': 'DEFAULT_TOLERANCE (create-target.ts; http, predictions and every target)',
  '/$defs/HttpRetry/properties/retries': 'DEFAULT_RETRY (retry.ts)',
  '/$defs/HttpRetry/properties/baseDelayMs': 'DEFAULT_RETRY (retry.ts)',
  '/$defs/HttpRetry/properties/maxDelayMs': 'DEFAULT_RETRY (retry.ts)',
  '/$defs/HttpAuth/properties/header': 'httpTarget (requestHeaders)',
  '/$defs/InputMapping/properties/dtype': 'input-columns.ts (SCHEMA_DEFAULTS); planNamedInputs (input-shape.ts)',
  '/$defs/Scale': 'checkLoadOptions (csv.ts; every data loader)',
  '/$defs/Seed': 'load.ts, seed-spread.ts, seedOption (SCHEMA_DEFAULTS)',
  '/$defs/Level': 'resolve-gates.ts, outcome.ts (SCHEMA_DEFAULTS)',
  '/$defs/MembershipAttack': 'resolve-gates.ts, gates.ts, auditMembership (SCHEMA_DEFAULTS)',
  '/$defs/Strategy': 'resolve-gates.ts, auditExtraction (SCHEMA_DEFAULTS)',
  '/$defs/Gates/properties/membershipAuc/properties/bound': 'resolve-gates.ts (SCHEMA_DEFAULTS); comparedValue (gates.ts): absent = point',
  '/$defs/Gates/properties/membershipAuc/properties/slice': 'resolve-gates.ts (SCHEMA_DEFAULTS); gates.ts: absent = all',
  '/$defs/Gates/properties/membershipAdvantage/properties/bound': 'resolve-gates.ts (SCHEMA_DEFAULTS); comparedValue: absent = point',
  '/$defs/Gates/properties/membershipTpr/properties/atFpr': 'resolve-gates.ts, gates.ts (SCHEMA_DEFAULTS)',
  '/$defs/Gates/properties/membershipTpr/properties/bound': 'resolve-gates.ts (SCHEMA_DEFAULTS); comparedValue: absent = point',
  '/$defs/Gates/properties/surrogateFidelity/properties/on': 'resolve-gates.ts (SCHEMA_DEFAULTS); gates.ts: absent = evaluation',
  '/$defs/Gates/properties/surrogateFidelity/properties/bound': 'resolve-gates.ts (SCHEMA_DEFAULTS); comparedValue: absent = point',
  '/$defs/Gates/properties/surrogateFidelity/properties/repeats': 'resolve-gates.ts (SCHEMA_DEFAULTS); auditExtraction repeats 1',
  '/$defs/Gates/properties/surrogateAccuracy/properties/bound': 'resolve-gates.ts (SCHEMA_DEFAULTS); comparedValue: absent = point',
  '/$defs/Gates/properties/surrogateAccuracy/properties/repeats': 'resolve-gates.ts (SCHEMA_DEFAULTS); auditExtraction repeats 1',
  '/$defs/Gates/properties/cleanAccuracy/properties/bound': 'resolve-gates.ts (SCHEMA_DEFAULTS); comparedValue: absent = point',
  '/$defs/Gates/properties/generalizationGap/properties/metric': 'resolve-gates.ts, gates.ts (SCHEMA_DEFAULTS)',
  '/$defs/Gates/properties/recordsAtRisk/properties/risk': 'resolve-gates.ts, gates.ts (SCHEMA_DEFAULTS)',
  '/$defs/Gates/properties/recordsAtRisk/properties/attack': 'resolve-gates.ts, gates.ts (SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/epochs': 'DEFAULT_EPOCHS (reference-models.ts, SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/batchSize': 'DEFAULT_BATCH_SIZE (reference-models.ts, SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/learningRate': 'DEFAULT_LEARNING_RATE (reference-models.ts, SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/checkDeterminism': 'referenceSettings (SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/gamma': 'RMIA_DEFAULT_GAMMA (rmia.ts, SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/a': 'RMIA_DEFAULT_A (rmia.ts, SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/perClass': 'shadowAttack (SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/noise': 'DEFAULT_LABEL_NOISE (label-noise.ts, SCHEMA_DEFAULTS)',
  '/$defs/AttackSettings/properties/copies': 'DEFAULT_LABEL_NOISE_COPIES (label-noise.ts, SCHEMA_DEFAULTS)',
}

describe('schema defaults and the code that fills them', () => {
  it('every default of the schema is listed with the code that fills it (add a pair when you add a default)', () => {
    expect(Object.keys(PAIRS).sort()).toEqual([...DEFAULTS.keys()].sort())
  })

  it('SCHEMA_DEFAULTS (src/schema/defaults.ts) holds every default of the schema, at its definition and key', () => {
    for (const [pointer, value] of DEFAULTS) {
      // /$defs/Gates/properties/membershipTpr/properties/atFpr → Gates.membershipTpr.atFpr
      const path = pointer.replace('/$defs/', '').split('/').filter((p) => p !== 'properties')
      const found = path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], SCHEMA_DEFAULTS)
      expect(found, pointer).toEqual(value)
    }
  })

  it('constants the code fills defaults with equal the schema', () => {
    const pairs: Array<[string, unknown]> = [
      ['/$defs/HttpTarget/properties/batchSize', DEFAULT_HTTP_BATCH_SIZE],
      ['/$defs/HttpTarget/properties/concurrency', DEFAULT_CONCURRENCY],
      ['/$defs/HttpTarget/properties/timeoutMs', DEFAULT_TIMEOUT_MS],
      ['/$defs/HttpTarget/properties/tolerance', DEFAULT_TOLERANCE],
      ['/$defs/HttpRetry/properties/retries', DEFAULT_RETRY.retries],
      ['/$defs/HttpRetry/properties/baseDelayMs', DEFAULT_RETRY.baseDelayMs],
      ['/$defs/HttpRetry/properties/maxDelayMs', DEFAULT_RETRY.maxDelayMs],
      ['/$defs/Seed', seedOption(undefined)],
      ['/$defs/AttackSettings/properties/epochs', DEFAULT_EPOCHS],
      ['/$defs/AttackSettings/properties/batchSize', DEFAULT_BATCH_SIZE],
      ['/$defs/AttackSettings/properties/learningRate', DEFAULT_LEARNING_RATE],
      ['/$defs/AttackSettings/properties/checkDeterminism', referenceSettings({}, 4).checkDeterminism],
      ['/$defs/AttackSettings/properties/gamma', RMIA_DEFAULT_GAMMA],
      ['/$defs/AttackSettings/properties/a', RMIA_DEFAULT_A],
      ['/$defs/AttackSettings/properties/noise', DEFAULT_LABEL_NOISE],
      ['/$defs/AttackSettings/properties/copies', DEFAULT_LABEL_NOISE_COPIES],
    ]
    for (const [pointer, code] of pairs) expect(code, pointer).toBe(schemaDefault(pointer))
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
