import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { auditMembership, loadGateModel } from 'vitest-privacy-gates'
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
