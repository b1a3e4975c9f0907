import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * What a scripted handler answers. `hang: true` never answers (for timeouts); `destroy: true` drops
 * the connection after the headers (a reset in the middle of an answer).
 */
export interface Reply {
  status?: number
  headers?: Record<string, string>
  body?: string | object
  hang?: boolean
  destroy?: boolean
}

export interface Received {
  url: string
  headers: IncomingHttpHeaders
  body: unknown
}

/** Limits that keep a test's server from outliving or outgrowing its test. */
export interface FaultServerLimits {
  /** Requests answered before every further one is refused with 503. Default 1000. */
  maxRequests?: number
  /** Largest request body read, in bytes; a larger one is refused with 413. Default 1 MB. */
  maxBodyBytes?: number
  /** The server closes itself (and every hanging connection) after this many ms. Default 60 000. */
  lifetimeMs?: number
}

/**
 * The project's own fault server for HTTP-target tests: `node:http` on 127.0.0.1, port 0 (loopback
 * only), bounded in requests, body size and lifetime. `handler` sees the parsed JSON body of each
 * request (the raw text when it is not JSON), what came in, and the request's number (from 1), and
 * returns a {@link Reply}: an answer, a status with any body, a hang, or a dropped connection.
 * `received` lists requests as they arrive (before their body is read, so a request aborted by a
 * client timeout is counted too); `maxInFlight` is the largest number open at once.
 */
export async function faultServer(handler: (body: any, req: Received, n: number) => Reply | Promise<Reply>, limits: FaultServerLimits = {}) {
  const { maxRequests = 1000, maxBodyBytes = 1_000_000, lifetimeMs = 60_000 } = limits
  const received: Received[] = []
  let inFlight = 0
  let maxInFlight = 0
  const server = createServer((req, res) => {
    const r: Received = { url: req.url ?? '', headers: req.headers, body: undefined }
    received.push(r)
    const n = received.length
    if (n > maxRequests) {
      res.writeHead(503, { connection: 'close' }).end()
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > maxBodyBytes) {
        res.writeHead(413, { connection: 'close' }).end()
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', async () => {
      if (size > maxBodyBytes) return
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      const text = Buffer.concat(chunks).toString('utf8')
      try {
        r.body = JSON.parse(text)
      } catch {
        r.body = text
      }
      // Yield once so that concurrent requests overlap on the server as they would on a real one.
      await new Promise((resolve) => setImmediate(resolve))
      const reply = await handler(r.body, r, n)
      if (reply.hang) return
      inFlight--
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {})
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
      if (reply.destroy) {
        res.flushHeaders()
        res.socket?.destroy()
        return
      }
      res.end(payload)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let closed: Promise<void> | undefined
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime)
      server.closeAllConnections()
      server.close(() => resolve())
    }))
  const lifetime = setTimeout(() => void close(), lifetimeMs)
  lifetime.unref()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    get maxInFlight() {
      return maxInFlight
    },
    close,
  }
}

/** A deterministic "model": class = (first feature · 10) mod 3, answered as a probability row. */
export function fakeProbs(row: number[]): number[] {
  const k = Math.abs(Math.round(row[0] * 10)) % 3
  return [0, 1, 2].map((c) => (c === k ? 0.8 : 0.1))
}

/** Rows whose first feature is i / 10, so row i's class is i mod 3. */
export function fakeRows(n: number, features = 4): { data: Float32Array; rows: number; cols: number } {
  const data = new Float32Array(n * features)
  for (let i = 0; i < n; i++) data[i * features] = i / 10
  return { data, rows: n, cols: features }
}
