import { afterEach, describe, expect, it } from 'vitest'
import { httpTarget, HttpTargetError, type HttpTargetOptions } from '../../../../src/targets/http/index.js'
import { fakeProbs, fakeRows, faultServer } from './fault-server.js'

type Server = Awaited<ReturnType<typeof faultServer>>
let server: Server | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A sleep that records the delays asked for and returns at once: no test waits for a backoff. */
function recordingSleep() {
  const delays: number[] = []
  return { delays, sleep: async (ms: number) => void delays.push(ms) }
}

async function failure(p: Promise<unknown>): Promise<HttpTargetError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(HttpTargetError)
  return err as HttpTargetError
}

const tfServing = (rows: number[][]) => ({ body: { predictions: rows.map(fakeProbs) } })

describe('httpTarget: wire formats', () => {
  it('tf-serving: POSTs {"instances"} to /v1/models/<name>:predict and reads "predictions", in batches, in order', async () => {
    server = await faultServer((body) => tfServing(body.instances))
    const target = httpTarget({ url: server.url, model: 'digits', features: 4, batchSize: 16, concurrency: 3 })
    const x = fakeRows(100)
    const out = await target.query(x)
    expect(out.rows).toBe(100)
    for (let i = 0; i < 100; i++) expect(out.data[i * 3 + (i % 3)]).toBeCloseTo(0.8, 6)
    expect(server.received.map((r) => r.url)).toEqual(new Array(7).fill('/v1/models/digits:predict'))
    expect(server.received.map((r) => (r.body as { instances: unknown[] }).instances.length).sort((a, b) => a - b)).toEqual([4, 16, 16, 16, 16, 16, 16])
    expect(server.maxInFlight).toBeLessThanOrEqual(3)
    expect(target.queryCount).toBe(100)
  })

  it('open-inference: POSTs FP32 inputs to /v2/models/<name>/infer and reads the named output (flat or nested data)', async () => {
    server = await faultServer((body) => {
      const [input] = body.inputs
      expect(input).toMatchObject({ name: 'x', datatype: 'FP32' })
      const [n, d] = input.shape
      const rows = Array.from({ length: n }, (_, r) => input.data.slice(r * d, (r + 1) * d))
      return { body: { model_name: 'digits', outputs: [{ name: 'other', shape: [n], datatype: 'FP32', data: new Array(n).fill(0) }, { name: 'probs', shape: [n, 3], datatype: 'FP32', data: rows.map(fakeProbs).flat() }] } }
    })
    const target = httpTarget({ url: `${server.url}/`, format: 'open-inference', model: 'digits', version: '2', inputName: 'x', outputName: 'probs' })
    const out = await target.query(fakeRows(10))
    expect(server.received[0].url).toBe('/v2/models/digits/versions/2/infer')
    expect(Array.from(out.data.subarray(3, 6)).map((v) => Math.round(v * 10) / 10)).toEqual([0.1, 0.8, 0.1])
  })

  it('custom: rows at a JSON pointer of a template, answer rows at a JSON pointer', async () => {
    server = await faultServer((body) => ({ body: { result: { probs: body.payload.rows.map(fakeProbs) } } }))
    const target = httpTarget({ url: `${server.url}/score`, format: 'custom', request: { pointer: '/payload/rows', template: { apiVersion: 3 } }, response: { pointer: '/result/probs' } })
    await target.query(fakeRows(5))
    expect(server.received[0]).toMatchObject({ url: '/score', body: { apiVersion: 3, payload: { rows: expect.any(Array) } } })
  })

  it('custom: request and response functions; label answers as bare numbers', async () => {
    server = await faultServer((body) => ({ body: { labels: body.x.map((r: number[]) => fakeProbs(r).indexOf(0.8)) } }))
    const target = httpTarget({
      url: server.url,
      format: 'custom',
      request: (rows) => ({ x: rows }),
      response: (body) => (body as { labels: number[] }).labels,
      outputMode: 'label',
      classes: 3,
    })
    const out = await target.query(fakeRows(4))
    expect(Array.from(out.data.subarray(3, 6))).toEqual([0, 1, 0])
  })

  it('refuses bad options before any request, naming the option', () => {
    expect(() => httpTarget({ url: 'localhost:8501' })).toThrow(/options\.url: expected an http: or https: URL/)
    expect(() => httpTarget({ url: 'not a url' })).toThrow(/options\.url: expected an absolute http\(s\) URL, found "not a url"/)
    expect(() => httpTarget({ url: 'http://h', format: 'grpc' as never })).toThrow(/options\.format: expected "tf-serving", "open-inference" or "custom", found "grpc"/)
    expect(() => httpTarget({ url: 'http://h', format: 'custom', response: { pointer: '/p' } })).toThrow(/options\.request: format "custom" needs a function or \{ pointer/)
    expect(() => httpTarget({ url: 'http://h', concurrency: 0 })).toThrow(/options\.concurrency: expected a positive integer, found 0/)
    expect(() => httpTarget({ url: 'http://h', auth: { env: 'NOPE_NOT_SET' }, env: {} })).toThrow(/environment variable NOPE_NOT_SET is not set/)
  })
})

describe('httpTarget: faults', () => {
  const base = (s: Server, extra: Partial<HttpTargetOptions> = {}): HttpTargetOptions => ({ url: s.url, model: 'm', batchSize: 10, concurrency: 1, ...extra })

  it('endpoint down: retried, then an error naming the batch, the URL and the connection error', async () => {
    server = await faultServer(() => ({}))
    const url = server.url
    await server.close()
    server = undefined
    const { delays, sleep } = recordingSleep()
    const err = await failure(httpTarget({ url, model: 'm', sleep, retry: { retries: 2 } }).query(fakeRows(10)))
    expect(err.reason).toBe('unreachable')
    expect(err.message).toContain(`HTTP target "m": batch rows 0–9 failed at POST ${url}/v1/models/m:predict after 3 attempts: cannot connect (ECONNREFUSED`)
    expect(delays).toEqual([200, 400])
  })

  it('a hung endpoint with the default retries: every attempt times out, and the error names the URL, the attempts and the reason', async () => {
    server = await faultServer(() => ({ hang: true }))
    const { delays, sleep } = recordingSleep()
    // The default timeoutMs (10 s) shortened; everything else is the default policy.
    const err = await failure(httpTarget({ url: server.url, model: 'm', timeoutMs: 400, sleep }).query(fakeRows(10)))
    expect(err.reason).toBe('timeout')
    expect(err.message).toBe(`HTTP target "m": batch rows 0–9 failed at POST ${server.url}/v1/models/m:predict after 4 attempts: no answer within 400 ms (timeoutMs)`)
    expect(server.received).toHaveLength(4)
    expect(delays).toEqual([200, 400, 800])
  })

  it('500s then success: retried with exponential backoff, answers complete', async () => {
    server = await faultServer((body, _r, n) => (n <= 2 ? { status: 500, body: { error: 'warming up' } } : tfServing(body.instances)))
    const { delays, sleep } = recordingSleep()
    const lines: string[] = []
    const target = httpTarget(base(server, { sleep, log: (l) => lines.push(l) }))
    const out = await target.query(fakeRows(10))
    expect(out.rows).toBe(10)
    expect(delays).toEqual([200, 400])
    expect(lines).toEqual([expect.stringMatching(/rows 0–9 at .*: HTTP 500; retry 1 of 3 in 200 ms/), expect.stringMatching(/retry 2 of 3 in 400 ms/)])
  })

  it('429 with Retry-After in seconds or as an HTTP date is honoured; one beyond maxDelayMs fails the batch instead of retrying early', async () => {
    const future = new Date(Date.now() + 15_000).toUTCString()
    server = await faultServer((body, _r, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '3' } } : n === 2 ? { status: 429, headers: { 'retry-after': future } } : tfServing(body.instances),
    )
    const { delays, sleep } = recordingSleep()
    await httpTarget(base(server, { sleep, retry: { maxDelayMs: 20_000 } })).query(fakeRows(10))
    expect(delays[0]).toBe(3000)
    expect(delays[1]).toBeGreaterThan(13_000) // the date, ~15 s away (HTTP dates have whole seconds)
    expect(delays[1]).toBeLessThanOrEqual(15_000)

    await server.close()
    server = await faultServer(() => ({ status: 429, headers: { 'retry-after': '120' } }))
    const err = await failure(httpTarget(base(server, { sleep })).query(fakeRows(10)))
    expect(err.reason).toBe('status')
    expect(err.message).toMatch(/HTTP 429.*the server asks to retry after 120 s \(Retry-After\), longer than retry.maxDelayMs = 5000 ms: raise it, or lower the query rate/)
  })

  it('a 4xx is not retried; its error body is described and quoted, truncated', async () => {
    const long = `bad instance shape ${'x'.repeat(500)}`
    server = await faultServer(() => ({ status: 400, body: { error: long } }))
    const { delays, sleep } = recordingSleep()
    const err = await failure(httpTarget(base(server, { sleep })).query(fakeRows(25)))
    expect(err.reason).toBe('status')
    expect(err.status).toBe(400)
    expect(err.rows).toEqual([0, 9])
    expect(err.message).toMatch(/batch rows 0–9 failed at POST http:\/\/127\.0\.0\.1:\d+\/v1\/models\/m:predict: HTTP 400 Bad Request, 531 B of JSON: "bad instance shape x+…"$/)
    expect(err.message.length).toBeLessThan(400)
    expect(delays).toEqual([])
  })

  it('5xx that never recovers: the last status and body after every attempt', async () => {
    server = await faultServer(() => ({ status: 503, body: 'upstream <b>overloaded</b>' }))
    const err = await failure(httpTarget(base(server, { sleep: async () => {} })).query(fakeRows(10)))
    expect(err.message).toContain('after 4 attempts: HTTP 503 Service Unavailable, 26 B of text: "upstream <b>overloaded</b>"')
  })

  it('malformed JSON: described by status, size and kind; the parser’s message (which quotes the body) is left out', async () => {
    server = await faultServer(() => ({ body: '{"predictions": [[0.5, 0.5' }))
    let err = await failure(httpTarget(base(server)).query(fakeRows(10)))
    expect(err.reason).toBe('malformed')
    expect(err.message).toMatch(/batch rows 0–9 failed at POST .*: the answer is not JSON: HTTP 200 OK, 26 B of broken JSON \(not quoted: it holds a list of numbers, perhaps the request rows\)$/)
    expect(err.cause).toBeUndefined()
    await server.close()
    server = await faultServer(() => ({ body: '<!DOCTYPE html><title>Gateway login</title>' }))
    err = await failure(httpTarget(base(server)).query(fakeRows(10)))
    expect(err.message).toMatch(/: the answer is not JSON: HTTP 200 OK, 43 B of HTML: "<!DOCTYPE html><title>Gateway login<\/title>"$/)
  })

  it('an answer without the format’s key', async () => {
    server = await faultServer(() => ({ body: { outputs: [] } }))
    const err = await failure(httpTarget(base(server)).query(fakeRows(10)))
    expect(err.message).toContain('expected a JSON object with "predictions" (TF Serving), found an object with keys [outputs]')
  })

  it('the wrong number of rows, in the second batch', async () => {
    server = await faultServer((body, _r, n) => tfServing(n === 2 ? body.instances.slice(1) : body.instances))
    const err = await failure(httpTarget(base(server)).query(fakeRows(30)))
    expect(err.reason).toBe('rows')
    expect(err.message).toMatch(/batch rows 10–19 failed at POST .*: predictions: expected 10 rows \(one per input row\), found 9$/)
  })

  it('non-numeric and non-finite values (NaN cannot be JSON: a server sends "NaN" or null)', async () => {
    server = await faultServer((body) => ({ body: { predictions: body.instances.map((_: unknown, i: number) => (i === 3 ? ['NaN', 1] : [0.5, 0.5])) } }))
    let err = await failure(httpTarget(base(server)).query(fakeRows(10)))
    expect(err.reason).toBe('values')
    expect(err.message).toContain('predictions[3][0]: expected a finite number, found the string "NaN"')
    await server.close()
    server = await faultServer(() => ({ body: { outputs: [{ name: 'p', shape: [10, 2], datatype: 'FP32', data: [null, ...new Array(19).fill(0.5)] }] } }))
    err = await failure(httpTarget(base(server, { format: 'open-inference' })).query(fakeRows(10)))
    expect(err.message).toContain('outputs[0].data[0] (row 0, column 0): expected a finite number, found null')
  })

  it('answers that are not probability rows name the URL and the batch like every other failure', async () => {
    // Rows 10–19 (the second batch) answer a negative probability; the first batch is fine.
    server = await faultServer((body, _r, n) => ({ body: { predictions: body.instances.map((r: number[], i: number) => (n === 2 && i === 3 ? [-0.2, 0.6, 0.6] : fakeProbs(r))) } }))
    let err = await failure(httpTarget(base(server)).query(fakeRows(30)))
    expect(err.reason).toBe('values')
    expect(err.rows).toEqual([10, 19])
    expect(err.message).toBe(
      `HTTP target "m": batch rows 10–19 failed at POST ${server.url}/v1/models/m:predict: answer for row 13, column 0: expected a probability in [0, 1], found -0.2; if the model returns logits, pass { outputMode: 'logits' }`,
    )
    await server.close()
    // A one-column answer (a sigmoid): not a distribution.
    server = await faultServer((body) => ({ body: { predictions: body.instances.map(() => [0.7]) } }))
    err = await failure(httpTarget(base(server)).query(fakeRows(10)))
    expect(err.message).toMatch(
      /^HTTP target "m": batch rows 0–9 failed at POST http:\/\/127\.0\.0\.1:\d+\/v1\/models\/m:predict: answer for row 0: probabilities sum to 0\.7, expected 1 ± 0\.001; .*a single output column \(a sigmoid\?\) is not a distribution: return \[1 − p, p\] per row$/,
    )
    await server.close()
    // Rows that sum to 2: the same check, the same naming.
    server = await faultServer((body) => ({ body: { predictions: body.instances.map(() => [1, 1]) } }))
    await expect(httpTarget(base(server)).query(fakeRows(10))).rejects.toThrow(/batch rows 0–9 failed at POST .*: answer for row 0: probabilities sum to 2, expected 1 ± 0\.001/)
    await server.close()
    // A batch of another width than the first; a label outside the declared classes.
    server = await faultServer((body, _r, n) => ({ body: { predictions: body.instances.map((r: number[]) => (n === 1 ? fakeProbs(r) : [0.5, 0.5])) } }))
    err = await failure(httpTarget(base(server)).query(fakeRows(20)))
    expect(err.message).toMatch(/batch rows 10–19 failed at POST .*: the answer has 2 columns per row; the answer to rows 0–9 had 3$/)
    await server.close()
    server = await faultServer((body) => ({ body: { predictions: body.instances.map(() => 7) } }))
    err = await failure(httpTarget(base(server, { outputMode: 'label', classes: 3 })).query(fakeRows(10)))
    expect(err.message).toMatch(/batch rows 0–9 failed at POST .*: answer for row 0: expected a class index \(an integer in 0\.\.2\) with outputMode 'label', found 7$/)
  })

  it('one failing batch cancels its siblings; the error names the failing one', async () => {
    server = await faultServer((body, _r, n) => (n === 3 ? { status: 400, body: { error: 'no' } } : tfServing(body.instances)))
    const err = await failure(httpTarget(base(server, { concurrency: 4 })).query(fakeRows(80)))
    expect(err.message).toMatch(/batch rows \d+–\d+ failed at POST .*: HTTP 400 Bad Request, 14 B of JSON: "no"/)
  })
})

describe('httpTarget: the auth secret is never printed', () => {
  it('sends the header but keeps the secret out of errors, logs and echoed bodies', async () => {
    const secret = 's3cr3t-token-7f1c'
    server = await faultServer((_b, req, n) =>
      n === 1
        ? { status: 503, body: { error: `overloaded for ${String(req.headers.authorization)}` } }
        : { status: 401, body: { error: `token ${String(req.headers['x-api-key'] ?? req.headers.authorization)} rejected` } },
    )
    const lines: string[] = []
    const target = httpTarget({ url: `${server.url}/v1?key=${secret}`, format: 'custom', request: { pointer: '/rows' }, response: { pointer: '/p' }, auth: { env: 'MODEL_TOKEN' }, env: { MODEL_TOKEN: secret }, sleep: async () => {}, log: (l) => lines.push(l) })
    const err = await failure(target.query(fakeRows(3)))
    expect(server.received[0].headers.authorization).toBe(`Bearer ${secret}`)
    const everything = [err.message, String(err.stack), JSON.stringify(err), String((err.cause as Error | undefined)?.message), ...lines].join('\n')
    expect(everything).toContain('[redacted]')
    expect(everything).not.toContain(secret)
    expect(err.message).toContain('HTTP 401 Unauthorized, 51 B of JSON: "token [redacted] rejected"')
  })

  it('a custom header without a scheme', async () => {
    server = await faultServer((body) => ({ body: { p: body.rows.map(fakeProbs) } }))
    await httpTarget({ url: server.url, format: 'custom', request: { pointer: '/rows' }, response: { pointer: '/p' }, auth: { env: 'K', header: 'x-api-key' }, env: { K: 'abc' } }).query(fakeRows(2))
    expect(server.received[0].headers['x-api-key']).toBe('abc')
  })
})
