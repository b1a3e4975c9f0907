import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/data/rng.js'
import { graphToOnnx, type GraphSpec } from '../../../../src/targets/onnx/onnx-graph.js'
import { Message } from '../../../../src/targets/onnx/protobuf.js'

// The one ONNX graph writer: every ONNX file the package and its scripts write goes through it.

const spec = (values: ArrayLike<number>, names?: string[]): GraphSpec => ({
  name: 'g',
  nodes: [
    { op: 'Gemm', inputs: ['x', 'w', 'b'], outputs: ['y'], ...(names ? { name: names[0] } : {}) },
    { op: 'Softmax', inputs: ['y'], outputs: ['z'], attrs: { axis: 1 }, ...(names ? { name: names[1] } : {}) },
  ],
  initializers: [
    { name: 'w', dims: [2, 3], type: 'float32', values },
    { name: 'b', dims: [3], type: 'float32', values: [0, 0.5, -1] },
  ],
  inputs: [{ name: 'x', type: 'float32', dims: ['batch', 2] }],
  outputs: [{ name: 'z', type: 'float32', dims: ['batch', 3] }],
  producer: 'test',
  doc: '',
})

/** `needle` as a contiguous run of `bytes`. */
const contains = (bytes: Uint8Array, needle: Uint8Array) => Buffer.from(bytes).includes(Buffer.from(needle))

describe('graphToOnnx', () => {
  it('writes a float32 array (a view at any offset) as the same bytes as its values one by one', () => {
    const rng = createRng(4)
    const backing = Float32Array.from({ length: 20 }, () => rng.normal())
    const view = backing.subarray(5, 11)
    const bytes = graphToOnnx(spec(view))
    expect(bytes).toEqual(graphToOnnx(spec(Array.from(view))))
    // raw_data: little-endian float32, the view's values only.
    const raw = new Uint8Array(24)
    view.forEach((v, i) => new DataView(raw.buffer).setFloat32(i * 4, v, true))
    expect(contains(bytes, raw)).toBe(true)
  })

  it('names nodes <op><index> unless a node has its own name', () => {
    const unnamed = graphToOnnx(spec([1, 2, 3, 4, 5, 6]))
    const named = graphToOnnx(spec([1, 2, 3, 4, 5, 6], ['dense0', 'dense0/softmax']))
    const field3 = (s: string) => new Message().string(3, s).encode()
    expect(contains(unnamed, field3('gemm0')) && contains(unnamed, field3('softmax1'))).toBe(true)
    expect(contains(named, field3('dense0')) && contains(named, field3('dense0/softmax'))).toBe(true)
    expect(contains(named, field3('gemm0'))).toBe(false)
  })
})
