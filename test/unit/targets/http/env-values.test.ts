import { afterEach, describe, expect, it } from 'vitest'
import { buildTarget } from '../../../../src/gates/build-target.js'
import { expectNothingLeaked, failure, printed, ROWS, TOKEN } from './leak-check.js'
import { faultServer } from './fault-server.js'

// Values substituted from the environment into a thresholds-file URL are registered in the
// process's redaction registry: kept apart from leaks.test.ts, whose messages would show its
// loopback URLs as these tests' placeholders. Scanned like there.

type Server = Awaited<ReturnType<typeof faultServer>>
let server: Server | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('values substituted from the environment', () => {
  it('user info substituted from ${NAME} in a thresholds file: the same refusal, no value printed', async () => {
    server = await faultServer(() => ({ body: {} }))
    const env = { API_URL: server.url.replace('//', `//ci:${TOKEN}@`) }
    const err = await buildTarget({ type: 'http', url: '${API_URL}', model: 'm', format: 'tf-serving', outputMode: 'probabilities' }, { configFile: 'pg.json', name: 'api' }, env).then(
      () => new Error('built'),
      (e: Error) => e,
    )
    expect(err.message).toMatch(/^HTTP target "api": url: the URL holds credentials/)
    expectNothingLeaked(printed(err), [TOKEN])
  })

  it('are shown as their ${NAME} everywhere, also inside fetch’s own error (the second redaction layer)', async () => {
    server = await faultServer(() => ({}))
    const port = String(server.port)
    await server.close()
    server = undefined
    const target = await buildTarget(
      { type: 'http', url: 'http://127.0.0.1:${API_PORT}', model: 'm', format: 'tf-serving', outputMode: 'probabilities', retry: { retries: 1, baseDelayMs: 0 } },
      { configFile: 'pg.json', name: 'api' },
      { API_PORT: port },
    )
    const err = await failure(target.query(ROWS))
    expect(err.reason).toBe('unreachable')
    // The connection error names host:port; only the last redaction, over the whole message, hides it.
    expect(err.message).toBe('HTTP target "api": batch rows 0–5 failed at POST http://127.0.0.1:${API_PORT}/v1/models/m:predict after 2 attempts: cannot connect (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${API_PORT})')
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED')
    expectNothingLeaked(printed(err), [port])
  })

  it('a token in the path, echoed by the server, is shown as its placeholder', async () => {
    server = await faultServer((_b, req) => ({ status: 500, body: { error: `crashed on ${req.url}` } }))
    const target = await buildTarget(
      { type: 'http', url: '${API_URL}', model: 'm', format: 'tf-serving', outputMode: 'probabilities', retry: { retries: 0 } },
      { configFile: 'pg.json', name: 'api' },
      { API_URL: `${server.url}/t/${TOKEN}` },
    )
    const err = await failure(target.query(ROWS))
    // The server quotes the path alone: the URL's parts are registered with it.
    expect(err.message).toBe('HTTP target "api": batch rows 0–5 failed at POST ${API_URL}/v1/models/m:predict: HTTP 500 Internal Server Error, 66 B of JSON: "crashed on ${API_URL}/v1/models/m:predict"')
    expectNothingLeaked(printed(err))
  })
})

