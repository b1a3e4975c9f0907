/** Settings of a token-bucket rate limit. */
export interface RateLimit {
  /** Tokens added per second (rows or requests per second, see `per`), a finite number > 0. */
  rate: number
  /** Bucket size: the largest burst allowed after a quiet spell. Default: one second's worth (`rate`). */
  burst?: number
  /** What one token pays for: one answered row (default) or one request of any size. */
  per?: 'rows' | 'requests'
}

/** What a bucket says about one request. */
export interface TakeResult {
  allowed: boolean
  /**
   * Milliseconds until the request would be allowed (0 when allowed); `Infinity` when it can never
   * be (a request larger than the bucket).
   */
  retryAfterMs: number
}

/** One client's bucket. State is real here (tokens and the last refill time), hence a closure. */
export interface TokenBucket {
  /** Takes `cost` tokens at time `now` (ms) if there are enough; never sleeps. */
  take(cost: number, now: number): TakeResult
}

/**
 * A token bucket (full at creation): refilled continuously at `rate` tokens per second up to
 * `burst`; a request costing `cost` tokens passes when that many are there. Time comes from the
 * caller (`now` in ms), so tests drive it with a fake clock and nothing ever sleeps. A clock that
 * goes backwards adds no tokens.
 *
 * @example
 * const b = createTokenBucket({ rate: 100, burst: 200 })
 * b.take(150, 0)      // { allowed: true, retryAfterMs: 0 }
 * b.take(100, 0)      // { allowed: false, retryAfterMs: 500 }
 */
export function createTokenBucket(limit: RateLimit): TokenBucket {
  const { rate, burst } = checkRateLimit(limit, 'rateLimit')
  let tokens = burst
  let last: number | undefined
  return {
    take(cost, now) {
      if (last !== undefined && now > last) tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate)
      if (last === undefined || now > last) last = now
      if (cost > burst) return { allowed: false, retryAfterMs: Infinity }
      if (tokens >= cost) {
        tokens -= cost
        return { allowed: true, retryAfterMs: 0 }
      }
      return { allowed: false, retryAfterMs: Math.ceil(((cost - tokens) / rate) * 1000) }
    },
  }
}

/** Validates a {@link RateLimit}; returns it with defaults filled in. */
export function checkRateLimit(limit: RateLimit, what: string): Required<RateLimit> {
  if (limit === null || typeof limit !== 'object') throw new TypeError(`${what}: expected { rate, burst?, per? }, found ${limit === null ? 'null' : typeof limit}`)
  const { rate, per = 'rows' } = limit
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) throw new RangeError(`${what}.rate: expected a finite number > 0 (tokens per second), found ${String(rate)}`)
  const burst = limit.burst ?? rate
  if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1) throw new RangeError(`${what}.burst: expected a finite number ≥ 1, found ${String(limit.burst)}`)
  if (per !== 'rows' && per !== 'requests') throw new RangeError(`${what}.per: expected 'rows' or 'requests', found ${JSON.stringify(per)}`)
  return { rate, burst, per }
}
