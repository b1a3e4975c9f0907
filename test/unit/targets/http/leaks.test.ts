import { afterEach, describe, expect, it } from 'vitest'
import { httpTarget, type HttpTargetOptions } from '../../../../src/targets/http/index.js'
import { tokenNeedles } from '../../../e2e/leak-scan.js'
import { expectNothingLeaked, failure, printed, ROWS, thrown, TOKEN } from './leak-check.js'
import { fakeProbs, faultServer } from './fault-server.js'

// Nothing secret or private escapes an HTTP target: every byte it would print (message, stack,
// cause chain, JSON form, retry lines) is scanned for every 6-character piece of the token and for
// the request's rows, over a fault server that echoes them back in every way it can.

type Server = Awaited<ReturnType<typeof faultServer>>
let server: Server | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const quick = { sleep: async () => {}, model: 'm', batchSize: 3, concurrency: 1 } satisfies Partial<HttpTargetOptions>

describe('credentials in the URL', () => {
  it('user info is refused before any request, saying to use auth.env, without the URL', async () => {
    server = await faultServer(() => ({ body: {} }))
    const err = thrown(() => httpTarget({ ...quick, url: server!.url.replace('//', `//ci:${TOKEN}@`) }))
    expect(err.message).toContain('the URL holds credentials')
    expect(err.message).toContain('auth: { env: "MODEL_API_TOKEN" }')
    expectNothingLeaked(printed(err))
    expect(server.received).toHaveLength(0)
  })

  it('an extra header named like a credential is redacted too, though auth.env is the documented way', async () => {
    server = await faultServer((_b, req) => ({ status: 401, body: { error: `key ${String(req.headers['x-api-key'])} unknown` } }))
    const err = await failure(httpTarget({ ...quick, url: server.url, headers: { 'x-api-key': TOKEN } }).query(ROWS))
    expect(err.message).toMatch(/HTTP 401 Unauthorized, 44 B of JSON: "key \[redacted\] unknown"$/)
    expectNothingLeaked(printed(err))
  })

  it('a secret query parameter (?key=, ?sig=) echoed by the server stays out of errors and retry lines', async () => {
    server = await faultServer((_b, req, n) =>
      n === 1 ? { status: 503, body: { error: `overloaded at ${req.url}` } } : { status: 404, body: `no route ${req.url} for ${String(req.headers.authorization)}` },
    )
    const lines: string[] = []
    const url = `${server.url}/score?key=${TOKEN}&sig=${TOKEN.toUpperCase()}&v=2`
    const err = await failure(httpTarget({ ...quick, url, format: 'custom', request: { pointer: '/rows' }, response: { pointer: '/p' }, log: (l) => lines.push(l) }).query(ROWS))
    expect(server.received[0].url).toContain(`key=${TOKEN}`)
    expect(err.message).toBe(`HTTP target "m": batch rows 0–2 failed at POST ${server.url}/score after 2 attempts: HTTP 404 Not Found, 83 B of text: "no route /score?key=[redacted]&sig=[redacted]&v=2 for undefined"`)
    expect(lines).toEqual([`HTTP target "m": rows 0–2 at ${server.url}/score: HTTP 503; retry 1 of 3 in 200 ms`])
    expectNothingLeaked(printed(err, lines), tokenNeedles(TOKEN.toUpperCase()))
  })
})

describe('answers are never quoted with a secret or a record in them', () => {
  it('a non-JSON 2xx body that is the token: described, redacted, and no parser message or cause quoting it', async () => {
    server = await faultServer(() => ({ body: TOKEN }))
    const err = await failure(httpTarget({ ...quick, url: server.url, auth: { env: 'T' }, env: { T: TOKEN } }).query(ROWS))
    expect(err.reason).toBe('malformed')
    expect(err.message).toBe(`HTTP target "m": batch rows 0–2 failed at POST ${server.url}/v1/models/m:predict: the answer is not JSON: HTTP 200 OK, 20 B of text: "[redacted]"`)
    expect(err.cause).toBeUndefined()
    expectNothingLeaked(printed(err))
    // The parser's own message would quote a cut piece of a longer body, which no redaction of the
    // whole token can find: it must never be part of the message.
    await server.close()
    server = await faultServer(() => ({ body: `${TOKEN} is your session; renew it soon` }))
    const longer = await failure(httpTarget({ ...quick, url: server.url, auth: { env: 'T' }, env: { T: TOKEN } }).query(ROWS))
    expectNothingLeaked(printed(longer))
    expect(longer.message).toMatch(/the answer is not JSON: HTTP 200 OK, 51 B of text: "\[redacted\] is your session; renew it soon"$/)
  })

  it('a long body with the token across the quoting cut: redacted before the cut, so no prefix shows', async () => {
    const body = { error: `${'e'.repeat(195)}${TOKEN}${'f'.repeat(100)}` }
    server = await faultServer(() => ({ status: 400, body }))
    const err = await failure(httpTarget({ ...quick, url: server.url, auth: { env: 'T' }, env: { T: TOKEN } }).query(ROWS))
    expect(err.message).toMatch(/HTTP 400 Bad Request, 327 B of JSON: "e{195}\[reda…"$/)
    expectNothingLeaked(printed(err))
  })

  it('a 400 that echoes the request rows (TF Serving on a type error) is described, not quoted', async () => {
    server = await faultServer((body) => ({ status: 400, body: { error: `Failed to process element: 0 of 'instances' list. JSON Value: ${JSON.stringify(body.instances[0], null, 1)} Type: Array is not of expected type: float` } }))
    const err = await failure(httpTarget({ ...quick, url: server.url }).query(ROWS))
    expect(err.message).toMatch(/failed at POST .*: HTTP 400 Bad Request, \d+ B of JSON \(not quoted: it holds a list of numbers, perhaps the request rows\)$/)
    expectNothingLeaked(printed(err))
  })

  it('a 2xx text body echoing the rows, and a JSON answer holding the token as a value, are described, not quoted', async () => {
    server = await faultServer((body, _r, n) =>
      n === 1 ? { body: `echo: ${body.instances.map((r: number[]) => r.join(' ')).join('\n')}` } : { body: { predictions: body.instances.map(() => [TOKEN, 0.5]) } },
    )
    let err = await failure(httpTarget({ ...quick, url: server.url }).query(ROWS))
    expect(err.message).toMatch(/the answer is not JSON: HTTP 200 OK, \d+ B of text \(not quoted: it holds a list of numbers, perhaps the request rows\)$/)
    expectNothingLeaked(printed(err))
    err = await failure(httpTarget({ ...quick, url: server.url }).query(ROWS))
    expect(err.message).toMatch(/predictions\[0\]\[0\]: expected a finite number, found a string of 20 characters$/)
    expectNothingLeaked(printed(err))
  })
})

describe('failures are classified', () => {
  it('a connection dropped in the middle of an answer is retried as unreachable', async () => {
    server = await faultServer((body, _r, n) => (n === 1 ? { destroy: true } : { body: { predictions: body.instances.map(fakeProbs) } }))
    const lines: string[] = []
    const out = await httpTarget({ ...quick, url: server.url, log: (l) => lines.push(l) }).query(ROWS)
    expect(out.rows).toBe(6)
    expect(lines).toEqual([expect.stringMatching(/rows 0–2 at .*: unreachable; retry 1 of 3 in 200 ms$/)])
  })

  it('an auth secret fetch could not send (a trailing newline) is refused at creation, naming the variable', () => {
    const err = thrown(() => httpTarget({ ...quick, url: 'http://127.0.0.1:9', auth: { env: 'MODEL_TOKEN' }, env: { MODEL_TOKEN: `${TOKEN}\n` } }))
    expect(err.message).toBe(
      'HTTP target "m": options.auth.env: the environment variable MODEL_TOKEN holds a line break or another control character, which a header cannot carry (a trailing newline from `echo`?); remove it',
    )
  })

  it('a request fetch refuses is a "request" failure after one attempt, not a retried "unreachable", and its message is redacted', async () => {
    server = await faultServer(() => ({ body: {} }))
    const err = await failure(httpTarget({ ...quick, url: server.url, headers: { 'x-trace': `${TOKEN}\r\nx: y` }, auth: { env: 'T', header: 'x-key', scheme: '' }, env: { T: TOKEN } }).query(ROWS))
    expect(err.reason).toBe('request')
    expect(err.message).toMatch(/batch rows 0–2 failed at POST .*: the request cannot be sent: Headers.append: "\[redacted\]\r\nx: y" is an invalid header value\.$/)
    expect(server.received).toHaveLength(0)
    expectNothingLeaked(printed(err))
  })
})
