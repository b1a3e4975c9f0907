/**
 * A minimal ONNX writer: just enough of the protobuf wire format and of onnx.proto to write a
 * feed-forward classifier (Gemm, Relu, Softmax) with float32 weights, so that the ONNX fixtures can
 * be produced here without Python or PyTorch. Other graphs (the CNN, the text model) are written by
 * scripts/onnx-graph.ts on this file's protobuf encoder.
 * Field numbers are those of onnx/onnx.proto (IR 8).
 */

/** Protobuf wire types used here. */
const VARINT = 0
const LEN = 2
const FIXED32 = 5

/** One encoded protobuf message under construction (exported for scripts/onnx-graph.ts). */
export class Message {
  private readonly parts: Uint8Array[] = []

  private tag(field: number, wire: number): void {
    this.parts.push(varint((field << 3) | wire))
  }

  int(field: number, value: number): this {
    this.tag(field, VARINT)
    this.parts.push(varint(value))
    return this
  }

  float(field: number, value: number): this {
    this.tag(field, FIXED32)
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, value, true)
    this.parts.push(b)
    return this
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LEN)
    this.parts.push(varint(value.length), value)
    return this
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  message(field: number, value: Message): this {
    return this.bytes(field, value.encode())
  }

  encode(): Uint8Array {
    const total = this.parts.reduce((n, p) => n + p.length, 0)
    const out = new Uint8Array(total)
    let at = 0
    for (const p of this.parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
}

/** Base-128 varint of a non-negative integer below 2^53. */
function varint(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`varint: expected a non-negative integer, found ${n}`)
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
  return Uint8Array.from(out)
}

const FLOAT = 1 // TensorProto.DataType.FLOAT
const ATTR_INT = 2 // AttributeProto.AttributeType.INT

/** A float32 initializer: TensorProto { dims = 1, data_type = 2, name = 8, raw_data = 9 }. */
function tensor(name: string, dims: number[], values: Float32Array): Message {
  const m = new Message()
  for (const d of dims) m.int(1, d)
  m.int(2, FLOAT).string(8, name)
  // raw_data is little-endian; copy so the bytes do not depend on the caller's buffer offset.
  const raw = new Uint8Array(values.length * 4)
  const view = new DataView(raw.buffer)
  values.forEach((v, i) => view.setFloat32(i * 4, v, true))
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

/** One dense layer: `y = activation(x · kernel + bias)`, kernel `[in, out]` row-major. */
export interface DenseLayer {
  kernel: Float32Array
  bias: Float32Array
  inputs: number
  units: number
  activation: 'relu' | 'softmax' | 'linear'
}

/**
 * The bytes of an ONNX model (IR 8, opset 13) computing the MLP `layers` on an input `input` of
 * shape `[batch, features]`, with output `output` of shape `[batch, classes]`.
 *
 * @example
 * writeFileSync('model.onnx', mlpToOnnx([{ kernel, bias, inputs: 64, units: 10, activation: 'softmax' }], { producer: 'me' }))
 */
export function mlpToOnnx(layers: DenseLayer[], meta: { producer: string; doc: string }): Uint8Array {
  const graph = new Message()
  let current = 'input'
  layers.forEach((l, i) => {
    const w = `dense${i}/kernel`
    const b = `dense${i}/bias`
    const gemm = l.activation === 'linear' && i === layers.length - 1 ? 'output' : `dense${i}/gemm`
    graph.message(1, node('Gemm', `dense${i}`, [current, w, b], [gemm]))
    current = gemm
    if (l.activation !== 'linear') {
      const out = i === layers.length - 1 ? 'output' : `dense${i}/${l.activation}`
      graph.message(1, node(l.activation === 'relu' ? 'Relu' : 'Softmax', `dense${i}/${l.activation}`, [current], [out], l.activation === 'softmax' ? { axis: 1 } : {}))
      current = out
    }
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
