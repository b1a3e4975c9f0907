import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphToOnnx } from '../../../../src/targets/onnx/onnx-graph.js'
import { forward, renderTextFixture } from '../../../../scripts/text-fixture-lib.js'
import { DataError } from '../../../../src/data/data-error.js'
import { loadDataset } from '../../../../src/data/load.js'
import { createRng } from '../../../../src/data/rng.js'
import { fromTfModel } from '../../../../src/targets/from-tf-model.js'
import { onnxTarget } from '../../../../src/targets/onnx/index.js'

// Image and text inputs through onnxruntime: a channels-first (NCHW) model answers like a tfjs
// NHWC model with the same weights on the same channels-last records; the text fixture's two int64
// inputs are fed from record columns and answer like the JavaScript forward pass.
const fixture = (p: string) => fileURLToPath(new URL(`../../../../fixtures/${p}`, import.meta.url))
const [H, W, C, K] = [3, 4, 2, 3]
const rng = createRng(7)
const kernel = Float32Array.from({ length: H * W * C * K }, () => rng.normal() * 0.5)
const bias = Float32Array.from({ length: K }, () => rng.normal() * 0.1)

let dir: string
let nchwFile: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-onnx-shapes-'))
  nchwFile = join(dir, 'nchw.onnx')
  // A PyTorch-style export: the NCHW input is moved to NHWC, flattened, and sent through one dense layer.
  const bytes = graphToOnnx({
    name: 'nchw-dense',
    nodes: [
      { op: 'Transpose', inputs: ['input'], outputs: ['nhwc'], attrs: { perm: [0, 2, 3, 1] } },
      { op: 'Reshape', inputs: ['nhwc', 'flat_shape'], outputs: ['flat'] },
      { op: 'Gemm', inputs: ['flat', 'kernel', 'bias'], outputs: ['logits'] },
      { op: 'Softmax', inputs: ['logits'], outputs: ['output'], attrs: { axis: 1 } },
    ],
    initializers: [
      { name: 'flat_shape', dims: [2], type: 'int64', values: [-1, H * W * C] },
      { name: 'kernel', dims: [H * W * C, K], type: 'float32', values: kernel },
      { name: 'bias', dims: [K], type: 'float32', values: bias },
    ],
    inputs: [{ name: 'input', type: 'float32', dims: ['N', C, H, W] }],
    outputs: [{ name: 'output', type: 'float32', dims: ['N', K] }],
    producer: 'test',
    doc: '',
  })
  await writeFile(nchwFile, bytes)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function records(n: number) {
  const r = createRng(11)
  return { data: Float32Array.from({ length: n * H * W * C }, () => r.next()), rows: n, cols: H * W * C }
}

describe('onnxTarget with record shapes', () => {
  it('an NCHW model answers like a tfjs NHWC model with the same weights, on channels-last records', async () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [H, W, C] }), tf.layers.dense({ units: K, activation: 'softmax' })] })
    model.layers[1].setWeights([tf.tensor2d(kernel, [H * W * C, K]), tf.tensor1d(bias)])
    try {
      const x = records(50)
      const tfjs = fromTfModel(model, { recordShape: [H, W, C] })
      const onnx = await onnxTarget(nchwFile, { recordShape: [H, W, C] })
      expect(onnx.features).toBe(H * W * C)
      const [a, b] = [await onnx.query(x), await tfjs.query(x)]
      let worst = 0
      for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]))
      expect(worst).toBeLessThan(1e-6)
      // Without a record shape the layout is read from [N, 2, 3, 4] (channels first) and records taken as channels last: the same answers.
      const inferred = await onnxTarget(nchwFile)
      expect(Array.from((await inferred.query(x)).data)).toEqual(Array.from(a.data))
      onnx.dispose?.()
      inferred.dispose?.()
    } finally {
      model.dispose()
    }
  })

  it('a record shape that does not fit names it, the declared input and the first mismatching dimension', async () => {
    await expect(onnxTarget(nchwFile, { recordShape: [H, W + 1, C] })).rejects.toThrow(
      'record shape [3, 5, 2] (30 values) does not fit the model\'s input "input" [N, 2, 3, 4] read as NCHW (records transposed from HWC): record dimension 2 is 5; the model takes 4 there',
    )
  })
})

describe('onnxTarget with named int64 inputs (the text fixture)', () => {
  const ids = Array.from({ length: 16 }, (_, i) => i)
  const inputs = { input_ids: { columns: ids, dtype: 'int64' as const }, attention_mask: { columns: ids.map((i) => i + 16), dtype: 'int64' as const } }

  it('feeds input_ids and attention_mask from record columns and answers like the JavaScript forward pass', async () => {
    const members = await loadDataset(fixture('data/text-tokens/members.csv'))
    const t = await onnxTarget(fixture('models/text-bag-onnx/model.onnx'), { inputs })
    const out = await t.query({ data: members.x, rows: members.rows, cols: members.features })
    const { weights } = renderTextFixture()
    let worst = 0
    for (let r = 0; r < members.rows; r++) {
      const row = Array.from(members.x.subarray(r * 32, (r + 1) * 32))
      forward(weights, row.slice(0, 16), row.slice(16)).forEach((p, k) => (worst = Math.max(worst, Math.abs(p - out.data[r * 3 + k]))))
    }
    expect(worst).toBeLessThan(1e-5)
    t.dispose?.()
  })

  it('refuses an int64 model without inputs, a missing mapping, and fractional token ids', async () => {
    const file = fixture('models/text-bag-onnx/model.onnx')
    await expect(onnxTarget(file)).rejects.toThrow(/the model has 2 inputs \(input_ids, attention_mask\); map each to record columns with options\.inputs/)
    await expect(onnxTarget(file, { inputName: 'input_ids' })).rejects.toThrow('input "input_ids" is int64; map it to record columns with options.inputs')
    await expect(onnxTarget(file, { inputs: { input_ids: inputs.input_ids } })).rejects.toThrow('the model\'s input "attention_mask" is not mapped to columns')
    const t = await onnxTarget(file, { inputs })
    const row = new Float32Array(32).fill(1)
    row[3] = 2.5
    const query = t.query({ data: row, rows: 1, cols: 32 })
    await expect(query).rejects.toThrow(DataError)
    await expect(t.query({ data: row, rows: 1, cols: 32 })).rejects.toThrow('query row 0, column 3 (input "input_ids", int64): expected an integer below 2^24 in magnitude, found a fractional value')
    t.dispose?.()
  })
})
