import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a scripted handler answers. `hang: true` never answers (for timeouts). */
export interface Reply {
  status?: number
  headers?: Record<string, string>
  body?: string | object
  hang?: boolean
}

export interface Received {
  url: string
  headers: IncomingHttpHeaders
  body: unknown
}

/**
 * A loopback HTTP server on port 0 for tests: `handler` sees the parsed JSON body of each request
 * and returns a {@link Reply}. `received` lists what came in; `maxInFlight` is the largest number of
 * requests that were open at once.
 */
export async function localServer(handler: (body: any, req: Received, n: number) => Reply | Promise<Reply>) {
  const received: Received[] = []
  let inFlight = 0
  let maxInFlight = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        body = text
      }
      const r: Received = { url: req.url ?? '', headers: req.headers, body }
      received.push(r)
      // Yield once so that concurrent requests overlap on the server as they would on a real one.
      await new Promise((resolve) => setImmediate(resolve))
      const reply = await handler(body, r, received.length)
      if (reply.hang) return
      inFlight--
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {})
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
      res.end(payload)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get maxInFlight() {
      return maxInFlight
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
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
