import type { Governor } from 'vitest-privacy-gates'
import type { QueryMiddleware } from './middleware.js'

/**
 * The package's query governor as the server's middleware: every request is logged (client id,
 * time, row count, SHA-256 of the rows — never the rows) and charged to the client's token bucket
 * before the model sees it; a refused request gets 429 with `Retry-After` (or 403 when the client
 * can never pass: blocked after a flag, or a request larger than its burst). The answers are fed
 * to the client's PRADA detector afterwards.
 *
 * @example
 * const governor = createGovernor({ rateLimit: { rate: 200, burst: 400 }, logFile: 'queries.jsonl' })
 * const server = await startServer({ middleware: [governanceMiddleware(governor)] })
 * // … later: governor.client('partner-42').flagged
 */
export function governanceMiddleware(governor: Governor): QueryMiddleware {
  return (_req, client, rows) => {
    // One client id per caller and model: PRADA's distances only make sense within one input space.
    const id = `${client.id}@${client.model}`
    const admission = governor.admit(id, rows)
    if (!admission.allowed) {
      if (!Number.isFinite(admission.retryAfterMs)) return { status: 403, error: `query refused (${admission.reason})` }
      return { status: 429, error: `query refused (${admission.reason})`, retryAfter: Math.ceil(admission.retryAfterMs / 1000) }
    }
    return { after: (outputs) => void governor.observe(id, rows, outputs) }
  }
}
