import { TargetAnswerError } from '../target.js'

/** Longest stretch of a response body quoted in an error message. */
export const MAX_QUOTED_BODY = 200

/** What went wrong with one HTTP batch, for code that reacts to it (`error.reason`). */
export type HttpFailure =
  | 'unreachable' // no connection (refused, DNS, reset)
  | 'timeout' // no complete answer within `timeoutMs`
  | 'status' // a non-2xx status that is not retried, or still failing after the retries
  | 'malformed' // a 2xx answer that is not JSON or not in the wire format
  | 'rows' // a 2xx answer with the wrong number of rows
  | 'values' // a 2xx answer holding a non-numeric or non-finite value

/**
 * A batch of an HTTP target failed. The message names the batch (rows a–b of the caller's query),
 * the URL (without query string or credentials), the attempts made and why, with the start of the
 * response body quoted when there is one. The auth secret never appears: it is not part of any
 * message, and a body that echoes it is redacted before it is quoted.
 *
 * It is a {@link TargetAnswerError}, so `createTarget` passes it on unchanged (its message already
 * says which rows).
 *
 * @example
 * try { await target.query(x) } catch (e) { if (e instanceof HttpTargetError && e.reason === 'timeout') … }
 */
export class HttpTargetError extends TargetAnswerError {
  override name = 'HttpTargetError'
  /** Why the batch failed. */
  readonly reason: HttpFailure
  /** The endpoint (no query string, no user info). */
  readonly url: string
  /** First and last row of the failed batch, in the caller's query. */
  readonly rows: readonly [number, number]
  /** HTTP status of the last attempt, when one was received. */
  readonly status: number | undefined

  /** Builds the error; see the class description for what `message` should say. */
  constructor(message: string, details: { reason: HttpFailure; url: string; rows: readonly [number, number]; status?: number; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.reason = details.reason
    this.url = details.url
    this.rows = details.rows
    this.status = details.status
  }
}

/**
 * The endpoint as messages show it: origin and path only. A query string may hold an API key and
 * user info a password, so neither is ever printed.
 *
 * @example
 * displayUrl('https://u:p@host/v1/models/m:predict?key=s') // 'https://host/v1/models/m:predict'
 */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}`
}

/**
 * `text` with every occurrence of each secret replaced by `[redacted]`; empty secrets are ignored.
 *
 * @example
 * redact('bad token abc123', ['abc123']) // 'bad token [redacted]'
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s !== '') out = out.split(s).join('[redacted]')
  return out
}

/**
 * The start of a response body for a message: the `error` field of a JSON body (TF Serving and
 * KServe answer `{"error": "..."}`) or the raw text, on one line, redacted, and cut at
 * {@link MAX_QUOTED_BODY} characters (a body may echo the query, which must not end up in logs
 * whole).
 *
 * @example
 * quoteBody('{"error":"model not found"}', []) // '"model not found"'
 */
export function quoteBody(body: string, secrets: readonly string[]): string {
  let text = body
  try {
    const parsed = JSON.parse(body) as unknown
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string') {
      text = (parsed as { error: string }).error
    }
  } catch {
    // Not JSON: quote the text itself.
  }
  text = redact(text, secrets).replace(/\s+/g, ' ').trim()
  if (text === '') return 'an empty body'
  const cut = text.length > MAX_QUOTED_BODY ? `${text.slice(0, MAX_QUOTED_BODY)}…` : text
  return JSON.stringify(cut)
}
