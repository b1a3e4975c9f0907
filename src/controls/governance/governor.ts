import { argmaxAt, fromRows, type Matrix } from '../../data/matrix.js'
import { createPrada, checkPradaOptions, type Prada, type PradaOptions, type PradaState } from './prada.js'
import { createQueryLog, hashRows, LOG_MEMORY_LIMIT, type QueryLog, type QueryLogEntry } from './query-log.js'
import { checkRateLimit, createTokenBucket, type RateLimit, type TokenBucket } from './token-bucket.js'

/** Options of {@link createGovernor}. */
export interface GovernorOptions {
  /** Token-bucket limit per client; none when absent. */
  rateLimit?: RateLimit
  /** PRADA settings, or `false` to log and rate-limit only. Default: δ 0.9, 100 distances. */
  detector?: PradaOptions | false
  /** Also append the log as JSON lines to this file (every entry, whatever `logMemoryLimit`). */
  logFile?: string
  /** Log entries kept in memory (the latest ones). Default 100 000. */
  logMemoryLimit?: number
  /** Refuse queries of flagged clients (reason `flagged`). Default false: flag and log only. */
  blockFlagged?: boolean
}

/** The decision on one request. */
export interface Admission {
  allowed: boolean
  /** 0 when allowed; ms until a retry can pass; `Infinity` when it never can (larger than the burst, or blocked). */
  retryAfterMs: number
  /** Whether the detector has flagged this client (before this request's rows are seen). */
  flagged: boolean
  /** Why it was refused. */
  reason?: 'rate-limited' | 'too-large' | 'flagged'
}

/** What the governor knows about one client (aggregates only). */
export interface ClientReport extends PradaState {
  client: string
  /** Requests admitted and refused. */
  admitted: number
  refused: number
}

/** Rows as a {@link Matrix} or nested arrays (what an HTTP handler has after `JSON.parse`). */
export type RowsInput = Matrix | readonly (readonly number[])[]

/**
 * Query governance for a prediction interface, framework-free. Call {@link Governor.admit} before
 * answering a request and {@link Governor.observe} with the answers after; both are synchronous.
 */
export interface Governor {
  /** Logs the request and applies the client's rate limit at time `now` (ms; default the clock). */
  admit(client: string, rows: RowsInput, now?: number): Admission
  /**
   * Feeds answered rows (and their answers: probability rows, argmax taken as the predicted class)
   * to the client's detector; returns whether the client is flagged. Logs a `flag` line when it
   * first fires.
   */
  observe(client: string, rows: RowsInput, answers: RowsInput, now?: number): boolean
  /** What the governor knows about `client` (zeros for a client never seen). */
  client(client: string): ClientReport
  /** Clients seen, in order of first request. */
  clients(): string[]
  /** The log (latest `logMemoryLimit` entries): one `query` line per request, one `flag` line per flagged client. */
  readonly log: readonly QueryLogEntry[]
}

interface ClientState {
  bucket: TokenBucket | undefined
  prada: Prada | undefined
  admitted: number
  refused: number
}

/**
 * Creates a {@link Governor}: per-client query log (client id, time, row count, SHA-256 of the
 * input — never the input), token-bucket rate limit, and a PRADA extraction detector
 * (see {@link createPrada}). `clock` gives the time when a call passes no `now` (default
 * `Date.now`; tests pass a fake one: nothing ever sleeps).
 *
 * @example
 * // In a node:http handler:
 * const governor = createGovernor({ rateLimit: { rate: 100, burst: 500 }, logFile: 'queries.jsonl' })
 * const a = governor.admit(clientId, body.instances)
 * if (!a.allowed) { res.writeHead(429, { 'Retry-After': Math.ceil(a.retryAfterMs / 1000) }); return res.end() }
 * const predictions = await predict(body.instances)
 * governor.observe(clientId, body.instances, predictions)
 */
export function createGovernor(options: GovernorOptions = {}, clock: () => number = Date.now): Governor {
  if (options === null || typeof options !== 'object') throw new TypeError(`createGovernor: options: expected an object, found ${options === null ? 'null' : typeof options}`)
  const limit = options.rateLimit === undefined ? undefined : checkRateLimit(options.rateLimit, 'rateLimit')
  const detector = options.detector === false ? false : checkPradaOptions(options.detector ?? {}, 'detector')
  if (typeof clock !== 'function') throw new TypeError(`createGovernor: clock: expected a function returning ms, found ${typeof clock}`)
  const memoryLimit = options.logMemoryLimit ?? LOG_MEMORY_LIMIT
  if (!Number.isInteger(memoryLimit) || memoryLimit < 1) throw new RangeError(`createGovernor: logMemoryLimit: expected a positive integer, found ${String(options.logMemoryLimit)}`)
  const log: QueryLog = createQueryLog(options.logFile, memoryLimit)
  const states = new Map<string, ClientState>()
  const stateOf = (client: string): ClientState => {
    checkClient(client)
    let s = states.get(client)
    if (s === undefined) {
      s = { bucket: limit && createTokenBucket(limit), prada: detector === false ? undefined : createPrada(detector), admitted: 0, refused: 0 }
      states.set(client, s)
    }
    return s
  }
  const time = (now: number | undefined): number => {
    const t = now ?? clock()
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new TypeError(`governor: now: expected a time in ms, found ${String(t)}`)
    return t
  }

  return {
    admit(client, input, now) {
      const s = stateOf(client)
      const rows = asMatrix(input, 'rows')
      const t = time(now)
      const flagged = s.prada?.state().flagged ?? false
      let decision: Admission = { allowed: true, retryAfterMs: 0, flagged }
      if (flagged && options.blockFlagged) decision = { allowed: false, retryAfterMs: Infinity, flagged, reason: 'flagged' }
      else if (s.bucket && limit) {
        const r = s.bucket.take(limit.per === 'rows' ? rows.rows : 1, t)
        if (!r.allowed) decision = { ...r, flagged, reason: r.retryAfterMs === Infinity ? 'too-large' : 'rate-limited' }
      }
      if (decision.allowed) s.admitted++
      else s.refused++
      const reason = decision.reason === 'flagged' ? undefined : decision.reason
      log.append({
        kind: 'query', time: new Date(t).toISOString(), client, rows: rows.rows, sha256: hashRows(rows),
        allowed: decision.allowed, ...(reason ? { reason } : {}), flagged,
      })
      return decision
    },
    observe(client, input, answersInput, now) {
      const s = stateOf(client)
      if (s.prada === undefined) return false
      const rows = asMatrix(input, 'rows')
      const answers = asMatrix(answersInput, 'answers')
      if (answers.rows !== rows.rows) throw new RangeError(`governor.observe: answers: expected ${rows.rows} rows (one per query row), found ${answers.rows}`)
      const was = s.prada.state().flagged
      let flagged = was
      for (let r = 0; r < rows.rows; r++) {
        flagged = s.prada.observe(rows.data.subarray(r * rows.cols, (r + 1) * rows.cols), argmaxAt(answers.data, r * answers.cols, answers.cols))
      }
      if (flagged && !was) {
        const st = s.prada.state()
        log.append({ kind: 'flag', time: new Date(time(now)).toISOString(), client, queries: st.flaggedAt as number, w: st.flaggedW as number })
      }
      return flagged
    },
    client(client) {
      const s = states.get(client)
      const prada: PradaState = s?.prada?.state() ?? { queries: 0, distances: 0, w: null, flagged: false, flaggedAt: null, flaggedW: null }
      return { client, admitted: s?.admitted ?? 0, refused: s?.refused ?? 0, ...prada }
    },
    clients: () => [...states.keys()],
    get log() {
      return log.entries
    },
  }
}

function checkClient(client: unknown): void {
  if (typeof client !== 'string' || client === '') throw new TypeError(`governor: client: expected a non-empty string (a client id), found ${JSON.stringify(client) ?? typeof client}`)
}

function asMatrix(input: RowsInput, what: string): Matrix {
  if (Array.isArray(input)) return fromRows(input as number[][], what)
  const m = input as Matrix
  if (m && m.data instanceof Float32Array && Number.isInteger(m.rows) && Number.isInteger(m.cols) && m.data.length === m.rows * m.cols) return m
  throw new TypeError(`governor: ${what}: expected a Matrix { data: Float32Array, rows, cols } or number[][], found ${input === null ? 'null' : typeof input}`)
}
