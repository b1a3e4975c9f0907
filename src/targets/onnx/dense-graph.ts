import type { DenseStack } from '../../runtime/tfjs-dense-stack.js'
import { Message } from './protobuf.js'

const FLOAT = 1 // TensorProto.DataType.FLOAT
const ATTR_INT = 2 // AttributeProto.AttributeType.INT
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** One dense layer: `y = activation(x · kernel + bias)`, kernel `[in, out]` row-major. */
export interface DenseLayer {
  kernel: Float32Array
  bias: Float32Array
  inputs: number
  units: number
  /** `relu-softmax`: a ReLU, then a softmax (a tfjs `Dense` with `relu` followed by a softmax `Activation`). */
  activation: 'relu' | 'softmax' | 'linear' | 'relu-softmax'
}

/** ONNX metadata of a written model. */
export interface OnnxMeta {
  producer: string
  doc: string
}

/**
 * The bytes of an ONNX model (IR 8, opset 13) computing the MLP `layers` on an input `input` of
 * shape `[batch, features]`, with output `output` of shape `[batch, classes]`: one `Gemm` per
 * layer, then `Relu` and/or `Softmax` (axis 1) as its activation says.
 *
 * @example
 * writeFileSync('model.onnx', mlpToOnnx([{ kernel, bias, inputs: 64, units: 10, activation: 'softmax' }], { producer: 'me', doc: '' }))
 */
export function mlpToOnnx(layers: readonly DenseLayer[], meta: OnnxMeta): Uint8Array {
  if (layers.length === 0) throw new RangeError('mlpToOnnx: expected at least one dense layer, found none')
  const graph = new Message()
  let current = 'input'
  layers.forEach((l, i) => {
    const ops = l.activation === 'linear' ? [] : l.activation === 'relu-softmax' ? ['Relu', 'Softmax'] : [l.activation === 'relu' ? 'Relu' : 'Softmax']
    const last = i === layers.length - 1
    const gemm = last && ops.length === 0 ? 'output' : `dense${i}/gemm`
    graph.message(1, node('Gemm', `dense${i}`, [current, `dense${i}/kernel`, `dense${i}/bias`], [gemm]))
    current = gemm
    ops.forEach((op, j) => {
      const out = last && j === ops.length - 1 ? 'output' : `dense${i}/${op.toLowerCase()}`
      graph.message(1, node(op, `dense${i}/${op.toLowerCase()}`, [current], [out], op === 'Softmax' ? { axis: 1 } : {}))
      current = out
    })
  })
  graph.string(2, 'mlp')
  layers.forEach((l, i) => {
    graph.message(5, tensor(`dense${i}/kernel`, [l.inputs, l.units], l.kernel))
    graph.message(5, tensor(`dense${i}/bias`, [l.units], l.bias))
  })
  graph.string(10, meta.doc)
  graph.message(11, valueInfo('input', ['batch', layers[0].inputs]))
  graph.message(12, valueInfo('output', ['batch', layers[layers.length - 1].units]))
  return new Message()
    .int(1, 8) // ir_version
    .string(2, meta.producer)
    .string(3, '1')
    .message(7, graph)
    .message(8, new Message().string(1, '').int(2, 13)) // opset_import: default domain, opset 13
    .encode()
}

/**
 * The layers of a tfjs dense stack (`readDenseStack`) as {@link DenseLayer}s for
 * {@link mlpToOnnx}: views of `stack.weights`, not copies.
 */
export function denseStackLayers(stack: DenseStack): DenseLayer[] {
  const n = stack.layout.layers.length
  return stack.layout.layers.map((l, i) => {
    const k = l.fanIn * l.fanOut
    const relu = stack.relu[i]
    const softmax = stack.softmax && i === n - 1
    return {
      kernel: stack.weights.subarray(l.offset, l.offset + k),
      bias: stack.weights.subarray(l.offset + k, l.offset + k + l.fanOut),
      inputs: l.fanIn,
      units: l.fanOut,
      activation: relu && softmax ? 'relu-softmax' : relu ? 'relu' : softmax ? 'softmax' : 'linear',
    }
  })
}

/** A float32 initializer: TensorProto { dims = 1, data_type = 2, name = 8, raw_data = 9 }. */
function tensor(name: string, dims: number[], values: Float32Array): Message {
  const m = new Message()
  for (const d of dims) m.int(1, d)
  m.int(2, FLOAT).string(8, name)
  // raw_data is little-endian; a copy, so the bytes do not depend on the caller's buffer offset.
  const raw = new Uint8Array(values.length * 4)
  if (littleEndian) raw.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
  else {
    const view = new DataView(raw.buffer)
    values.forEach((v, i) => view.setFloat32(i * 4, v, true))
  }
  return m.bytes(9, raw)
}

/** ValueInfoProto { name = 1, type = 2: TypeProto { tensor_type = 1: { elem_type = 1, shape = 2 } } }. */
function valueInfo(name: string, dims: Array<number | string>): Message {
  const shape = new Message()
  for (const d of dims) shape.message(1, typeof d === 'number' ? new Message().int(1, d) : new Message().string(2, d))
  const tensorType = new Message().int(1, FLOAT).message(2, shape)
  return new Message().string(1, name).message(2, new Message().message(1, tensorType))
}

/** NodeProto { input = 1, output = 2, name = 3, op_type = 4, attribute = 5 }. */
function node(op: string, name: string, inputs: string[], outputs: string[], intAttrs: Record<string, number> = {}): Message {
  const m = new Message()
  for (const i of inputs) m.string(1, i)
  for (const o of outputs) m.string(2, o)
  m.string(3, name).string(4, op)
  for (const [k, v] of Object.entries(intAttrs)) m.message(5, new Message().string(1, k).int(3, v).int(20, ATTR_INT))
  return m
}
