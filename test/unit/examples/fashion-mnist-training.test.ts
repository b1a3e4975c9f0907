import { describe, expect, it } from 'vitest'
import { fitFashionCnn } from '../../../examples/fashion-mnist/privacy/fashion-cnn.js'
import { train } from '../../../examples/fashion-mnist/privacy/train-reference.js'
import { registerWasmConvGradient } from '../../../examples/fashion-mnist/privacy/wasm-conv-gradient.js'
import { createRng } from '../../../src/data/rng.js'
import { initBackend } from '../../../src/runtime/backend.js'
import type * as tfjs from '@tensorflow/tfjs'
import { tf } from '../../../src/runtime/tf.js'
import { loadFashionSplit } from '../../../scripts/fashion-cnn-lib.js'

/** dW by the definition, in doubles: Σ_{b,y,x} input[b, y·s + i − top, x·s + j − left, c] · dy[b, y, x, o]. */
function filterGradient(x: tfjs.Tensor, dy: tfjs.Tensor, k: number, stride: number, top: number, left: number): Float64Array {
  const [n, h, w, cin] = x.shape as number[]
  const [, oh, ow, cout] = dy.shape as number[]
  const xs = x.dataSync(), gs = dy.dataSync()
  const out = new Float64Array(k * k * cin * cout)
  for (let b = 0; b < n; b++) for (let y = 0; y < oh; y++) for (let z = 0; z < ow; z++) {
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const iy = y * stride + i - top, ix = z * stride + j - left
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue
      for (let c = 0; c < cin; c++) for (let o = 0; o < cout; o++) {
        out[((i * k + j) * cin + c) * cout + o] += xs[((b * h + iy) * w + ix) * cin + c] * gs[((b * oh + y) * ow + z) * cout + o]
      }
    }
  }
  return out
}

describe('examples/fashion-mnist: training the CNN on the wasm backend', () => {
  it('the registered Conv2DBackpropFilter gives the filter gradient by its definition (valid and same padding), and refuses stride 2', async () => {
    expect(await initBackend()).toBe('wasm')
    registerWasmConvGradient()
    registerWasmConvGradient() // idempotent
    const rng = createRng(3)
    const random = (shape: readonly number[]) => tf.tensor<tfjs.Rank>(Float32Array.from({ length: [...shape].reduce((a, b) => a * b, 1) }, () => rng.normal()), [...shape]) as tfjs.Tensor4D
    for (const [pad, stride] of [['valid', 1], ['same', 1]] as const) {
      const x = random([3, 9, 8, 2])
      const filter = random([3, 3, 2, 4])
      const dy = random(tf.conv2d(x, filter, stride, pad).shape as number[])
      const grad = tf.grad((f) => tf.sum(tf.mul(tf.conv2d(x, f as tfjs.Tensor4D, stride, pad), dy)))(filter)
      // 'same' with a 3×3 window and stride 1 pads one row and one column before (top, left).
      const want = filterGradient(x, dy, 3, stride, pad === 'same' ? 1 : 0, pad === 'same' ? 1 : 0)
      const got = grad.dataSync()
      let worst = 0
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]))
      expect(worst, `${pad}, stride ${stride}`).toBeLessThan(1e-4)
      expect(Math.max(...Array.from(want, Math.abs)), `${pad}, stride ${stride}: a gradient that is not all zeros`).toBeGreaterThan(1)
      tf.dispose([x, filter, dy, grad])
    }
    const x = random([1, 9, 9, 1]), filter = random([3, 3, 1, 1])
    expect(() => tf.grad((f) => tf.sum(tf.conv2d(x, f as tfjs.Tensor4D, 2, 'valid')))(filter)).toThrow(/only NHWC, stride 1, padding 'valid' or 'same' is supported, found NHWC, stride \[2, 2\]/)
  })

  it('one seed gives the same weights bit for bit; another seed gives others', async () => {
    const pool = await loadFashionSplit('pool')
    const x = pool.x.subarray(0, 120 * 784), y = pool.y.subarray(0, 120)
    const training = { epochs: 2, batchSize: 32, learningRate: 2e-3 }
    const weights = async (seed: number) => {
      const model = await fitFashionCnn(x, y, { seed, classes: 10, training })
      const out = model.getWeights().map((w) => Array.from(w.dataSync()))
      model.dispose()
      return out
    }
    const [a, b, c] = [await weights(4), await weights(4), await weights(5)]
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  it('the recipe checks the record size and stops when aborted', async () => {
    const signal = new AbortController().signal
    const bad = { x: new Float32Array(2 * 783), y: new Int32Array(2), features: 783 }
    await expect(train(bad, { seed: 0, classes: 10, signal })).rejects.toThrow(/expected records of 784 values \(28 × 28 × 1\), found 1566 values for 2 labels/)
    const aborted = AbortSignal.abort(new Error('stopped by the test'))
    await expect(train({ x: new Float32Array(2 * 784), y: new Int32Array(2), features: 784 }, { seed: 0, classes: 10, signal: aborted })).rejects.toThrow('stopped by the test')
  })
})
