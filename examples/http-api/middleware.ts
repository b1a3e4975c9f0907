import type { IncomingMessage } from 'node:http'

/** Who is asking, as the server sees it. */
export interface QueryClient {
  /** The `x-client-id` header when sent, else the remote address. */
  id: string
  /** The endpoint's model name. */
  model: string
  /** The wire format of the request. */
  format: 'tf-serving' | 'open-inference'
}

/** A refusal: the server answers `status` with `{"error": message}` (and `Retry-After` when given). */
export interface Refusal {
  status: number
  error: string
  /** Seconds, sent as the `Retry-After` header (e.g. for 429). */
  retryAfter?: number
}

/**
 * THE HOOK FOR QUERY GOVERNANCE. Every request passes through the server's middleware list, in
 * order, after its rows are parsed and before the model sees them. A middleware may log the query
 * (client, time, row count, a hash of the rows — never the rows), rate-limit it, or run a detector;
 * it returns a {@link Refusal} to stop the request (the remaining middleware and the model are
 * skipped), or nothing to let it through. It may also return `{ after }`, called with the answer
 * rows once the model has answered (for confidence monitoring).
 *
 * @example
 * const countRows: QueryMiddleware = (_req, client, rows) => { seen.set(client.id, (seen.get(client.id) ?? 0) + rows.length) }
 * const refuseBig: QueryMiddleware = (_req, _client, rows) => (rows.length > 256 ? { status: 413, error: 'at most 256 rows per request' } : undefined)
 */
export type QueryMiddleware = (
  req: IncomingMessage,
  client: QueryClient,
  rows: number[][],
) => Refusal | { after(outputs: number[][]): void } | void | Promise<Refusal | { after(outputs: number[][]): void } | void>
