import { ADAM } from './layout.js'
import type { MlpArena } from './mlp.js'

/**
 * One optimiser step on the whole parameter vector from the gradient in `arena.g`, run layer by
 * layer so the L2 term (`l2 · ‖W‖²`, gradient `2·l2·W`) applies to kernels only, never to biases
 * (Keras convention). `t` is the 1-based step count (Adam's bias correction).
 *
 * Adam: β₁ 0.9, β₂ 0.999, w ← w − lr · m̂ / (√v̂ + ε) with ε 1e-7, computed as
 * `lr/(1−β₁ᵗ) · m / (√v · 1/√(1−β₂ᵗ) + ε)` — the TensorFlow.js form the tfjs engine uses too.
 */
export function optimizerStep(arena: MlpArena, optimizer: 'adam' | 'sgd', learningRate: number, l2: number, t: number): void {
  const { kernel, w, g, m, v } = arena
  const mScale = learningRate / (1 - ADAM.beta1 ** t)
  const vScale = 1 / Math.sqrt(1 - ADAM.beta2 ** t)
  for (const l of arena.layout.layers) {
    // Kernel (penalised), then bias; written out twice rather than looped over a tuple, so a step
    // allocates nothing.
    const kernelSize = l.fanIn * l.fanOut
    const b = l.offset + kernelSize
    if (optimizer === 'adam') {
      kernel.adam(w + l.offset, g + l.offset, m + l.offset, v + l.offset, kernelSize, 2 * l2, ADAM.beta1, ADAM.beta2, mScale, vScale, ADAM.epsilon)
      kernel.adam(w + b, g + b, m + b, v + b, l.fanOut, 0, ADAM.beta1, ADAM.beta2, mScale, vScale, ADAM.epsilon)
    } else {
      kernel.sgd(w + l.offset, g + l.offset, kernelSize, 2 * l2, learningRate)
      kernel.sgd(w + b, g + b, l.fanOut, 0, learningRate)
    }
  }
}

/** `l2 · Σ‖W‖²` over the kernels at `arena.w` (the penalty part of the reported loss). */
export function l2Penalty(arena: MlpArena, l2: number): number {
  if (l2 === 0) return 0
  const { heap } = arena.kernel
  let s = 0
  for (const l of arena.layout.layers) {
    const end = arena.w + l.offset + l.fanIn * l.fanOut
    for (let k = arena.w + l.offset; k < end; k++) s += heap[k] * heap[k]
  }
  return l2 * s
}
