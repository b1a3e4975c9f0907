import { displayUrl, HttpTargetError, quoteBody, redact, type HttpFailure } from './errors.js'
import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.js'

/** How requests are sent: injectable pieces (tests pass their own `sleep`, so no test waits). */
export interface Transport {
  fetch: typeof fetch
  sleep: (ms: number) => Promise<void>
  /** Current time in ms, for `Retry-After` dates. */
  now: () => number
  /** Receives one line per retry; never holds the secret or any record. */
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
  /** Values never to print (the auth header's value). */
  secrets: readonly string[]
}

/**
 * POSTs one batch and returns the parsed JSON answer. Each attempt gets its own timeout
 * (an AbortController); unreachable servers, timeouts, 429 and 5xx are retried with exponential
 * backoff (honouring `Retry-After`), anything else fails at once with an {@link HttpTargetError}.
 * `cancel` aborts the request when a sibling batch has failed.
 *
 * @example
 * const json = await postBatch({ where: 'HTTP target "m"', url, headers: {}, body: '{}', rows: [0, 9], secrets: [] }, transport, signal)
 */
export async function postBatch(req: BatchRequest, t: Transport, cancel: AbortSignal): Promise<unknown> {
  const url = displayUrl(req.url)
  const attempts = t.retry.retries + 1
  const fail = (reason: HttpFailure, why: string, attempt: number, status?: number, cause?: unknown): HttpTargetError => {
    const tries = attempt === 1 ? '' : ` after ${attempt} attempts`
    const message = redact(`${req.where}: batch rows ${req.rows[0]}–${req.rows[1]} failed at POST ${url}${tries}: ${why}`, req.secrets)
    return new HttpTargetError(message, { reason, url, rows: req.rows, status, cause })
  }
  for (let attempt = 1; ; attempt++) {
    const last = attempt === attempts
    let retryAfter: number | undefined
    let problem: { reason: HttpFailure; why: string; status?: number; cause?: unknown }
    const timer = new AbortController()
    const onCancel = () => timer.abort()
    cancel.addEventListener('abort', onCancel)
    const clock = setTimeout(() => timer.abort(), t.timeoutMs)
    try {
      const res = await t.fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: timer.signal })
      const text = await res.text()
      if (res.ok) {
        try {
          return JSON.parse(text) as unknown
        } catch (err) {
          // A 2xx that is not JSON will not become JSON on a second try.
          throw fail('malformed', `the answer is not JSON (${(err as Error).message}); it starts with ${quoteBody(text, req.secrets)}`, attempt, res.status, err)
        }
      }
      retryAfter = parseRetryAfter(res.headers.get('retry-after'), t.now())
      problem = { reason: 'status', why: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}: ${quoteBody(text, req.secrets)}`, status: res.status }
      if (!isRetryableStatus(res.status)) throw fail(problem.reason, problem.why, attempt, problem.status)
    } catch (err) {
      if (err instanceof HttpTargetError) throw err
      if (cancel.aborted) throw fail('unreachable', 'cancelled because another batch failed', attempt, undefined, err)
      problem = timer.signal.aborted
        ? { reason: 'timeout', why: `no answer within ${t.timeoutMs} ms (timeoutMs)` }
        : { reason: 'unreachable', why: `cannot connect (${networkCause(err)})`, cause: err }
    } finally {
      clearTimeout(clock)
      cancel.removeEventListener('abort', onCancel)
    }
    if (last) throw fail(problem.reason, problem.why, attempt, problem.status, problem.cause)
    // Retrying before the server's Retry-After would only be refused again (and is rude to it).
    if (retryAfter !== undefined && retryAfter > t.retry.maxDelayMs) {
      throw fail(problem.reason, `${problem.why}; the server asks to retry after ${Math.ceil(retryAfter / 1000)} s (Retry-After), longer than retry.maxDelayMs = ${t.retry.maxDelayMs} ms: raise it, or lower the query rate`, attempt, problem.status)
    }
    const delay = backoffDelay(attempt - 1, retryAfter, t.retry)
    t.log?.(
      redact(
        `${req.where}: rows ${req.rows[0]}–${req.rows[1]} at ${url}: ${problem.status !== undefined ? `HTTP ${problem.status}` : problem.reason}; ` +
          `retry ${attempt} of ${t.retry.retries} in ${delay} ms${retryAfter !== undefined ? ' (Retry-After)' : ''}`,
        req.secrets,
      ),
    )
    await t.sleep(delay)
    if (cancel.aborted) throw fail('unreachable', 'cancelled because another batch failed', attempt)
  }
}

/** `ECONNREFUSED 127.0.0.1:9` from undici's `fetch failed` and its cause. */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } })?.cause
  if (cause && typeof cause.code === 'string') return typeof cause.message === 'string' ? `${cause.code}: ${cause.message}` : cause.code
  return (err as Error)?.message ?? String(err)
}
