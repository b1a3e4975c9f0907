/**
 * The Fashion-MNIST CNN fixture's ONNX export, on the graph writer (src/targets/onnx/onnx-graph.ts):
 * a tfjs-style conv classifier written as Conv → Relu → MaxPool → Transpose → Reshape → Gemm →
 * Softmax on an NCHW input, as PyTorch exports one.
 */
import { graphToOnnx } from '../src/targets/onnx/onnx-graph.js'

/**
 * A small image classifier as tfjs builds it: conv (valid padding, stride 1) → ReLU → max-pool
 * (square window, stride = window) → flatten → one dense layer → softmax. Weights in tfjs's own
 * layout: conv kernel `[kh, kw, channels, filters]`, dense kernel `[flattened, classes]` over
 * the NHWC-flattened pooled map.
 */
export interface ConvClassifier {
  /** Image height, width and channels (the record shape, NHWC). */
  height: number
  width: number
  channels: number
  convKernel: Float32Array
  convBias: Float32Array
  kernelSize: number
  filters: number
  poolSize: number
  denseKernel: Float32Array
  denseBias: Float32Array
  classes: number
}

/**
 * The bytes of an ONNX model (IR 8, opset 13) computing `model` on an NCHW input `input`
 * `[batch, channels, height, width]` (what PyTorch exports), output `output` `[batch, classes]`.
 * The conv kernel is rearranged from tfjs's `[kh, kw, in, out]` to ONNX's `[out, in, kh, kw]`; the
 * Transpose back to NHWC before the Reshape gives the dense layer the order it was trained on, so
 * its weights are written unchanged.
 *
 * @example
 * writeFileSync('cnn.onnx', convToOnnx(weights, { producer: 'me', doc: 'a CNN' }))
 */
export function convToOnnx(model: ConvClassifier, meta: { producer: string; doc: string }): Uint8Array {
  const { height, width, channels, kernelSize: k, filters, poolSize, classes } = model
  const convH = height - k + 1
  const convW = width - k + 1
  const flat = Math.floor(convH / poolSize) * Math.floor(convW / poolSize) * filters
  if (model.convKernel.length !== k * k * channels * filters) throw new RangeError(`convToOnnx: conv kernel has ${model.convKernel.length} values, expected ${k}×${k}×${channels}×${filters}`)
  if (model.denseKernel.length !== flat * classes) throw new RangeError(`convToOnnx: dense kernel has ${model.denseKernel.length} values, expected ${flat}×${classes}`)
  const oihw = new Float32Array(model.convKernel.length)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      for (let c = 0; c < channels; c++) {
        for (let o = 0; o < filters; o++) oihw[((o * channels + c) * k + i) * k + j] = model.convKernel[((i * k + j) * channels + c) * filters + o]
      }
    }
  }
  return graphToOnnx({
    name: 'cnn',
    nodes: [
      { op: 'Conv', inputs: ['input', 'conv/kernel', 'conv/bias'], outputs: ['conv/out'], attrs: { kernel_shape: [k, k], strides: [1, 1], pads: [0, 0, 0, 0] } },
      { op: 'Relu', inputs: ['conv/out'], outputs: ['conv/relu'] },
      { op: 'MaxPool', inputs: ['conv/relu'], outputs: ['pool/out'], attrs: { kernel_shape: [poolSize, poolSize], strides: [poolSize, poolSize] } },
      { op: 'Transpose', inputs: ['pool/out'], outputs: ['pool/nhwc'], attrs: { perm: [0, 2, 3, 1] } },
      // [0, -1]: keep the batch dimension, flatten the rest (in NHWC order after the Transpose).
      { op: 'Reshape', inputs: ['pool/nhwc', 'flat/shape'], outputs: ['flat'] },
      { op: 'Gemm', inputs: ['flat', 'dense/kernel', 'dense/bias'], outputs: ['dense/out'] },
      { op: 'Softmax', inputs: ['dense/out'], outputs: ['output'], attrs: { axis: 1 } },
    ],
    initializers: [
      { name: 'conv/kernel', dims: [filters, channels, k, k], type: 'float32', values: oihw },
      { name: 'conv/bias', dims: [filters], type: 'float32', values: model.convBias },
      { name: 'flat/shape', dims: [2], type: 'int64', values: [0, -1] },
      { name: 'dense/kernel', dims: [flat, classes], type: 'float32', values: model.denseKernel },
      { name: 'dense/bias', dims: [classes], type: 'float32', values: model.denseBias },
    ],
    inputs: [{ name: 'input', type: 'float32', dims: ['batch', channels, height, width] }],
    outputs: [{ name: 'output', type: 'float32', dims: ['batch', classes] }],
    producer: meta.producer,
    doc: meta.doc,
  })
}
