import type { DenseStack } from '../../runtime/tfjs-dense-stack.js'
import { graphToOnnx, type GraphNode } from './onnx-graph.js'

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
  const nodes: GraphNode[] = []
  let current = 'input'
  layers.forEach((l, i) => {
    const ops = l.activation === 'linear' ? [] : l.activation === 'relu-softmax' ? ['Relu', 'Softmax'] : [l.activation === 'relu' ? 'Relu' : 'Softmax']
    const last = i === layers.length - 1
    const gemm = last && ops.length === 0 ? 'output' : `dense${i}/gemm`
    nodes.push({ op: 'Gemm', name: `dense${i}`, inputs: [current, `dense${i}/kernel`, `dense${i}/bias`], outputs: [gemm] })
    current = gemm
    ops.forEach((op, j) => {
      const out = last && j === ops.length - 1 ? 'output' : `dense${i}/${op.toLowerCase()}`
      nodes.push({ op, name: `dense${i}/${op.toLowerCase()}`, inputs: [current], outputs: [out], ...(op === 'Softmax' ? { attrs: { axis: 1 } } : {}) })
      current = out
    })
  })
  return graphToOnnx({
    name: 'mlp',
    nodes,
    initializers: layers.flatMap((l, i) => [
      { name: `dense${i}/kernel`, dims: [l.inputs, l.units], type: 'float32' as const, values: l.kernel },
      { name: `dense${i}/bias`, dims: [l.units], type: 'float32' as const, values: l.bias },
    ]),
    inputs: [{ name: 'input', type: 'float32', dims: ['batch', layers[0].inputs] }],
    outputs: [{ name: 'output', type: 'float32', dims: ['batch', layers[layers.length - 1].units] }],
    producer: meta.producer,
    doc: meta.doc,
  })
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
