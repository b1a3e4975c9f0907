import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { governed, QueryRefusedError } from '../../../../src/controls/governance/governed.js'
import { createGovernor } from '../../../../src/controls/governance/governor.js'
import { fromRows } from '../../../../src/data/matrix.js'

const record = [0.123456, 0.654321, 0.777777]
const answer = [[0.9, 0.1]]

describe('createGovernor', () => {
  it('a flooding client is rate-limited, logged (hash, never the input) and flagged', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gov-')), 'queries.jsonl')
    const g = createGovernor({ rateLimit: { rate: 40, burst: 60 }, detector: { minDistances: 100 }, logFile: file })
    let refused = 0
    let lastRetry = 0
    for (let i = 0; i < 400; i++) {
      const now = i * 10 // one request of one row every 10 ms: 100 rows/s against a limit of 40
      const a = g.admit('flooder', [record], now)
      if (!a.allowed) { refused++; lastRetry = a.retryAfterMs; continue }
      g.observe('flooder', [record], answer, now)
    }
    const c = g.client('flooder')
    expect(refused).toBe(181) // 400 requests in 4 s; 60 + 4 × 40 ≈ 219 pass
    expect(lastRetry).toBeGreaterThan(0)
    expect(c.admitted + c.refused).toBe(400)
    expect(c.flagged).toBe(true)
    expect(g.log.filter((e) => e.kind === 'query')).toHaveLength(400)
    expect(g.log.find((e) => e.kind === 'flag')).toMatchObject({ client: 'flooder', w: 0 })
    expect(g.log.find((e) => e.kind === 'query' && !e.allowed)).toMatchObject({ reason: 'rate-limited', rows: 1 })
    // The file holds the same lines; neither holds any value of the record.
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toEqual(JSON.parse(JSON.stringify(g.log)))
    const text = readFileSync(file, 'utf8')
    for (const v of record) expect(text).not.toContain(String(v).slice(2, 7))
    expect(lines[0]).toEqual({ kind: 'query', time: '1970-01-01T00:00:00.000Z', client: 'flooder', rows: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), allowed: true, flagged: false })
  })

  it('per: requests counts requests whatever their size; clients have separate buckets', () => {
    const g = createGovernor({ rateLimit: { rate: 1, burst: 2, per: 'requests' } })
    const big = Array.from({ length: 50 }, () => record)
    expect(g.admit('a', big, 0).allowed).toBe(true)
    expect(g.admit('a', big, 0).allowed).toBe(true)
    expect(g.admit('a', big, 0)).toEqual({ allowed: false, retryAfterMs: 1000, flagged: false, reason: 'rate-limited' })
    expect(g.admit('b', big, 0).allowed).toBe(true)
    expect(g.clients()).toEqual(['a', 'b'])
  })

  it('a request larger than the burst is refused as too large', () => {
    const g = createGovernor({ rateLimit: { rate: 10 } })
    expect(g.admit('a', Array.from({ length: 11 }, () => record), 0)).toMatchObject({ allowed: false, retryAfterMs: Infinity, reason: 'too-large' })
  })

  it('blockFlagged refuses a flagged client', () => {
    const g = createGovernor({ detector: { minDistances: 3 }, blockFlagged: true })
    for (let i = 0; i < 4; i++) g.observe('x', [record], answer, 0)
    expect(g.admit('x', [record], 0)).toMatchObject({ allowed: false, flagged: true, reason: 'flagged' })
  })

  it('refuses a bad client id and answers of the wrong length', () => {
    const g = createGovernor()
    expect(() => g.admit('', [record], 0)).toThrow('governor: client: expected a non-empty string (a client id), found ""')
    expect(() => g.observe('a', [record, record], answer, 0)).toThrow('governor.observe: answers: expected 2 rows (one per query row), found 1')
  })
})

describe('governed', () => {
  const model = (rows: number[][]) => rows.map((r) => (r[0] > 0.5 ? [0.2, 0.8] : [0.8, 0.2]))

  it('answers like the model, counts and logs queries, and throws QueryRefusedError with retryAfterMs when limited', async () => {
    let now = 0
    const t = governed(model, { client: 'c1', rateLimit: { rate: 2, burst: 2 }, clock: () => now })
    const x = fromRows([[0.1, 0], [0.9, 0]])
    const a = await t.query(x)
    expect(Array.from(a.data)).toEqual([0.8, 0.2, 0.2, 0.8].map(Math.fround))
    expect(t.queryCount).toBe(2)
    const err = await t.query(x).catch((e) => e)
    expect(err).toBeInstanceOf(QueryRefusedError)
    expect(err.retryAfterMs).toBe(1000)
    expect(err.message).toBe('governed target "function model": client "c1": 2 rows refused (rate-limited); retry in 1000 ms')
    now = 1000
    await t.query(x)
    expect(t.queryCount).toBe(4)
    expect(t.governor.client('c1')).toMatchObject({ admitted: 2, refused: 1, queries: 4 })
  })
})

describe('governor log memory', () => {
  it('keeps the latest logMemoryLimit entries in memory, every entry in the file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gov-')), 'all.jsonl')
    const g = createGovernor({ logMemoryLimit: 10, logFile: file, detector: false })
    for (let i = 0; i < 50; i++) g.admit('c', [record], i)
    expect(g.log.length).toBeLessThanOrEqual(11)
    expect(g.log.at(-1)).toMatchObject({ time: new Date(49).toISOString() })
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(50)
    expect(() => createGovernor({ logMemoryLimit: 0 })).toThrow('createGovernor: logMemoryLimit: expected a positive integer, found 0')
  })
})
