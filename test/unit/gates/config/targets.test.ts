import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import '../../../../src/setup.js'
import { buildTarget, expandEnv } from '../../../../src/gates/build-target.js'
import { ConfigError, loadConfig } from '../../../../src/gates/config/index.js'
import { createGateModel } from '../../../../src/gates/model.js'
import { fakeProbs, fakeRows, faultServer } from '../../targets/http/fault-server.js'
import { digitsModel, FIXTURES, makeProject } from './helpers.js'

let project: Awaited<ReturnType<typeof makeProject>> | undefined
afterEach(async () => {
  await project?.cleanup()
  project = undefined
})

async function issues(models: Record<string, unknown>): Promise<string[]> {
  project = await makeProject()
  const file = await project.write('privacy-gates.json', { models })
  const err = await loadConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ConfigError)
  return (err as ConfigError).issues.map((i) => `${i.pointer}: ${i.message}`)
}

describe('thresholds file: onnx targets', () => {
  it('gates the ONNX fixture through the file (membership AUC, clean accuracy)', async () => {
    project = await makeProject()
    await mkdir(join(project.dir, 'models', 'onnx'))
    await copyFile(join(FIXTURES, 'models/digits-regularised-onnx/model.onnx'), join(project.dir, 'models/onnx/model.onnx'))
    const file = await project.write('privacy-gates.json', {
      defaults: { data: { label: 'label', scale: 0.0625 } },
      models: {
        onnx: digitsModel({
          target: { type: 'onnx', path: 'models/onnx/model.onnx' },
          gates: { membershipAuc: { max: 0.6, attack: 'loss' }, cleanAccuracy: { min: 0.9 } },
        }),
      },
    })
    const config = await loadConfig(file)
    expect(config.models.onnx.target).toEqual({ type: 'onnx', path: join(project.dir, 'models/onnx/model.onnx'), outputMode: 'probabilities' })
    const model = await createGateModel(config, 'onnx')
    expect(model.target.name).toBe('onnx')
    await expect(model).toPassReleaseGates()
    await expect(model).toHaveMembershipAucBelow()
  })

  it('names a missing .onnx file and a label output without classes', async () => {
    expect(await issues({ m: digitsModel({ target: { type: 'onnx', path: 'models/nope.onnx', outputMode: 'label' } }) })).toEqual([
      '/models/m/target: missing "classes": outputMode "label" answers one class index per row, so the number of classes must be given',
      expect.stringMatching(/^\/models\/m\/target\/path: file not found: .*models\/nope\.onnx$/),
    ])
  })
})

describe('thresholds file: http targets', () => {
  it('refuses mappings that do not fit the format, and a missing url', async () => {
    expect(
      await issues({
        a: digitsModel({ target: { type: 'http', url: 'http://h', format: 'custom', request: { pointer: '/rows' } } }),
        b: digitsModel({ target: { type: 'http', url: 'http://h', response: { pointer: '/p' } } }),
        c: digitsModel({ target: { type: 'http', format: 'tf-serving' } }),
        d: digitsModel({ target: { type: 'http', url: 'http://h', retry: { retries: 1.5 }, auth: { env: 'TOKEN', secret: 'x' } } }),
      }),
    ).toEqual([
      '/models/c/target: missing required key "url"',
      '/models/d/target/retry/retries: expected an integer ≥ 0, found 1.5',
      '/models/d/target/auth/secret: unknown key "secret"; allowed keys here: "env", "header", "scheme"',
    ])
    expect(
      await issues({
        a: digitsModel({ target: { type: 'http', url: 'http://h', format: 'custom', request: { pointer: '/rows' } } }),
        b: digitsModel({ target: { type: 'http', url: 'http://h', response: { pointer: '/p' } } }),
      }),
    ).toEqual([
      '/models/a/target: missing "response": format "custom" needs { "pointer": … } for where the rows go in the request and where they are in the answer',
      '/models/b/target/response: "response" applies to format "custom" only; format "tf-serving" has a fixed body (remove it, or set "format": "custom")',
    ])
  })

  it('builds an HTTP target from the file, with ${NAME} in the url and the auth secret from the environment', async () => {
    const server = await faultServer((body) => ({ body: { predictions: body.instances.map(fakeProbs) } }))
    try {
      const target = await buildTarget(
        { type: 'http', url: '${API_URL}', model: 'm', format: 'tf-serving', outputMode: 'probabilities', auth: { env: 'API_TOKEN' } },
        { configFile: '/p/privacy-gates.json', name: 'api' },
        { API_URL: server.url, API_TOKEN: 'tok' },
      )
      expect((await target.query(fakeRows(5))).rows).toBe(5)
      expect(target.name).toBe('api')
      expect(server.received[0]).toMatchObject({ url: '/v1/models/m:predict', headers: { authorization: 'Bearer tok' } })
    } finally {
      await server.close()
    }
  })

  it('says which variable of a url is not set', () => {
    expect(() => expandEnv('${API_URL}/x', {}, '/p/privacy-gates.json: /models/api/target/url')).toThrow(
      '/p/privacy-gates.json: /models/api/target/url: the environment variable API_URL (in "${API_URL}") is not set',
    )
  })
})
