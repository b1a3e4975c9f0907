import { describeBody } from './body.js'
import { HttpTargetError, type HttpFailure } from './errors.js'
import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.js'
import { redactSecrets } from './secrets.js'
import { displayUrl } from './url.js'

/** How requests are sent: injectable pieces (tests pass their own `sleep`, so no test waits). */
export interface Transport {
  fetch: typeof fetch
  sleep: (ms: number) => Promise<void>
  /** Current time in ms, for `Retry-After` dates. */
  now: () => number
  /** Receives one line per retry; never holds a secret or any record. */
  log?: (line: string) => void
  timeoutMs: number
  retry: RetryPolicy
}

/** One batch to send. */
export interface BatchRequest {
  /** `HTTP target "name"`, the start of every message. */
  where: string
  url: URL
  headers: Record<string, string>
  body: string
  /** First and last row of the batch in the caller's query. */
  rows: readonly [number, number]
  /** Values never to print besides the registered ones (the auth header's value, secret query values). */
  secrets: readonly string[]
}

/** Why one attempt did not give an answer, before it is decided whether to retry. */
interface Problem {
  reason: HttpFailure
  why: string
  status?: number
  cause?: unknown
}

/**
 * POSTs one batch and returns the parsed JSON answer. Each attempt gets its own timeout
 * (an AbortController); unreachable servers, timeouts, 429 and 5xx are retried with exponential
 * backoff (honouring `Retry-After`), anything else fails at once with an {@link HttpTargetError}.
 * `cancel` aborts the request when a sibling batch has failed. Every message and retry line goes
 * through the redaction registry last, whatever it was built from.
 *
 * @example
 * const json = await postBatch({ where: 'HTTP target "m"', url, headers: {}, body: '{}', rows: [0, 9], secrets: [] }, transport, signal)
 */
export async function postBatch(req: BatchRequest, t: Transport, cancel: AbortSignal): Promise<unknown> {
  const url = displayUrl(req.url)
  const attempts = t.retry.retries + 1
  const fail = (p: Problem, attempt: number): HttpTargetError => {
    const tries = attempt === 1 ? '' : ` after ${attempt} attempts`
    const message = redactSecrets(`${req.where}: batch rows ${req.rows[0]}–${req.rows[1]} failed at POST ${url}${tries}: ${p.why}`, req.secrets)
    return new HttpTargetError(message, { reason: p.reason, url, rows: req.rows, status: p.status, cause: p.cause })
  }
  const cancelled: Problem = { reason: 'unreachable', why: 'cancelled because another batch failed' }
  for (let attempt = 1; ; attempt++) {
    const last = attempt === attempts
    let retryAfter: number | undefined
    let problem: Problem
    const timer = new AbortController()
    const onCancel = () => timer.abort()
    cancel.addEventListener('abort', onCancel)
    const clock = setTimeout(() => timer.abort(), t.timeoutMs)
    try {
      const res = await t.fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: timer.signal })
      const text = await res.text()
      const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`
      if (res.ok) {
        try {
          return JSON.parse(text) as unknown
        } catch {
          // Neither the parser's message nor the error as a cause: both quote the body's start,
          // which may be a secret or a record. A 2xx that is not JSON will not become JSON later.
          throw fail({ reason: 'malformed', why: `the answer is not JSON: ${status}, ${describeBody(text, req.secrets)}`, status: res.status }, attempt)
        }
      }
      retryAfter = parseRetryAfter(res.headers.get('retry-after'), t.now())
      problem = { reason: 'status', why: `${status}, ${describeBody(text, req.secrets)}`, status: res.status }
      if (!isRetryableStatus(res.status)) throw fail(problem, attempt)
    } catch (err) {
      if (err instanceof HttpTargetError) throw err
      if (cancel.aborted) throw fail(cancelled, attempt)
      if (timer.signal.aborted) problem = { reason: 'timeout', why: `no answer within ${t.timeoutMs} ms (timeoutMs)` }
      else if (isNetworkError(err)) problem = { reason: 'unreachable', why: `cannot connect (${networkCause(err)})`, cause: safeCause(err, req.secrets) }
      // fetch refusing the request itself (a header value it cannot send, a URL it will not
      // fetch): the same request fails the same way every time, so it is not retried.
      else throw fail({ reason: 'request', why: `the request cannot be sent: ${(err as Error)?.message ?? String(err)}`, cause: safeCause(err, req.secrets) }, attempt)
    } finally {
      clearTimeout(clock)
      cancel.removeEventListener('abort', onCancel)
    }
    if (last) throw fail(problem, attempt)
    // Retrying before the server's Retry-After would only be refused again (and is rude to it).
    if (retryAfter !== undefined && retryAfter > t.retry.maxDelayMs) {
      const why = `${problem.why}; the server asks to retry after ${Math.ceil(retryAfter / 1000)} s (Retry-After), longer than retry.maxDelayMs = ${t.retry.maxDelayMs} ms: raise it, or lower the query rate`
      throw fail({ ...problem, why }, attempt)
    }
    const delay = backoffDelay(attempt - 1, retryAfter, t.retry)
    t.log?.(
      redactSecrets(
        `${req.where}: rows ${req.rows[0]}–${req.rows[1]} at ${url}: ${problem.status !== undefined ? `HTTP ${problem.status}` : problem.reason}; ` +
          `retry ${attempt} of ${t.retry.retries} in ${delay} ms${retryAfter !== undefined ? ' (Retry-After)' : ''}`,
        req.secrets,
      ),
    )
    await t.sleep(delay)
    if (cancel.aborted) throw fail(cancelled, attempt)
  }
}

/**
 * A failure to reach the server, worth retrying: undici's `TypeError('fetch failed')` with the
 * socket error as its cause, or any error carrying a system error code (`ECONNRESET`, …).
 */
function isNetworkError(err: unknown): boolean {
  const e = err as { message?: unknown; code?: unknown; cause?: { code?: unknown } } | null
  if (e === null || typeof e !== 'object') return false
  return (err instanceof TypeError && e.message === 'fetch failed') || typeof e.code === 'string' || typeof e.cause?.code === 'string'
}

/** `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9` from undici's `fetch failed` and its cause. */
function networkCause(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } }
  const c = typeof e.cause?.code === 'string' ? e.cause : typeof e.code === 'string' ? e : undefined
  if (c !== undefined) return typeof c.message === 'string' && c.message !== '' ? `${String(c.code)}: ${c.message}` : String(c.code)
  return typeof e.message === 'string' ? e.message : String(err)
}

/**
 * The cause to attach: a plain error with the redacted message and the code, never the original
 * (Vitest prints causes, and fetch's own errors quote the URL and header values they refused).
 */
function safeCause(err: unknown, secrets: readonly string[]): Error {
  const code = (err as { cause?: { code?: unknown }; code?: unknown })?.cause?.code ?? (err as { code?: unknown })?.code
  const safe = new Error(redactSecrets(networkCause(err), secrets))
  if (typeof code === 'string') Object.assign(safe, { code })
  return safe
}
