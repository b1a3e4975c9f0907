import { describe, expect, it } from 'vitest'
import { httpTarget } from '../../../../src/targets/http/http-target.js'

// HTTP targets send records in the model's shape: nested arrays per record shape, channels first
// with layout NCHW, named inputs as JSON fields (TF Serving) or typed tensors (Open Inference).
function capture(answer: (body: any) => unknown) {
  const bodies: any[] = []
  const fetch = (async (_url: string, init: { body: string }) => {
    const body = JSON.parse(init.body)
    bodies.push(body)
    return new Response(JSON.stringify(answer(body)), { status: 200, headers: { 'content-type': 'application/json' } })
  }) as unknown as typeof globalThis.fetch
  return { bodies, fetch }
}
const rows = (values: number[], n: number) => ({ data: Float32Array.from(values), rows: n, cols: values.length / n })

describe('httpTarget: shaped records', () => {
  it('tf-serving: each record nested per recordShape, channels first with layout NCHW', async () => {
    const { bodies, fetch } = capture((b) => ({ predictions: b.instances.map(() => [0.5, 0.5]) }))
    const t = httpTarget({ url: 'http://model.local', model: 'cnn', recordShape: [2, 1, 2], fetch })
    expect(t.features).toBe(4)
    await t.query(rows([1, 2, 3, 4], 1))
    expect(bodies[0].instances).toEqual([[[[1, 2]], [[3, 4]]]])
    const nchw = httpTarget({ url: 'http://model.local', model: 'cnn', recordShape: [2, 1, 2], layout: 'NCHW', fetch })
    await nchw.query(rows([1, 2, 3, 4], 1))
    expect(bodies[1].instances).toEqual([[[[1], [3]], [[2], [4]]]])
  })

  it('tf-serving: named inputs as one object per record; open-inference: one INT64 tensor per input', async () => {
    const inputs = { input_ids: { columns: [0, 1], dtype: 'int64' as const }, attention_mask: { columns: [2, 3], dtype: 'int64' as const } }
    const tf = capture((b) => ({ predictions: b.instances.map(() => [1, 0]) }))
    await httpTarget({ url: 'http://model.local', model: 'text', inputs, fetch: tf.fetch }).query(rows([101, 7, 1, 0, 102, 8, 1, 1], 2))
    expect(tf.bodies[0].instances).toEqual([{ input_ids: [101, 7], attention_mask: [1, 0] }, { input_ids: [102, 8], attention_mask: [1, 1] }])
    const oip = capture((b) => ({ outputs: [{ name: 'p', shape: [b.inputs[0].shape[0], 2], datatype: 'FP32', data: [1, 0, 0, 1] }] }))
    await httpTarget({ url: 'http://model.local', model: 'text', format: 'open-inference', inputs, fetch: oip.fetch }).query(rows([101, 7, 1, 0, 102, 8, 1, 1], 2))
    expect(oip.bodies[0].inputs).toEqual([
      { name: 'input_ids', shape: [2, 2], datatype: 'INT64', data: [101, 7, 102, 8] },
      { name: 'attention_mask', shape: [2, 2], datatype: 'INT64', data: [1, 0, 1, 1] },
    ])
  })

  it('a fractional token id is refused before any request, naming the row and column', async () => {
    const { bodies, fetch } = capture(() => ({ predictions: [[1, 0]] }))
    const t = httpTarget({ url: 'http://model.local', model: 'text', inputs: { ids: { columns: [0, 1], dtype: 'int64' } }, fetch, retry: { retries: 0 } })
    await expect(t.query(rows([3, 0.5], 1))).rejects.toThrow(/query row 0, column 1 \(input "ids", int64\): expected an integer below 2\^24 in magnitude, found a fractional value/)
    expect(bodies).toHaveLength(0)
  })
})
