/**
 * A small prediction server for the fixture models, speaking both wire formats model servers use:
 *
 * - TensorFlow Serving REST: `POST /v1/models/<name>:predict` with `{"instances": rows}`, answer
 *   `{"predictions": rows}` (one class index per row for a label-only endpoint), errors `{"error"}`;
 * - Open Inference Protocol (KServe v2): `POST /v2/models/<name>/infer` with
 *   `{"inputs": [{ name, shape, datatype: "FP32", data }]}`, answer `{"outputs": [...]}`;
 * - `GET /v2/health/ready` for readiness checks.
 *
 * Which models it serves, and the output controls in front of each, come from its config
 * (server.config.json). Query governance plugs in as middleware (see middleware.ts).
 *
 * Run it by hand: `npx tsx examples/http-api/server.ts [--port 8501]` (after `npm run build`).
 */
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fromTfModel, loadTfModel, type Target } from 'vitest-privacy-gates'
import { controlOf, type ControlSpec } from './controls.js'
import type { QueryClient, QueryMiddleware, Refusal } from './middleware.js'

/** The server's config file. */
export interface ServerConfig {
  /** Endpoints by model name: a tfjs model.json (relative to the config file) and its output controls. */
  models: Record<string, { path: string; controls?: ControlSpec[] }>
  /** When set, requests must carry `Authorization: Bearer <value of this environment variable>`. */
  auth?: { env: string }
  /** Largest request body in bytes (default 4 MiB). */
  maxBodyBytes?: number
}

/** Options of {@link startServer}. */
export interface StartOptions {
  /** Path of the config file. Default: server.config.json next to this file. */
  config?: string
  /** Port; 0 (default) lets the system pick a free one. */
  port?: number
  /** Interface to listen on. Default the loopback `127.0.0.1`. */
  host?: string
  /** Query middleware, run in order on every request (the governance hook). */
  middleware?: QueryMiddleware[]
}

/** A running server. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** Stops listening, drops open connections and frees the models. */
  close(): Promise<void>
}

const HERE = dirname(fileURLToPath(import.meta.url))

/**
 * Loads the config's models and starts listening.
 *
 * @example
 * const server = await startServer({ port: 0 })
 * process.env.HTTP_API_URL = server.url
 * …
 * await server.close()
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const configPath = resolve(options.config ?? `${HERE}/server.config.json`)
  const config = JSON.parse(await readFile(configPath, 'utf8')) as ServerConfig
  const endpoints = new Map<string, Target>()
  const disposers: Array<() => void> = []
  for (const [name, m] of Object.entries(config.models)) {
    const model = await loadTfModel(resolve(dirname(configPath), m.path))
    disposers.push(() => model.dispose())
    let target: Target = fromTfModel(model, { name })
    ;(m.controls ?? []).forEach((spec, i) => {
      target = controlOf(spec, `${configPath}: models.${name}.controls[${i}]`)(target)
    })
    endpoints.set(name, target)
  }
  const token = config.auth === undefined ? undefined : process.env[config.auth.env]
  if (config.auth !== undefined && !token) throw new Error(`${configPath}: auth.env: the environment variable ${config.auth.env} is not set`)
  const maxBody = config.maxBodyBytes ?? 4 * 1024 * 1024
  const middleware = options.middleware ?? []

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: `internal error: ${(err as Error)?.message ?? String(err)}` }))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method === 'GET' && path === '/v2/health/ready') return send(res, 200, { ready: true })
    const route = /^\/v1\/models\/([^/:]+)(?:\/versions\/[^/:]+)?:predict$/.exec(path) ?? /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?\/infer$/.exec(path)
    if (route === null) return send(res, 404, { error: `no route ${req.method} ${path}; use POST /v1/models/<name>:predict or /v2/models/<name>/infer` })
    if (req.method !== 'POST') return send(res, 405, { error: `${req.method} ${path}: use POST` })
    const format: QueryClient['format'] = path.startsWith('/v1/') ? 'tf-serving' : 'open-inference'
    const name = decodeURIComponent(route[1])
    const target = endpoints.get(name)
    if (target === undefined) return send(res, 404, { error: `model "${name}" not found; served: ${[...endpoints.keys()].join(', ')}` })
    // Compared in constant time would be better in production; this is an example on loopback.
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: 'missing or wrong bearer token' })

    const text = await readBody(req, maxBody)
    if (text === undefined) return send(res, 413, { error: `request body over ${maxBody} bytes` })
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return send(res, 400, { error: 'request body is not JSON' })
    }
    const parsed = format === 'tf-serving' ? tfServingRows(body) : openInferenceRows(body)
    if (typeof parsed === 'string') return send(res, 400, { error: parsed })
    const rows = parsed
    const width = target.features
    if (rows.length > 0 && width !== undefined && rows[0].length !== width) return send(res, 400, { error: `expected ${width} features per row, found ${rows[0].length}` })

    const client: QueryClient = { id: String(req.headers['x-client-id'] ?? req.socket.remoteAddress ?? 'unknown'), model: name, format }
    const after: Array<(outputs: number[][]) => void> = []
    for (const mw of middleware) {
      const verdict = await mw(req, client, rows)
      if (verdict && 'status' in verdict) return refuse(res, verdict)
      if (verdict && 'after' in verdict) after.push(verdict.after)
    }

    const answer = await target.query({ data: Float32Array.from(rows.flat()), rows: rows.length, cols: rows[0]?.length ?? 0 })
    const outputs: number[][] = []
    for (let r = 0; r < answer.rows; r++) outputs.push(Array.from(answer.data.subarray(r * answer.cols, (r + 1) * answer.cols)))
    for (const f of after) f(outputs)
    // A label-only endpoint answers the class index, as a label-only API would; the others the rows.
    const label = target.outputMode === 'label'
    const values = label ? outputs.map((o) => o.indexOf(Math.max(...o))) : outputs
    if (format === 'tf-serving') return send(res, 200, { predictions: values })
    return send(res, 200, {
      model_name: name,
      outputs: [
        label
          ? { name: 'label', shape: [values.length], datatype: 'INT64', data: values }
          : { name: 'probabilities', shape: [outputs.length, answer.cols], datatype: 'FP32', data: outputs.flat() },
      ],
    })
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ok())
  })
  const { port, address } = server.address() as AddressInfo
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections()
        server.close(() => {
          for (const d of disposers) d()
          ok()
        })
      }),
  }
}

function tfServingRows(body: unknown): number[][] | string {
  const instances = (body as { instances?: unknown })?.instances
  if (!Array.isArray(instances)) return 'expected {"instances": [[...], ...]}'
  return checkRows(instances, 'instances')
}

function openInferenceRows(body: unknown): number[][] | string {
  const input = (body as { inputs?: unknown })?.inputs
  if (!Array.isArray(input) || input.length !== 1) return 'expected "inputs" with one tensor { name, shape: [rows, features], datatype: "FP32", data }'
  const { shape, datatype, data } = input[0] as { shape?: unknown; datatype?: unknown; data?: unknown }
  if (datatype !== 'FP32') return `inputs[0].datatype: expected "FP32", found ${JSON.stringify(datatype)}`
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) return 'inputs[0].shape: expected [rows, features]'
  const flat = Array.isArray(data) ? data.flat() : []
  const [n, d] = shape as number[]
  if (flat.length !== n * d) return `inputs[0].data: expected ${n * d} values for shape [${n}, ${d}], found ${flat.length}`
  return checkRows(Array.from({ length: n }, (_, r) => flat.slice(r * d, (r + 1) * d)), 'inputs[0].data')
}

function checkRows(rows: unknown[], what: string): number[][] | string {
  const width = Array.isArray(rows[0]) ? rows[0].length : -1
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]
    if (!Array.isArray(row) || row.length !== width) return `${what}[${r}]: expected an array of ${width} numbers`
    if (!row.every((v) => typeof v === 'number' && Number.isFinite(v))) return `${what}[${r}]: expected finite numbers`
  }
  return rows as number[][]
}

function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= max) chunks.push(c)
    })
    req.on('end', () => ok(size > max ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function refuse(res: ServerResponse, r: Refusal): void {
  send(res, r.status, { error: r.error }, r.retryAfter === undefined ? {} : { 'retry-after': String(r.retryAfter) })
}

// Started from the command line: serve until interrupted.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port')
  const server = await startServer({ port: i > 0 ? Number(process.argv[i + 1]) : 8501 })
  console.log(`serving on ${server.url}`)
  process.once('SIGINT', () => void server.close())
}
