import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { paramLayout } from '../../../../src/runtime/engine/layout.js'
import type { DenseStack } from '../../../../src/runtime/tfjs-dense-stack.js'
import { denseSessionThreads, PARALLEL_CALL_MACS } from '../../../../src/targets/onnx/dense-session.js'

function stack(features: number, hidden: number[], classes: number): DenseStack {
  const layout = paramLayout({ features, hidden, classes })
  return { layout, weights: new Float32Array(layout.size), relu: [...hidden.map(() => true), false], softmax: true }
}

describe('denseSessionThreads', () => {
  const cores = Math.min(4, availableParallelism())

  it('gives one thread to calls under PARALLEL_CALL_MACS multiply-adds, the cores (at most 4) to larger ones', () => {
    // 64-256-10: 18,944 multiply-adds a row.
    expect(denseSessionThreads(stack(64, [256], 10), 512)).toBe(1)
    expect(denseSessionThreads(stack(64, [256], 10), 4096)).toBe(cores)
    // 64-64-10: 4,736 a row; 4096 rows stay under the bar.
    expect(denseSessionThreads(stack(64, [64], 10), 4096)).toBe(1)
    // The bar itself: one row of exactly PARALLEL_CALL_MACS / 1000 per 1000 rows.
    const wide = stack(1000, [], PARALLEL_CALL_MACS / 1000 / 1000)
    expect(denseSessionThreads(wide, 999)).toBe(1)
    expect(denseSessionThreads(wide, 1000)).toBe(cores)
  })
})
