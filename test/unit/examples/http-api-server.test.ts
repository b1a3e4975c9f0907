import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueryClient, QueryMiddleware } from '../../../examples/http-api/middleware.js'
import { startServer, type RunningServer } from '../../../examples/http-api/server.js'
import { httpTarget } from '../../../src/targets/http/index.js'

// The example server (it imports the built package: `npm test` builds dist/ first).
const TOKEN = 'unit-token-93af'
const seen: Array<{ client: QueryClient; rows: number; answered?: number }> = []
let refuseNext = 0
const governance: QueryMiddleware = (_req, client, rows) => {
  if (refuseNext > 0) {
    refuseNext--
    return { status: 429, error: 'rate limited', retryAfter: 2 }
  }
  const entry: { client: QueryClient; rows: number; answered?: number } = { client, rows: rows.length }
  seen.push(entry)
  return { after: (outputs) => void (entry.answered = outputs.length) }
}

let server: RunningServer
beforeAll(async () => {
  process.env.HTTP_API_TOKEN = TOKEN
  server = await startServer({ config: fileURLToPath(new URL('../../../examples/http-api/server.config.json', import.meta.url)), middleware: [governance] })
})
afterAll(() => server?.close())

const rows = (n: number) => ({ data: new Float32Array(n * 64).fill(0.25), rows: n, cols: 64 })
const post = (path: string, body: unknown, auth = true) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}) }, body: JSON.stringify(body) })

describe('examples/http-api server', () => {
  it('answers both wire formats with the same probabilities, and class indices behind labelOnly', async () => {
    const env = { T: TOKEN }
    const a = await httpTarget({ url: server.url, model: 'digits-leaky', auth: { env: 'T' }, env }).query(rows(3))
    const b = await httpTarget({ url: server.url, format: 'open-inference', model: 'digits-leaky', auth: { env: 'T' }, env }).query(rows(3))
    // The server's first answer comes from tfjs, later ones from the engine's kernel once it matched
    // (within 1e-5; see kernel-inference.ts): the same probabilities up to float rounding.
    expect(a.data.length).toBe(b.data.length)
    a.data.forEach((v, i) => expect(v).toBeCloseTo(b.data[i], 6))
    const labels = await (await post('/v1/models/digits-leaky-label:predict', { instances: [new Array(64).fill(0.25)] })).json()
    expect(labels).toEqual({ predictions: [expect.any(Number)] })
  })

  it('refuses bad requests with {"error"}: no token, unknown model, wrong width, not JSON', async () => {
    expect((await post('/v1/models/digits-leaky:predict', { instances: [[1]] }, false)).status).toBe(401)
    const unknown = await post('/v1/models/nope:predict', { instances: [[1]] })
    expect([unknown.status, ((await unknown.json()) as { error: string }).error]).toEqual([404, 'model "nope" not found; served: digits-leaky, digits-leaky-top1, digits-leaky-label'])
    const narrow = await post('/v1/models/digits-leaky:predict', { instances: [[1, 2]] })
    expect([narrow.status, ((await narrow.json()) as { error: string }).error]).toEqual([400, 'expected 64 features per row, found 2'])
    const bad = await fetch(`${server.url}/v2/models/digits-leaky/infer`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{' })
    expect(bad.status).toBe(400)
  })

  it('runs the governance middleware on every query: it sees client and rows, may refuse (429 + Retry-After, which the target honours), and sees the answers', async () => {
    seen.length = 0
    refuseNext = 1
    const delays: number[] = []
    const t = httpTarget({ url: server.url, model: 'digits-leaky-top1', headers: { 'x-client-id': 'ci-attacker' }, auth: { env: 'T' }, env: { T: TOKEN }, sleep: async (ms) => void delays.push(ms) })
    await t.query(rows(5))
    expect(delays).toEqual([2000])
    expect(seen).toEqual([{ client: { id: 'ci-attacker', model: 'digits-leaky-top1', format: 'tf-serving' }, rows: 5, answered: 5 }])
  })
})
