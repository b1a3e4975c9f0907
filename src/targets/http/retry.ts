/** Retry settings of an HTTP target. */
export interface RetryOptions {
  /** Retries after the first attempt (so `retries + 1` attempts at most). Default 3. */
  retries?: number
  /** Delay before the first retry, in ms; doubled for each further one. Default 200. */
  baseDelayMs?: number
  /**
   * Longest delay between two attempts, in ms. Default 5 000. A server's `Retry-After` is honoured
   * up to it; a longer one fails the batch (saying so) rather than retrying early.
   */
  maxDelayMs?: number
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Required<RetryOptions>

/**
 * Defaults of {@link RetryOptions}. With the default `timeoutMs` a batch gives up after at most
 * {@link worstCaseMs} = 4 × 10 s + 3 × 5 s = 55 s, well inside the 120 s `testTimeout` the
 * package recommends, so a hung endpoint fails with a message naming it instead of a bare Vitest
 * timeout.
 */
export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 5_000 }

/**
 * The longest one batch can take before it fails: every attempt running to `timeoutMs`, and every
 * wait as long as `maxDelayMs` allows (a server's `Retry-After` can ask for that much).
 *
 * @example
 * worstCaseMs(10_000, DEFAULT_RETRY) // 55000
 */
export function worstCaseMs(timeoutMs: number, policy: RetryPolicy): number {
  return (policy.retries + 1) * timeoutMs + policy.retries * policy.maxDelayMs
}

/**
 * Statuses worth another attempt: 429 (rate limited) and the 5xx a server returns while it is
 * overloaded or restarting. Other 4xx mean the request itself is wrong; repeating it cannot help.
 *
 * @example
 * isRetryableStatus(503) // true
 * isRetryableStatus(400) // false
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (`"3"`) or an HTTP date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`, relative to `now`; a past date means 0). `undefined` when the
 * header is absent or unreadable, so the caller falls back to its own backoff.
 *
 * @example
 * parseRetryAfter('2', 0)                               // 2000
 * parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 0)   // 5000
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/**
 * Delay before retry number `retry` (0 for the first retry): the server's `Retry-After` when it sent
 * one, else `baseDelayMs · 2^retry`; either capped at `maxDelayMs`. No jitter: delays are the same
 * on every run (a CI gate must be reproducible; spread load with a lower `concurrency` instead).
 *
 * @example
 * backoffDelay(2, undefined, DEFAULT_RETRY) // 800
 * backoffDelay(0, 3000, DEFAULT_RETRY)      // 3000
 */
export function backoffDelay(retry: number, retryAfterMs: number | undefined, policy: RetryPolicy): number {
  const wanted = retryAfterMs ?? policy.baseDelayMs * 2 ** retry
  return Math.min(wanted, policy.maxDelayMs)
}

/** The default sleep: a timer. Tests inject their own so that no test waits. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
