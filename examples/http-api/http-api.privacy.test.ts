import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { auditExtraction, auditMembership, createGovernor, httpTarget, loadGateModel } from 'vitest-privacy-gates'
import { governanceMiddleware } from './governance.js'
import { startServer, type RunningServer } from './server.js'

// The example's own server on a loopback port chosen by the system; privacy-gates.json reaches it
// through "${HTTP_API_URL}" and authenticates with the token in HTTP_API_TOKEN (a CI secret in a
// real pipeline; a fixed test value here when none is set).
let server: RunningServer
beforeAll(async () => {
  process.env.HTTP_API_TOKEN ??= 'example-token-not-a-secret'
  server = await startServer({ port: 0 })
  process.env.HTTP_API_URL = server.url
})
afterAll(() => server?.close())

describe('raw endpoint (full probability rows)', () => {
  test('fails the membership and the fidelity gates', async () => {
    // `.not`: this endpoint is expected to FAIL; a real suite asserts toPassReleaseGates() and goes red.
    const raw = await loadGateModel('raw')
    await expect(raw).not.toPassReleaseGates()
    await expect(raw).not.toHaveMembershipAucBelow()
    await expect(raw).not.toHaveSurrogateFidelityBelow()
  })
})

describe('minimised endpoint (topK(1))', () => {
  test('passes the confidence-based membership gates', async () => {
    const minimised = await loadGateModel('minimised')
    await expect(minimised).toPassReleaseGates() // membershipAuc and membershipAdvantage on max-confidence; fidelity is a warn gate
    await expect(minimised).toHaveMembershipAucBelow(0.6, { attack: 'entropy' })
  })

  test('yet the label gap is still there, and loss reads it', async () => {
    const minimised = await loadGateModel('minimised')
    const { members, nonMembers } = await minimised.source()
    const gap = await auditMembership(minimised.target, { members: members!, nonMembers: nonMembers!, attack: 'label-gap' })
    const loss = await auditMembership(minimised.target, { members: members!, nonMembers: nonMembers!, attack: 'loss' })
    expect(gap.auc).toBeGreaterThan(0.52)
    expect(loss.auc).toBeCloseTo(gap.auc, 2)
  })
})

describe('label-only endpoint', () => {
  test('the label-only attack still measures what minimisation leaves', async () => {
    const labels = await loadGateModel('label-only')
    await expect(labels).toPassReleaseGates() // label-gap AUC below 0.6 …
    await expect(labels).not.toHaveMembershipAucBelow(0.52) // … but above chance: the train–test gap leaks through labels
  })
})

describe('governed endpoint (query log, rate limit, PRADA)', () => {
  // A second server with the governor as middleware. The rate limit is generous enough for the
  // attack (rows per second, burst 2000) and tight enough that a flood trips it.
  const governor = createGovernor({ rateLimit: { rate: 2000, burst: 2000 } })
  let governedServer: RunningServer
  beforeAll(async () => {
    governedServer = await startServer({ port: 0, middleware: [governanceMiddleware(governor)] })
  })
  afterAll(() => governedServer?.close())
  const as = (client: string) =>
    httpTarget({ url: governedServer.url, model: 'digits-leaky', headers: { 'x-client-id': client }, auth: { env: 'HTTP_API_TOKEN' }, features: 64 })

  test('flags a Jacobian-augmentation extraction, not a client replaying natural records; the log holds no rows', async () => {
    const { pool, nonMembers } = await (await loadGateModel('raw')).source()
    const attack = await auditExtraction(as('attacker'), { pool: pool!, evaluation: nonMembers!, strategy: 'augment', budget: 300, seed: 0 })
    const x = nonMembers!.x as Float32Array // the loader's flat rows
    await as('benign').query({ data: x, rows: x.length / 64, cols: 64 }) // 600 natural records
    const attacker = governor.client('attacker@digits-leaky')
    const benign = governor.client('benign@digits-leaky')
    console.info(`governed endpoint: augment extraction (fidelity ${attack.fidelity.toFixed(3)}) flagged=${attacker.flagged} at query ${attacker.flaggedAt} (W ${attacker.flaggedW?.toFixed(3)}); benign client flagged=${benign.flagged} (W ${benign.w?.toFixed(3)})`)
    expect(attacker.flagged).toBe(true)
    expect(benign.flagged).toBe(false)
    // The log holds client, time, row count and a hash per request: no field can carry a record.
    for (const entry of governor.log) for (const value of Object.values(entry)) expect(Array.isArray(value)).toBe(false)
    expect(governor.log.filter((e) => e.kind === 'query').length).toBeGreaterThan(0)
  })

  test('a flooding client is rate-limited (429 with Retry-After) and its refusals are counted', async () => {
    const body = JSON.stringify({ instances: Array.from({ length: 200 }, () => new Array(64).fill(0.5)) })
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${process.env.HTTP_API_TOKEN}`, 'x-client-id': 'flood' }
    let refused: Response | undefined
    for (let i = 0; i < 100 && refused === undefined; i++) {
      const res = await fetch(`${governedServer.url}/v1/models/digits-leaky:predict`, { method: 'POST', headers, body })
      if (res.status === 429) refused = res
      else await res.arrayBuffer()
    }
    expect(refused?.status).toBe(429)
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(governor.client('flood@digits-leaky').refused).toBeGreaterThanOrEqual(1)
  })
})
