/**
 * The one ONNX graph writer, on top of protobuf.ts's encoder: any list of nodes with int, ints and
 * float attributes, float32 and int64 initializers, and float32 or int64 inputs and outputs. It
 * writes the dense graphs `fromTfModel` hands to onnxruntime (`mlpToOnnx`, dense-graph.ts) and the
 * ONNX fixtures the scripts write without Python (the digits MLP, the text model, the NCHW CNN).
 * Field numbers are those of onnx/onnx.proto (IR 8).
 */
import { Message } from './protobuf.js'

/** Element types written here. */
export type ElemType = 'float32' | 'int64'

const DATA_TYPE: Record<ElemType, number> = { float32: 1, int64: 7 } // TensorProto.DataType
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** One node: `op` from the default domain, opset 13 semantics. */
export interface GraphNode {
  op: string
  /** The node's name; default `<op in lower case><index in nodes>`. */
  name?: string
  inputs: string[]
  outputs: string[]
  /** Integer (`3`), integer list (`[0, 2, 3, 1]`, non-negative) or float (`{ f: 0.5 }`) attributes. */
  attrs?: Record<string, number | number[] | { f: number }>
}

/** A constant tensor of the graph. */
export interface Initializer {
  name: string
  dims: number[]
  type: ElemType
  values: ArrayLike<number>
}

/** A graph input or output: its name, element type and dims (numbers or symbolic names). */
export interface GraphValue {
  name: string
  type: ElemType
  dims: Array<number | string>
}

/** Everything {@link graphToOnnx} writes. */
export interface GraphSpec {
  name: string
  nodes: GraphNode[]
  initializers: Initializer[]
  inputs: GraphValue[]
  outputs: GraphValue[]
  producer: string
  doc: string
}

/** TensorProto { dims = 1, data_type = 2, name = 8, raw_data = 9 }, little-endian raw data. */
function tensor(t: Initializer): Message {
  const m = new Message()
  for (const d of t.dims) m.int(1, d)
  m.int(2, DATA_TYPE[t.type]).string(8, t.name)
  const size = t.type === 'int64' ? 8 : 4
  const raw = new Uint8Array(t.values.length * size)
  // A float32 array on a little-endian machine already holds raw_data's bytes: one copy (weights of
  // a large model), not a DataView write per value. A copy, so the bytes do not depend on the
  // caller's buffer offset.
  if (t.type === 'float32' && t.values instanceof Float32Array && littleEndian) {
    raw.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength))
    return m.bytes(9, raw)
  }
  const view = new DataView(raw.buffer)
  for (let i = 0; i < t.values.length; i++) {
    if (t.type === 'int64') view.setBigInt64(i * 8, BigInt(t.values[i]), true)
    else view.setFloat32(i * 4, t.values[i], true)
  }
  return m.bytes(9, raw)
}

/** ValueInfoProto { name = 1, type = 2: TypeProto { tensor_type = 1: { elem_type = 1, shape = 2 } } }. */
function valueInfo(v: GraphValue): Message {
  const shape = new Message()
  for (const d of v.dims) shape.message(1, typeof d === 'number' ? new Message().int(1, d) : new Message().string(2, d))
  const tensorType = new Message().int(1, DATA_TYPE[v.type]).message(2, shape)
  return new Message().string(1, v.name).message(2, new Message().message(1, tensorType))
}

/** AttributeProto { name = 1, f = 2, i = 3, ints = 8, type = 20 (FLOAT 1, INT 2, INTS 7) }. */
function attribute(name: string, v: number | number[] | { f: number }): Message {
  const m = new Message().string(1, name)
  if (Array.isArray(v)) {
    for (const x of v) m.int(8, x)
    return m.int(20, 7)
  }
  if (typeof v === 'object') return m.float(2, v.f).int(20, 1)
  return m.int(3, v).int(20, 2)
}

/**
 * The bytes of an ONNX model (IR 8, opset 13) holding the graph `spec`.
 *
 * @example
 * writeFileSync('m.onnx', graphToOnnx({ name: 'g', nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], attrs: { axis: 1 } }], initializers: [], inputs: [{ name: 'x', type: 'float32', dims: ['batch', 3] }], outputs: [{ name: 'y', type: 'float32', dims: ['batch', 3] }], producer: 'me', doc: '' }))
 */
export function graphToOnnx(spec: GraphSpec): Uint8Array {
  const graph = new Message()
  spec.nodes.forEach((n, i) => {
    const m = new Message()
    for (const x of n.inputs) m.string(1, x)
    for (const o of n.outputs) m.string(2, o)
    m.string(3, n.name ?? `${n.op.toLowerCase()}${i}`).string(4, n.op)
    for (const [k, v] of Object.entries(n.attrs ?? {})) m.message(5, attribute(k, v))
    graph.message(1, m)
  })
  graph.string(2, spec.name)
  for (const t of spec.initializers) graph.message(5, tensor(t))
  graph.string(10, spec.doc)
  for (const v of spec.inputs) graph.message(11, valueInfo(v))
  for (const v of spec.outputs) graph.message(12, valueInfo(v))
  return new Message()
    .int(1, 8)
    .string(2, spec.producer)
    .string(3, '1')
    .message(7, graph)
    .message(8, new Message().string(1, '').int(2, 13))
    .encode()
}
