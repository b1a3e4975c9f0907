import { optionalPositiveInt } from '../../data/describe.js'
import type { Matrix } from '../../data/matrix.js'
import { checkLabelRows, checkProbabilityRows, createTarget, DEFAULT_TOLERANCE } from '../create-target.js'
import type { OutputMode, Target } from '../target.js'
import { mapLimit } from './concurrency.js'
import { HttpTargetError, type HttpFailure } from './errors.js'
import { isPointer } from '../../data/json-pointer.js'
import { postBatch, type Transport } from './request.js'
import { DEFAULT_RETRY, realSleep, type RetryOptions, type RetryPolicy } from './retry.js'
import { redactSecrets, SECRET_PARAM_NAME, secretQueryValues } from './secrets.js'
import { displayUrl, parseTargetUrl } from './url.js'
import { planInput, planNamedInputs, type ShapeOptions } from '../input-shape.js'
import { wireFormat, type CustomRequest, type CustomResponse, type WireFormatId } from './wire-formats.js'

/** Rows per HTTP request when no `batchSize` is given (TF Serving's own batching works well near it). */
export const DEFAULT_HTTP_BATCH_SIZE = 64
/** Requests in flight at once when no `concurrency` is given. */
export const DEFAULT_CONCURRENCY = 4
/**
 * Per-request timeout in ms when no `timeoutMs` is given. A prediction batch answers in
 * milliseconds; 10 s leaves room for a slow one while keeping the worst case of a hung endpoint
 * (see `worstCaseMs`) well inside the recommended `testTimeout`.
 */
export const DEFAULT_TIMEOUT_MS = 10_000

/**
 * An auth header whose value is read from an environment variable, so the secret lives in the CI's
 * secret store, not in the thresholds file or the test. Its value is never printed: not in errors,
 * logs or reports (bodies that echo it are redacted).
 */
export interface HttpAuth {
  /** Name of the environment variable holding the secret, e.g. `"MODEL_API_TOKEN"`. */
  env: string
  /** Header to send. Default `"Authorization"`. */
  header?: string
  /** Written before the secret, with a space. Default `"Bearer"` for `Authorization`, none for other headers. */
  scheme?: string
}

/**
 * Options of {@link httpTarget}. `recordShape` sends each record as nested arrays of that shape
 * (channels first with `layout: 'NCHW'`); `inputs` sends named inputs (token ids as integers).
 */
export interface HttpTargetOptions extends ShapeOptions {
  /** The server's base URL (with `model`) or the full endpoint URL (without `model`, and always for `custom`). */
  url: string
  /** Wire format. Default `"tf-serving"`. */
  format?: WireFormatId
  /** Model name: the URL becomes `<url>/v1/models/<model>:predict` (tf-serving) or `<url>/v2/models/<model>/infer` (open-inference). */
  model?: string
  /** Model version, appended as `/versions/<version>`. */
  version?: string
  /** open-inference: name of the input tensor. Default `"input"`. */
  inputName?: string
  /** open-inference: name of the output tensor to read. Default: the first output. */
  outputName?: string
  /** custom: the request body, from the rows (a function) or as rows placed at a JSON pointer of a template. */
  request?: CustomRequest
  /** custom: where the answer's rows are (a function of the parsed body, or a JSON pointer). */
  response?: CustomResponse
  /** A readable name for messages. Default: `model`, else the URL's host and path. */
  name?: string
  /** Input features; queries of another width are refused before any request. */
  features?: number
  /** Output classes; required with `outputMode: 'label'`. */
  classes?: number
  /** What the endpoint returns: `probabilities` (default), `logits`, or `label` (one class index per row). */
  outputMode?: OutputMode
  /** Rows per request. Default {@link DEFAULT_HTTP_BATCH_SIZE}. */
  batchSize?: number
  /** Requests in flight at once. Default {@link DEFAULT_CONCURRENCY}. */
  concurrency?: number
  /** Per-request timeout in ms (each attempt). Default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number
  /** Retries on connection errors, timeouts, 429 and 5xx. Default 3 retries, 200 ms doubling, at most 5 s. */
  retry?: RetryOptions
  /** Auth header from an environment variable. */
  auth?: HttpAuth
  /** Extra headers sent with every request (not secrets: use `auth` for those). */
  headers?: Record<string, string>
  /** Largest |row sum − 1| of a probability row. Default 1e-3 (rounded answers need more). */
  tolerance?: number
  /** Receives one line per retry (default: none). Lines hold no secret and no record. */
  log?: (line: string) => void
  /** Replaces the global `fetch` (tests, proxies). */
  fetch?: typeof fetch
  /** Replaces the wait between retries (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>
  /** Environment to read `auth.env` from. Default `process.env`. */
  env?: Record<string, string | undefined>
}

/**
 * A {@link Target} behind an HTTP prediction endpoint: TensorFlow Serving's REST API
 * (`format: 'tf-serving'`), the Open Inference Protocol / KServe v2 (`'open-inference'`), or any
 * JSON API (`'custom'`, with `request`/`response` mappings). Queries are cut into batches of
 * `batchSize` rows sent with at most `concurrency` requests in flight; each request has a timeout,
 * and connection errors, timeouts, 429 and 5xx are retried with exponential backoff honouring
 * `Retry-After`. Every answer is checked (JSON, row count, finite numbers) before the usual checks
 * of `createTarget`; a failure is an `HttpTargetError` naming the batch's rows, the URL and why.
 *
 * @example
 * const target = httpTarget({ url: 'http://127.0.0.1:8501', model: 'digits', features: 64, auth: { env: 'MODEL_API_TOKEN' } })
 * await expect(target).toHaveMembershipAucBelow(0.6, { members, nonMembers })
 * const kserve = httpTarget({ url: 'http://kserve.local', format: 'open-inference', model: 'digits' })
 * const mine = httpTarget({ url: 'http://api.local/score', format: 'custom', request: { pointer: '/data' }, response: { pointer: '/result/probs' } })
 */
export function httpTarget(options: HttpTargetOptions): Target {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`httpTarget: options: expected an object with at least { url }, found ${options === null ? 'null' : typeof options}`)
  }
  const base = parseTargetUrl(options.url, options.name === undefined ? 'httpTarget: options.url' : `HTTP target "${options.name}": url`)
  const format = options.format ?? 'tf-serving'
  if (format !== 'tf-serving' && format !== 'open-inference' && format !== 'custom') {
    throw new RangeError(`httpTarget: options.format: expected "tf-serving", "open-inference" or "custom", found ${JSON.stringify(format)}`)
  }
  if (format === 'custom') checkCustom(options)
  // Without a model name every format's endpoint is the base URL itself.
  const name = options.name ?? options.model ?? redactSecrets(`${base.host}${base.pathname}`)
  const where = `HTTP target "${name}"`
  // An endpoint declares no input shape: records go as the options say.
  const feeds =
    options.inputs !== undefined
      ? planNamedInputs({ inputs: options.inputs, declared: new Map(), where })
      : [planInput({ declared: undefined, recordShape: options.recordShape, layout: options.layout, where, input: options.inputName ?? 'input' })]
  if (options.features !== undefined && feeds[0].width !== undefined && options.inputs === undefined && options.features !== feeds[0].width) {
    throw new RangeError(`${where}: options.features is ${options.features}, but options.recordShape holds ${feeds[0].width} values per record`)
  }
  const wire = wireFormat({ format, version: options.version, inputName: options.inputName, outputName: options.outputName, request: options.request, response: options.response, feeds, where })
  const endpoint = wire.endpoint(base, format === 'custom' ? undefined : options.model)
  const url = displayUrl(endpoint)
  const batchSize = optionalPositiveInt(options.batchSize, `${where}: options.batchSize`) ?? DEFAULT_HTTP_BATCH_SIZE
  const concurrency = optionalPositiveInt(options.concurrency, `${where}: options.concurrency`) ?? DEFAULT_CONCURRENCY
  const timeoutMs = optionalPositiveInt(options.timeoutMs, `${where}: options.timeoutMs`) ?? DEFAULT_TIMEOUT_MS
  const retry = retryPolicy(options.retry, where)
  const { headers, secrets: authSecrets } = requestHeaders(options, where)
  // Extra headers are documented as not secret; one named like a credential is treated as one anyway.
  const headerSecrets = Object.entries(options.headers ?? {}).filter(([k, v]) => SECRET_PARAM_NAME.test(k) && typeof v === 'string').map(([, v]) => v)
  const secrets = [...authSecrets, ...headerSecrets, ...secretQueryValues(endpoint)]
  const outputMode = options.outputMode ?? 'probabilities'
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE
  // The width of the first answer, so a batch of another width is named here, with its URL.
  let width: { cols: number; rows: readonly [number, number] } | undefined
  const transport: Transport = {
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? realSleep,
    now: Date.now,
    log: options.log,
    timeoutMs,
    retry,
  }

  // createTarget hands over waves of `concurrency` batches; each wave is sent with at most
  // `concurrency` requests in flight. Counting and answer validation stay in createTarget.
  const predict = async (rows: Matrix, wave: { start: number }): Promise<Matrix> => {
    const count = Math.ceil(rows.rows / batchSize)
    const parts = await mapLimit(count, concurrency, async (i, cancel) => {
      const from = i * batchSize
      const to = Math.min(from + batchSize, rows.rows)
      const batch: Matrix = { data: rows.data.subarray(from * rows.cols, to * rows.cols), rows: to - from, cols: rows.cols }
      const range = [wave.start + from, wave.start + to - 1] as const
      const answer = await postBatch({ where, url: endpoint, headers, body: JSON.stringify(wire.encode(batch, wave.start + from)), rows: range, secrets }, transport, cancel)
      const at = `${where}: batch rows ${range[0]}–${range[1]} failed at POST ${url}`
      const failed = (reason: HttpFailure, message: string) => new HttpTargetError(redactSecrets(message, secrets), { reason, url, rows: range })
      let m: Matrix
      try {
        m = wire.decode(answer, batch.rows)
      } catch (err) {
        throw failed((err as { reason?: HttpFailure }).reason ?? 'malformed', `${at}: ${(err as Error).message}`)
      }
      width ??= { cols: m.cols, rows: range }
      if (m.cols !== width.cols) {
        throw failed('malformed', `${at}: the answer has ${m.cols} columns per row; the answer to rows ${width.rows[0]}–${width.rows[1]} had ${width.cols}`)
      }
      // createTarget checks every answer too, but it knows only the row, not the batch or the URL.
      try {
        if (outputMode === 'probabilities') checkProbabilityRows(m, range[0], tolerance, at)
        else if (outputMode === 'label' && options.classes !== undefined && m.cols === 1) checkLabelRows(m, options.classes, range[0], at)
      } catch (err) {
        throw failed('values', (err as Error).message)
      }
      return m
    })
    return concat(parts, rows.rows)
  }
  return createTarget(predict, {
    name,
    features: options.features ?? (options.inputs === undefined ? feeds[0].width : undefined),
    classes: options.classes,
    outputMode: options.outputMode,
    batchSize: batchSize * concurrency,
    tolerance,
  })
}

/** The batches' answers as one matrix, in order (their widths were checked as they came in). */
function concat(parts: Matrix[], rows: number): Matrix {
  const cols = parts[0].cols
  const data = new Float32Array(rows * cols)
  let at = 0
  for (const p of parts) {
    data.set(p.data, at)
    at += p.data.length
  }
  return { data, rows, cols }
}

function checkCustom(o: HttpTargetOptions): void {
  for (const key of ['request', 'response'] as const) {
    const m = o[key]
    if (typeof m === 'function') continue
    if (m === undefined || m === null || typeof m !== 'object' || !isPointer((m as { pointer?: unknown }).pointer)) {
      throw new TypeError(
        `httpTarget: options.${key}: format "custom" needs a function or { pointer: "/json/pointer" }, found ${m === undefined ? 'nothing' : typeof m === 'object' ? JSON.stringify(m) : typeof m}`,
      )
    }
  }
}

function requestHeaders(o: HttpTargetOptions, where: string): { headers: Record<string, string>; secrets: string[] } {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...o.headers }
  if (o.auth === undefined) return { headers, secrets: [] }
  const { env, header = 'Authorization' } = o.auth
  if (typeof env !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) {
    throw new TypeError(`${where}: options.auth.env: expected the name of an environment variable, found ${JSON.stringify(env)}`)
  }
  const secret = (o.env ?? process.env)[env]
  if (secret === undefined || secret === '') {
    // Name the variable, never a value.
    throw new TypeError(`${where}: options.auth.env: the environment variable ${env} is not set (or empty); set it to the API token, e.g. from your CI's secret store`)
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(secret)) {
    // fetch would refuse the header and quote it; name the variable and the likely cause instead.
    throw new TypeError(`${where}: options.auth.env: the environment variable ${env} holds a line break or another control character, which a header cannot carry (a trailing newline from \`echo\`?); remove it`)
  }
  const scheme = o.auth.scheme ?? (header.toLowerCase() === 'authorization' ? 'Bearer' : '')
  headers[header] = scheme === '' ? secret : `${scheme} ${secret}`
  return { headers, secrets: [secret, headers[header]] }
}

function retryPolicy(r: RetryOptions | undefined, where: string): RetryPolicy {
  if (r === undefined) return DEFAULT_RETRY
  const int = (v: unknown, key: string, min: number): number | undefined => {
    if (v === undefined) return undefined
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`${where}: options.retry.${key}: expected an integer ≥ ${min}, found ${JSON.stringify(v)}`)
    return v
  }
  return {
    retries: int(r.retries, 'retries', 0) ?? DEFAULT_RETRY.retries,
    baseDelayMs: int(r.baseDelayMs, 'baseDelayMs', 0) ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: int(r.maxDelayMs, 'maxDelayMs', 0) ?? DEFAULT_RETRY.maxDelayMs,
  }
}

