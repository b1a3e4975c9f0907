import type { Rng } from '../../data/rng.js'
import type { ClassifierSpec } from '../classifier.js'

/** Where one dense layer's kernel and bias sit in the flat parameter vector. */
export interface LayerSlot {
  readonly fanIn: number
  readonly fanOut: number
  /** Offset of the kernel (row-major fanIn × fanOut); the bias (fanOut values) follows it. */
  readonly offset: number
}

/** Every layer's slot, and the length of the flat parameter vector. */
export interface ParamLayout {
  readonly layers: readonly LayerSlot[]
  readonly size: number
}

/**
 * The flat parameter layout of `spec` shared by both training engines (and by `toLayersModel`):
 * layer by layer, kernel then bias. One vector lets the optimiser run as one pass over memory.
 */
export function paramLayout(spec: ClassifierSpec): ParamLayout {
  const sizes = [spec.features, ...spec.hidden, spec.classes]
  const layers: LayerSlot[] = []
  let offset = 0
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push({ fanIn: sizes[i], fanOut: sizes[i + 1], offset })
    offset += sizes[i] * sizes[i + 1] + sizes[i + 1]
  }
  return { layers, size: offset }
}

/**
 * Glorot-uniform kernels (limit √(6 / (fan_in + fan_out))) drawn from `rng`, zero biases. Both
 * engines draw the initial weights here, so the same seed starts them from the same bits.
 */
export function glorotUniform(layout: ParamLayout, rng: Rng): Float32Array {
  const w = new Float32Array(layout.size)
  for (const l of layout.layers) {
    const limit = Math.sqrt(6 / (l.fanIn + l.fanOut))
    const end = l.offset + l.fanIn * l.fanOut
    for (let k = l.offset; k < end; k++) w[k] = (2 * rng.next() - 1) * limit
  }
  return w
}

/** Adam's β₁, β₂ and ε (Keras / TensorFlow.js form: ε is added to √v̂). Shared by both engines. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const
