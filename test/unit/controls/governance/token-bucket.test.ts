import { describe, expect, it } from 'vitest'
import { createTokenBucket } from '../../../../src/controls/governance/token-bucket.js'

describe('createTokenBucket (fake clock: nothing sleeps)', () => {
  it('allows a burst, then refuses with the wait until enough tokens refill', () => {
    const b = createTokenBucket({ rate: 100, burst: 200 })
    expect(b.take(150, 0)).toEqual({ allowed: true, retryAfterMs: 0 })
    expect(b.take(100, 0)).toEqual({ allowed: false, retryAfterMs: 500 })
    expect(b.take(100, 499).allowed).toBe(false)
    expect(b.take(100, 500)).toEqual({ allowed: true, retryAfterMs: 0 })
  })

  it('never holds more than the burst, and a request larger than the burst can never pass', () => {
    const b = createTokenBucket({ rate: 10, burst: 20 })
    expect(b.take(20, 1e9).allowed).toBe(true)
    expect(b.take(21, 2e9)).toEqual({ allowed: false, retryAfterMs: Infinity })
  })

  it('a clock going backwards adds no tokens', () => {
    const b = createTokenBucket({ rate: 1, burst: 1 })
    expect(b.take(1, 5000).allowed).toBe(true)
    expect(b.take(1, 0).allowed).toBe(false)
  })

  it('refuses bad settings naming the key', () => {
    expect(() => createTokenBucket({ rate: 0 })).toThrow('rateLimit.rate: expected a finite number > 0 (tokens per second), found 0')
    expect(() => createTokenBucket({ rate: 1, burst: 0.5 })).toThrow('rateLimit.burst: expected a finite number ≥ 1, found 0.5')
    expect(() => createTokenBucket({ rate: 1, per: 'bytes' as 'rows' })).toThrow(`rateLimit.per: expected 'rows' or 'requests', found "bytes"`)
  })
})
