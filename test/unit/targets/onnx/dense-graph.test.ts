import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/data/rng.js'
import { paramLayout } from '../../../../src/runtime/engine/layout.js'
import { denseStackLayers, mlpToOnnx, type DenseLayer } from '../../../../src/targets/onnx/dense-graph.js'
import { createOrtDensePredictor } from '../../../../src/targets/onnx/dense-session.js'
import { Message } from '../../../../src/targets/onnx/protobuf.js'
import { loadOnnxRuntime } from '../../../../src/targets/onnx/runtime.js'

/** `layers` computed in float64, the reference the session is held to. */
function byHand(layers: DenseLayer[], x: Float32Array, rows: number): Float64Array {
  let a = Float64Array.from(x)
  for (const l of layers) {
    const y = new Float64Array(rows * l.units)
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < l.units; j++) {
        let s = l.bias[j]
        for (let i = 0; i < l.inputs; i++) s += a[r * l.inputs + i] * l.kernel[i * l.units + j]
        y[r * l.units + j] = l.activation.startsWith('relu') ? Math.max(0, s) : s
      }
      if (l.activation.endsWith('softmax')) {
        const row = y.subarray(r * l.units, (r + 1) * l.units)
        const m = Math.max(...row)
        let z = 0
        for (let j = 0; j < row.length; j++) z += row[j] = Math.exp(row[j] - m)
        for (let j = 0; j < row.length; j++) row[j] /= z
      }
    }
    a = y
  }
  return a
}

describe('protobuf Message', () => {
  it('writes varints, strings and nested messages in the wire format', () => {
    expect([...new Message().int(1, 300).encode()]).toEqual([0x08, 0xac, 0x02])
    expect([...new Message().message(2, new Message().string(1, 'ab')).encode()]).toEqual([0x12, 0x04, 0x0a, 0x02, 0x61, 0x62])
    expect(() => new Message().int(1, -1)).toThrow(/varint: expected a non-negative integer, found -1/)
  })
})

describe('dense graphs through onnxruntime', () => {
  const rng = createRng(17)
  const layer = (inputs: number, units: number, activation: DenseLayer['activation']): DenseLayer => ({
    kernel: Float32Array.from({ length: inputs * units }, () => rng.next() - 0.5),
    bias: Float32Array.from({ length: units }, () => (rng.next() - 0.5) / 10),
    inputs,
    units,
    activation,
  })

  it('mlpToOnnx: Gemm, Relu and Softmax as each layer says (linear, relu, relu then softmax)', async () => {
    const ort = await loadOnnxRuntime()
    const layers = [layer(6, 5, 'linear'), layer(5, 7, 'relu'), layer(7, 4, 'relu-softmax')]
    const rows = 9
    const x = Float32Array.from({ length: rows * 6 }, () => rng.next() * 2 - 1)
    const session = await ort.InferenceSession.create(mlpToOnnx(layers, { producer: 'test', doc: '' }))
    const out = (await session.run({ input: new ort.Tensor('float32', x, [rows, 6]) })).output
    expect(out.dims).toEqual([rows, 4])
    const want = byHand(layers, x, rows)
    const got = out.data as Float32Array
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5)
  })

  it('denseStackLayers and createOrtDensePredictor: the stack\'s layout, weights and activations', async () => {
    const layout = paramLayout({ features: 8, hidden: [6], classes: 3 })
    const weights = Float32Array.from({ length: layout.size }, () => rng.next() - 0.5)
    const stack = { layout, weights, relu: [true, false], softmax: true }
    const layers = denseStackLayers(stack)
    expect(layers.map((l) => [l.inputs, l.units, l.activation])).toEqual([[8, 6, 'relu'], [6, 3, 'softmax']])
    expect(layers[1].bias).toEqual(weights.subarray(layout.layers[1].offset + 18, layout.layers[1].offset + 21))
    const dense = await createOrtDensePredictor(await loadOnnxRuntime(), stack)
    const x = Float32Array.from({ length: 5 * 8 }, () => rng.next())
    const answer = await dense.predict({ data: x, rows: 5, cols: 8 })
    expect([answer.rows, answer.cols]).toEqual([5, 3])
    const want = byHand(layers, x, 5)
    for (let i = 0; i < want.length; i++) expect(Math.abs(answer.data[i] - want[i])).toBeLessThan(1e-5)
    dense.release()
    await expect(dense.predict({ data: x, rows: 5, cols: 8 })).rejects.toThrow(/released/)
  })
})
