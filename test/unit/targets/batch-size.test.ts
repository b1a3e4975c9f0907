import { describe, expect, it, vi } from 'vitest'
import { AUTO_BATCH_BYTES, MAX_AUTO_BATCH_ROWS, autoBatchRows } from '../../../src/targets/batch-size.js'
import { createTarget, DEFAULT_BATCH_SIZE, type BatchPredict } from '../../../src/targets/create-target.js'
import { httpTarget } from '../../../src/targets/http/http-target.js'
import { onnxTarget } from '../../../src/targets/onnx/onnx-target.js'

const ONNX = new URL('../../../fixtures/models/digits-regularised-onnx/model.onnx', import.meta.url).pathname
const FASHION_ONNX = new URL('../../../fixtures/models/fashion-cnn.onnx', import.meta.url).pathname

/** A predict answering [0.5, 0.5] per row, spying on its batches. */
function halves() {
  return vi.fn<BatchPredict>(async (rows) => ({ data: new Float32Array(rows.rows * 2).fill(0.5), rows: rows.rows, cols: 2 }))
}

describe('autoBatchRows: rows per call sized by bytes', () => {
  it('fills about AUTO_BATCH_BYTES of float32 input, capped at MAX_AUTO_BATCH_ROWS rows and at least one row', () => {
    expect(autoBatchRows(64)).toBe(MAX_AUTO_BATCH_ROWS) // digits: 4096 rows of 256 B = 1 MiB, under the 4 MiB
    expect(autoBatchRows(784)).toBe(1337) // 28×28 images: 4 MiB / 3136 B
    expect(autoBatchRows(224 * 224 * 3)).toBe(6) // 588 KiB a record: a few at a time, never gigabytes
    expect(autoBatchRows(1e7)).toBe(1)
    for (const width of [1, 10, 64, 784, 3072, 150_528]) {
      const rows = autoBatchRows(width)
      expect(Number.isInteger(rows) && rows >= 1 && rows <= MAX_AUTO_BATCH_ROWS).toBe(true)
      expect(rows === 1 || rows * width * 4 <= AUTO_BATCH_BYTES).toBe(true)
    }
  })

  it("createTarget with batchSize 'auto' calls predict with autoBatchRows(cols) rows and says so through rowsPerCall", async () => {
    const predict = halves()
    const t = createTarget(predict, { name: 'auto', batchSize: 'auto' })
    const cols = 2048 // 8 KiB a row: 512 rows a call
    await t.query({ data: new Float32Array(1100 * cols), rows: 1100, cols })
    expect(predict.mock.calls.map(([m]) => m.rows)).toEqual([512, 512, 76])
    expect(t.rowsPerCall?.(cols)).toBe(512)
    expect(t.rowsPerCall?.(64)).toBe(4096)
  })

  it('keeps 512 rows for function targets, a given batchSize, and batchSize × concurrency for HTTP targets', async () => {
    expect(createTarget(halves(), { name: 'f' }).rowsPerCall?.(64)).toBe(DEFAULT_BATCH_SIZE)
    expect(createTarget(halves(), { name: 'f', batchSize: 100 }).rowsPerCall?.(784)).toBe(100)
    const http = httpTarget({ url: 'http://127.0.0.1:9', model: 'm', features: 4 })
    expect(http.rowsPerCall?.(4)).toBe(64 * 4)
  })

  it('an ONNX target answers in automatic batches unless given a batchSize, with the same answers', async () => {
    const auto = await onnxTarget(ONNX)
    const fixed = await onnxTarget(ONNX, { batchSize: 100 })
    expect(auto.rowsPerCall?.(64)).toBe(4096)
    expect(fixed.rowsPerCall?.(64)).toBe(100)
    const x = { data: Float32Array.from({ length: 5000 * 64 }, (_, i) => ((i * 7919) % 17) / 16), rows: 5000, cols: 64 }
    const a = await auto.query(x)
    const b = await fixed.query(x)
    expect(a.rows).toBe(5000)
    // onnxruntime computes each row alone: the batch size does not change a single bit.
    expect(Array.from(a.data)).toEqual(Array.from(b.data))
    auto.dispose?.()
    fixed.dispose?.()
  })

  it('an ONNX CNN answers 28×28 images alike in one automatic call and in 100-row calls', async () => {
    const auto = await onnxTarget(FASHION_ONNX)
    const fixed = await onnxTarget(FASHION_ONNX, { batchSize: 100 })
    expect(auto.rowsPerCall?.(784)).toBe(1337)
    const x = { data: Float32Array.from({ length: 600 * 784 }, (_, i) => ((i * 7919) % 256) / 255), rows: 600, cols: 784 }
    expect(Array.from((await auto.query(x)).data)).toEqual(Array.from((await fixed.query(x)).data))
    auto.dispose?.()
    fixed.dispose?.()
  })
})
