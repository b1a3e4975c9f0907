import { redactSecrets } from './secrets.js'
import { formatSize } from '../../data/describe.js'

/** Longest stretch of a response body quoted in an error message. */
export const MAX_QUOTED_BODY = 200

/**
 * Numbers in a list (`0.5, 0.25`, `1;2`), a number opening a bracket (`[0.8125`), or three
 * decimals in a row separated by spaces: the shape of a request row echoed back (TF Serving quotes
 * the offending instance on a type error). Errs on the side of not quoting.
 */
const ROW_SHAPED = /[-+]?\.?\d[\d.eE+-]*\s*[,;]\s*["']?[-+]?\.?\d|\[\s*["']?[-+]?\.?\d|[-+]?\d*\.\d+\s+[-+]?\d*\.?\d+\s+[-+]?\d*\.?\d/

/** A decimal number alone (`value 0.8125 out of range`): one feature of a row, so not quoted either. */
const DECIMAL = /\d\.\d|(^|[^\w.])\.\d/

/**
 * A response body for an error message: its size and kind (`2.1 kB of JSON`), then, when it is safe,
 * the start of its `error` field (TF Serving and KServe answer `{"error": "..."}`) or of its text,
 * on one line. Safe means: secrets redacted first (so one that straddles the cut is hidden whole),
 * then cut at {@link MAX_QUOTED_BODY} characters, and nothing shaped like the request rows — a body
 * that echoes them is described, never quoted, since a member's features must not reach a CI log.
 *
 * @example
 * describeBody('{"error":"model not found"}', [])  // '27 B of JSON: "model not found"'
 * describeBody('{"error":"bad [0.1, 0.5]"}', [])   // '25 B of JSON (not quoted: it holds a list of numbers, perhaps the request rows)'
 */
export function describeBody(body: string, secrets: readonly string[]): string {
  const size = Buffer.byteLength(body, 'utf8')
  if (size === 0) return 'an empty body'
  const { kind, text } = readBody(body)
  const head = `${formatSize(size)} of ${kind}`
  const redacted = redactSecrets(text, secrets).replace(/\s+/g, ' ').trim()
  if (redacted === '') return head
  if (ROW_SHAPED.test(redacted)) return `${head} (not quoted: it holds a list of numbers, perhaps the request rows)`
  if (DECIMAL.test(redacted)) return `${head} (not quoted: it holds a decimal number, perhaps a value of the request rows)`
  const cut = redacted.length > MAX_QUOTED_BODY ? `${redacted.slice(0, MAX_QUOTED_BODY)}…` : redacted
  return `${head}: ${JSON.stringify(cut)}`
}

/** What the body is, from its first bytes, and the text worth quoting from it. */
function readBody(body: string): { kind: string; text: string } {
  try {
    const parsed = JSON.parse(body) as unknown
    const error = parsed !== null && typeof parsed === 'object' ? (parsed as { error?: unknown }).error : undefined
    return { kind: 'JSON', text: typeof error === 'string' ? error : body }
  } catch {
    // Not JSON: say what it looks like instead.
  }
  const start = body.trimStart().slice(0, 64).toLowerCase()
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return { kind: 'HTML', text: body }
  if (start.startsWith('{') || start.startsWith('[')) return { kind: 'broken JSON', text: body }
  if (start.startsWith('<')) return { kind: 'XML or HTML', text: body }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(body.slice(0, 64))) return { kind: 'binary data', text: '' }
  return { kind: 'text', text: body }
}
