import type { DenseActivations } from './engine/dense-predictor.js'
import { paramLayout, type ParamLayout } from './engine/layout.js'
import type { tf } from './tf.js'

/** A tfjs model read as a stack of dense layers: the engine's layout, the weights in it, the activations. */
export interface DenseStack extends DenseActivations {
  readonly layout: ParamLayout
  readonly weights: Float32Array
}

/** Layers that compute nothing at prediction time (tfjs refuses a Flatten of a flat input, so it never occurs here). */
const IDENTITY = new Set(['InputLayer', 'Dropout'])

/**
 * Reads a tfjs `LayersModel` as a chain of dense layers the engine's forward kernel computes:
 * `Dense` with a `relu`, `linear` or (last) `softmax` activation, `Activation` layers of those,
 * and layers that are identities at prediction time on a flat input (`InputLayer`, `Dropout`, a
 * `Reshape` to the same width). The model must take one input of shape `[batch, features]`, give one output, and
 * feed each layer only from the one before it. Weights are copied.
 *
 * A layer's class name and configuration are all this reads, so a custom layer that reuses a
 * name (a subclass of `Dense` with its own `call`) passes here: callers compare the result with
 * tfjs's own answers before trusting it (`fromTfModel` does, on the first batch).
 *
 * @returns the stack, or a sentence saying why the model does not qualify.
 */
export function readDenseStack(model: tf.LayersModel | tf.GraphModel): DenseStack | string {
  if (!('layers' in model)) return 'a GraphModel has no layers to read'
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return `the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; one of each is needed`
  const inShape = model.inputs[0].shape
  if (inShape.length !== 2 || typeof inShape[1] !== 'number') return `the input shape is [${inShape.map(String).join(', ')}]; only [batch, features] qualifies`
  const features = inShape[1]
  const kernels: Float32Array[] = []
  const sizes: number[] = [features]
  const relu: boolean[] = []
  let softmax = false
  let current: unknown = model.inputs[0]
  for (const layer of model.layers) {
    const kind = layer.getClassName()
    const config = layer.getConfig()
    if (kind === 'InputLayer') {
      if (layer.output !== current) return `input layer "${layer.name}" is not the model's input`
      continue
    }
    let input: unknown
    try {
      input = layer.input
    } catch {
      return `layer "${layer.name}" is used more than once`
    }
    if (input !== current) return `layer "${layer.name}" does not take the previous layer's output; only a chain of layers qualifies`
    current = layer.output
    if (IDENTITY.has(kind)) continue
    if (kind === 'Reshape') {
      const shape = config.targetShape
      if (Array.isArray(shape) && shape.length === 1 && shape[0] === sizes[sizes.length - 1]) continue
      return `layer "${layer.name}" reshapes to [${String(shape)}]; only a reshape of a row to itself qualifies`
    }
    if (kind !== 'Dense' && kind !== 'Activation') {
      return `layer "${layer.name}" is a ${kind}; Dense, Activation, Dropout, a trivial Reshape and InputLayer qualify`
    }
    if (softmax) return `layer "${layer.name}" (${kind}) follows the softmax; only a final softmax qualifies`
    const activation = config.activation
    if (activation !== 'relu' && activation !== 'linear' && activation !== 'softmax') {
      return `layer "${layer.name}" (${kind}) has activation ${JSON.stringify(activation)}; relu, linear and softmax qualify`
    }
    if (kind === 'Dense') {
      const [kernel, bias] = layer.getWeights()
      const fanIn = sizes[sizes.length - 1], fanOut = config.units as number
      if (kernel.shape.length !== 2 || kernel.shape[0] !== fanIn || kernel.shape[1] !== fanOut) {
        return `layer "${layer.name}" has a kernel of shape [${kernel.shape.join(', ')}], expected [${fanIn}, ${fanOut}]`
      }
      const w = new Float32Array(fanIn * fanOut + fanOut)
      w.set(kernel.dataSync())
      if (config.useBias === true && bias !== undefined) w.set(bias.dataSync(), fanIn * fanOut)
      kernels.push(w)
      sizes.push(fanOut)
      relu.push(activation === 'relu')
    } else {
      if (relu.length === 0) return `activation layer "${layer.name}" comes before any dense layer`
      if (activation === 'relu') relu[relu.length - 1] = true
    }
    if (activation === 'softmax') softmax = true
  }
  if (current !== model.outputs[0]) return 'the last layer is not the model\'s output'
  if (kernels.length === 0) return 'the model has no dense layer'
  const layout = paramLayout({ features, hidden: sizes.slice(1, -1), classes: sizes[sizes.length - 1] })
  const weights = new Float32Array(layout.size)
  kernels.forEach((w, i) => weights.set(w, layout.layers[i].offset))
  return { layout, weights, relu, softmax }
}

/**
 * Identities of the tensors holding `model`'s weights now. Training (`fit`, an optimiser step) and
 * `setWeights` replace them, so two snapshots that differ mean a copy of the weights is stale.
 */
export function weightSnapshot(model: tf.LayersModel): readonly unknown[] {
  return model.layers.flatMap((layer) => layer.weights.map((w) => w.read().dataId))
}

/** Whether two {@link weightSnapshot}s are of the same weights. */
export function sameWeights(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i])
}
