import { TargetAnswerError } from '../target.js'

/** What went wrong with one HTTP batch, for code that reacts to it (`error.reason`). */
export type HttpFailure =
  | 'unreachable' // no connection (refused, DNS, reset)
  | 'timeout' // no complete answer within `timeoutMs`
  | 'status' // a non-2xx status that is not retried, or still failing after the retries
  | 'request' // the request cannot be sent as built (fetch refuses it); not retried
  | 'malformed' // a 2xx answer that is not JSON or not in the wire format
  | 'rows' // a 2xx answer with the wrong number of rows
  | 'values' // a 2xx answer holding a value the output mode does not allow

/**
 * A batch of an HTTP target failed. The message names the batch (rows a–b of the caller's query),
 * the URL (without query string or credentials), the attempts made and why, with the status, size
 * and kind of the response body, and its start only when quoting it is safe. No secret appears:
 * not the auth header, not a value substituted from the environment, not a query parameter that
 * looks like a credential; nor anything shaped like the request rows.
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
  /** The endpoint as messages show it (no query string, no user info, secrets redacted). */
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
