import { describe, expect, it } from 'vitest'
import { mapLimit } from '../../../../src/targets/http/concurrency.js'
import { getPointer, isPointer, setPointer } from '../../../../src/data/json-pointer.js'
import { DEFAULT_TIMEOUT_MS } from '../../../../src/targets/http/http-target.js'
import { backoffDelay, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, worstCaseMs } from '../../../../src/targets/http/retry.js'

describe('retry policy', () => {
  it('reads Retry-After as seconds or an HTTP date; unreadable means "use the backoff"', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000)
    expect(parseRetryAfter(' 0 ', 0)).toBe(0)
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000)
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 9000)).toBe(0)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
    expect(parseRetryAfter(null, 0)).toBeUndefined()
  })

  it('doubles the delay and caps it', () => {
    expect([0, 1, 2, 3].map((r) => backoffDelay(r, undefined, DEFAULT_RETRY))).toEqual([200, 400, 800, 1600])
    expect(backoffDelay(10, undefined, DEFAULT_RETRY)).toBe(5_000)
    expect(backoffDelay(0, 60_000, DEFAULT_RETRY)).toBe(5_000)
  })

  it('the defaults give up on a hung endpoint within half the recommended 120 s testTimeout', () => {
    // Every attempt times out and every wait is as long as a Retry-After may make it.
    expect(worstCaseMs(DEFAULT_TIMEOUT_MS, DEFAULT_RETRY)).toBe(4 * 10_000 + 3 * 5_000)
    expect(worstCaseMs(DEFAULT_TIMEOUT_MS, DEFAULT_RETRY)).toBeLessThanOrEqual(120_000 / 2)
    expect(worstCaseMs(1000, { retries: 0, baseDelayMs: 0, maxDelayMs: 99 })).toBe(1000)
  })

  it('retries 429 and 5xx only', () => {
    expect([400, 401, 404, 408, 429, 500, 503, 599].map(isRetryableStatus)).toEqual([false, false, false, false, true, true, true, true])
  })
})

describe('JSON pointers', () => {
  it('get, set and validate', () => {
    expect(getPointer({ a: { 'b/c': [1, 2] } }, '/a/b~1c/1')).toBe(2)
    expect(getPointer({ a: 1 }, '/b')).toBeUndefined()
    expect(getPointer([1], '/x')).toBeUndefined()
    const template = { keep: true }
    expect(setPointer(template, '/in/rows', [[1]])).toEqual({ keep: true, in: { rows: [[1]] } })
    expect(template).toEqual({ keep: true })
    expect(isPointer('/a')).toBe(true)
    expect(isPointer('')).toBe(true)
    expect(isPointer('a')).toBe(false)
    expect(isPointer('/a~2')).toBe(false)
  })
})

describe('mapLimit', () => {
  it('keeps order, respects the limit, and throws the first failure', async () => {
    let running = 0
    let most = 0
    const out = await mapLimit(7, 2, async (i) => {
      running++
      most = Math.max(most, running)
      await new Promise((r) => setImmediate(r))
      running--
      return i * 2
    })
    expect(out).toEqual([0, 2, 4, 6, 8, 10, 12])
    expect(most).toBe(2)
    await expect(mapLimit(3, 3, async (i, signal) => {
      if (i === 1) throw new Error('batch 1')
      await new Promise((r) => setImmediate(r))
      if (signal.aborted) throw new Error('cancelled')
      return i
    })).rejects.toThrow('batch 1')
  })
})
