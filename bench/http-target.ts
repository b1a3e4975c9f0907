/**
 * `npx tsx bench/http-target.ts`: rows per second through an HTTP target (the example server on a
 * loopback port, digits-leaky, both wire formats) against the same model queried in process, as a
 * ratio. Not part of `npm test` (times are never asserted). Needs `npm run build` (the example
 * server imports the built package).
 */
import { fileURLToPath } from 'node:url'
import { startServer } from '../examples/http-api/server.js'
import { fromTfModel, httpTarget, loadTfModel, type Target } from '../src/index.js'

const ROWS = 4096
const x = { data: new Float32Array(ROWS * 64).map((_, i) => (i % 17) / 16), rows: ROWS, cols: 64 }

async function rate(t: Target): Promise<number> {
  await t.query({ data: x.data.subarray(0, 64 * 64), rows: 64, cols: 64 }) // warm-up
  const start = performance.now()
  await t.query(x)
  return ROWS / ((performance.now() - start) / 1000)
}

process.env.HTTP_API_TOKEN ??= 'bench-token'
const server = await startServer({ config: fileURLToPath(new URL('../examples/http-api/server.config.json', import.meta.url)) })
try {
  const local = await rate(fromTfModel(await loadTfModel(fileURLToPath(new URL('../fixtures/models/digits-leaky/model.json', import.meta.url)))))
  console.log(`in process: ${local.toFixed(0)} rows/s`)
  for (const format of ['tf-serving', 'open-inference'] as const) {
    for (const [batchSize, concurrency] of [[64, 1], [64, 4], [256, 4]] as const) {
      const t = httpTarget({ url: server.url, format, model: 'digits-leaky', batchSize, concurrency, auth: { env: 'HTTP_API_TOKEN' } })
      const r = await rate(t)
      console.log(`${format} batch ${batchSize} × ${concurrency}: ${r.toFixed(0)} rows/s (${(local / r).toFixed(1)}× slower than in process)`)
    }
  }
} finally {
  await server.close()
}
