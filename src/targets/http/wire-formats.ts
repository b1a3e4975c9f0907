import type { Matrix } from '../../data/matrix.js'
import { getPointer, setPointer } from '../../data/json-pointer.js'
import { feedBatch, recordValue, type FedTensor, type InputFeed } from '../input-shape.js'

/** The wire formats an HTTP target speaks. */
export type WireFormatId = 'tf-serving' | 'open-inference' | 'custom'

/**
 * How a `custom` endpoint's request body is built: a function of the batch's rows, or (the form a
 * thresholds file can hold) the rows placed at a JSON pointer inside a constant template.
 */
export type CustomRequest = ((rows: number[][]) => unknown) | { pointer: string; template?: Record<string, unknown> }

/**
 * Where a `custom` endpoint's answer rows are: a function of the parsed body returning one row per
 * input (`number[]`, or a bare number for one column), or a JSON pointer to that array.
 */
export type CustomResponse = ((body: unknown) => unknown) | { pointer: string }

/** A problem with a 2xx answer, before the HTTP layer adds which batch and URL. */
export class WireError extends Error {
  /** `malformed`: not the format; `rows`: wrong row count; `values`: a non-numeric or non-finite value. */
  readonly reason: 'malformed' | 'rows' | 'values'
  /** Builds the error. */
  constructor(reason: 'malformed' | 'rows' | 'values', message: string) {
    super(message)
    this.reason = reason
  }
}

/** One wire format: where to send a batch, how to encode it, how to read the answer. */
export interface WireFormat {
  readonly id: WireFormatId
  /** The request URL for a server's base URL and a model name (`undefined`: `base` is the endpoint). */
  endpoint(base: URL, model: string | undefined): URL
  /** The JSON request body for one batch; `start` is its first row in the query (for messages). */
  encode(rows: Matrix, start?: number): unknown
  /** One output row per input row from the parsed answer; throws a {@link WireError}. */
  decode(body: unknown, expectedRows: number): Matrix
}

/** Settings the formats read. */
export interface WireFormatSettings {
  format: WireFormatId
  /** Model version (`tf-serving`: `/versions/<v>`, `open-inference`: `/versions/<v>`). */
  version?: string
  /** `open-inference`: the input tensor's name. Default `"input"`. */
  inputName?: string
  /** `open-inference`: the output tensor to read. Default: the first. */
  outputName?: string
  request?: CustomRequest
  response?: CustomResponse
  /**
   * How each record is sent (targets/input-shape.ts): one flat input by default; nested arrays of
   * a record shape; or named inputs (`open-inference`: one tensor each with its datatype; the
   * others: one JSON object per record with a field per input).
   */
  feeds?: readonly InputFeed[]
  /** Names the target in messages about a record (a fractional token id …). */
  where?: string
}

const DATATYPE = { float32: 'FP32', int32: 'INT32', int64: 'INT64' } as const

/** The batch's input tensors, as planned (a flat float32 row each by default). */
function tensors(s: WireFormatSettings, rows: Matrix, start: number): FedTensor[] {
  const feeds = s.feeds ?? [{ name: undefined, dtype: 'float32', dims: undefined, columns: undefined, width: undefined }]
  return feedBatch(rows, feeds, start, s.where ?? 'HTTP target')
}

/** One JSON value per record: a flat row, nested arrays of the record shape, or an object of named inputs. */
function records(s: WireFormatSettings, rows: Matrix, start: number): unknown[] {
  const t = tensors(s, rows, start)
  return Array.from({ length: rows.rows }, (_, r) => recordValue(t, r))
}

/**
 * The {@link WireFormat} for `settings`:
 *
 * - `tf-serving`: POST `<base>/v1/models/<model>[/versions/<v>]:predict` with `{"instances": rows}`,
 *   answer `{"predictions": rows}`;
 * - `open-inference` (KServe v2, Triton, Seldon, OpenVINO, ONNX Runtime Server): POST
 *   `<base>/v2/models/<model>[/versions/<v>]/infer` with `{"inputs": [{ name, shape: [n, d],
 *   datatype: "FP32", data }]}` (data flat, row-major), answer `{"outputs": [{ name, shape, data }]}`;
 * - `custom`: POST to `base` with the body `request` builds; rows read by `response`.
 *
 * @example
 * const f = wireFormat({ format: 'tf-serving' })
 * f.endpoint(new URL('http://127.0.0.1:8501'), 'digits').href // 'http://127.0.0.1:8501/v1/models/digits:predict'
 */
export function wireFormat(settings: WireFormatSettings): WireFormat {
  switch (settings.format) {
    case 'tf-serving':
      return tfServing(settings)
    case 'open-inference':
      return openInference(settings)
    case 'custom':
      return custom(settings)
  }
}

function appendPath(base: URL, path: string): URL {
  const url = new URL(base.href)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`
  return url
}

function tfServing(s: WireFormatSettings): WireFormat {
  return {
    id: 'tf-serving',
    endpoint: (base, model) =>
      model === undefined ? base : appendPath(base, `/v1/models/${encodeURIComponent(model)}${s.version ? `/versions/${encodeURIComponent(s.version)}` : ''}:predict`),
    encode: (rows, start = 0) => ({ instances: records(s, rows, start) }),
    decode(body, expectedRows) {
      if (body === null || typeof body !== 'object' || !('predictions' in body)) {
        throw new WireError('malformed', `expected a JSON object with "predictions" (TF Serving), found ${shape(body)}`)
      }
      return rowsToMatrix((body as { predictions: unknown }).predictions, expectedRows, 'predictions')
    },
  }
}

function openInference(s: WireFormatSettings): WireFormat {
  const inputName = s.inputName ?? 'input'
  return {
    id: 'open-inference',
    endpoint: (base, model) =>
      model === undefined ? base : appendPath(base, `/v2/models/${encodeURIComponent(model)}${s.version ? `/versions/${encodeURIComponent(s.version)}` : ''}/infer`),
    encode: (rows, start = 0) => ({
      inputs: tensors(s, rows, start).map((t) => ({ name: t.name ?? inputName, shape: t.dims, datatype: DATATYPE[t.dtype], data: Array.from(t.data as ArrayLike<number | bigint>, Number) })),
    }),
    decode(body, expectedRows) {
      const outputs = body !== null && typeof body === 'object' ? (body as { outputs?: unknown }).outputs : undefined
      if (!Array.isArray(outputs) || outputs.length === 0) {
        throw new WireError('malformed', `expected a JSON object with a non-empty "outputs" array (Open Inference Protocol), found ${shape(body)}`)
      }
      const i = s.outputName === undefined ? 0 : outputs.findIndex((o) => (o as { name?: unknown })?.name === s.outputName)
      if (i < 0) {
        const names = outputs.map((o) => JSON.stringify((o as { name?: unknown })?.name)).join(', ')
        throw new WireError('malformed', `no output named ${JSON.stringify(s.outputName)} in "outputs"; the answer has ${names}`)
      }
      return tensorToMatrix(outputs[i], expectedRows, `outputs[${i}]`)
    },
  }
}

function custom(s: WireFormatSettings): WireFormat {
  const { request, response } = s
  if (request === undefined || response === undefined) {
    throw new TypeError(`format "custom": expected both "request" and "response" mappings, found ${request === undefined ? 'no "request"' : 'no "response"'}`)
  }
  return {
    id: 'custom',
    endpoint: (base) => base,
    // A request function is typed for flat rows; with a record shape or named inputs it receives nested records or objects.
    encode: (rows, start = 0) => (typeof request === 'function' ? request(records(s, rows, start) as number[][]) : setPointer(request.template, request.pointer, records(s, rows, start))),
    decode(body, expectedRows) {
      if (typeof response === 'function') return rowsToMatrix(response(body), expectedRows, 'the rows response() returned')
      const rows = getPointer(body, response.pointer)
      if (rows === undefined) throw new WireError('malformed', `nothing at JSON pointer ${JSON.stringify(response.pointer)} of the answer, found ${shape(body)}`)
      return rowsToMatrix(rows, expectedRows, `the rows at ${JSON.stringify(response.pointer)}`)
    },
  }
}

/** One output row per input row: each entry an array of numbers, or a bare number (one column). */
export function rowsToMatrix(rows: unknown, expectedRows: number, what: string): Matrix {
  if (!Array.isArray(rows)) throw new WireError('malformed', `${what}: expected an array with one row per input row, found ${shape(rows)}`)
  if (rows.length !== expectedRows) {
    throw new WireError('rows', `${what}: expected ${expectedRows} rows (one per input row), found ${rows.length}`)
  }
  if (rows.length === 0) return { data: new Float32Array(0), rows: 0, cols: 0 }
  const cols = Array.isArray(rows[0]) ? rows[0].length : 1
  const data = new Float32Array(rows.length * cols)
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r]
    const values = Array.isArray(row) ? row : [row]
    if (values.length !== cols) {
      throw new WireError('malformed', `${what}[${r}]: expected ${cols} values (as in row 0), found ${Array.isArray(row) ? values.length : shape(row)}`)
    }
    for (let c = 0; c < cols; c++) data[r * cols + c] = finite(values[c], `${what}[${r}][${c}]`)
  }
  return { data, rows: rows.length, cols }
}

function tensorToMatrix(output: unknown, expectedRows: number, what: string): Matrix {
  const o = output as { shape?: unknown; data?: unknown }
  if (o === null || typeof o !== 'object' || !Array.isArray(o.shape) || !Array.isArray(o.data)) {
    throw new WireError('malformed', `${what}: expected { name, shape, datatype, data }, found ${shape(output)}`)
  }
  const dims = o.shape as unknown[]
  if (dims.length < 1 || dims.length > 2 || !dims.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new WireError('malformed', `${what}.shape: expected [rows, classes] or [rows], found [${dims.map(String).join(', ')}]`)
  }
  const [n, k = 1] = dims as number[]
  if (n !== expectedRows) throw new WireError('rows', `${what}.shape: expected ${expectedRows} rows (one per input row), found ${n}`)
  // Servers may send the data flat (the protocol's form) or nested by row; both are read row-major.
  const flat = (o.data as unknown[]).flat()
  if (flat.length !== n * k) {
    throw new WireError('malformed', `${what}.data: expected ${n * k} values for shape [${dims.join(', ')}], found ${flat.length}`)
  }
  const data = new Float32Array(n * k)
  for (let i = 0; i < flat.length; i++) data[i] = finite(flat[i], `${what}.data[${i}] (row ${Math.floor(i / k)}, column ${i % k})`)
  return { data, rows: n, cols: k }
}

function finite(v: unknown, where: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  throw new WireError('values', `${where}: expected a finite number, found ${shape(v)}`)
}

/** What a JSON value is, for messages, without dumping it (it could hold records). */
function shape(v: unknown): string {
  if (v === null) return 'null'
  if (v === undefined) return 'nothing'
  if (Array.isArray(v)) return `an array of length ${v.length}`
  if (typeof v === 'object') return `an object with keys [${Object.keys(v).slice(0, 6).join(', ')}]`
  // Only the spellings of a non-number are quoted: any other string may be a secret or a record,
  // and a cut one could show a secret's prefix.
  if (typeof v === 'string') return /^[-+]?(nan|inf|infinity|null|none)?$/i.test(v) ? `the string ${JSON.stringify(v)}` : `a string of ${v.length} characters`
  return `${typeof v} ${String(v)}`
}
