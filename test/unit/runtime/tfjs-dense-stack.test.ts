import { describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/runtime/backend.js'
import { tf } from '../../../src/runtime/tf.js'
import { readDenseStack, sameWeights, weightSnapshot } from '../../../src/runtime/tfjs-dense-stack.js'

await initBackend()
const dense = (units: number, activation: 'relu' | 'linear' | 'softmax' | 'tanh', inputShape?: number[]) =>
  tf.layers.dense({ units, activation, kernelInitializer: 'ones', biasInitializer: 'ones', ...(inputShape ? { inputShape } : {}) })

describe('readDenseStack', () => {
  it('reads a chain of dense layers: the layout, the weights in order, relu flags, the final softmax', () => {
    const model = tf.sequential({ layers: [dense(3, 'relu', [2]), tf.layers.activation({ activation: 'linear' }), dense(2, 'linear'), tf.layers.activation({ activation: 'softmax' })] })
    model.layers[0].setWeights([tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor1d([7, 8, 9])])
    const stack = readDenseStack(model)
    if (typeof stack === 'string') throw new Error(stack)
    expect(stack.layout).toEqual({ layers: [{ fanIn: 2, fanOut: 3, offset: 0 }, { fanIn: 3, fanOut: 2, offset: 9 }], size: 17 })
    expect([...stack.weights.subarray(0, 9)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect([...stack.weights.subarray(9)]).toEqual([1, 1, 1, 1, 1, 1, 1, 1])
    expect(stack.relu).toEqual([true, false])
    expect(stack.softmax).toBe(true)
    model.dispose()
  })

  it('says why a model does not qualify', () => {
    const input = tf.input({ shape: [4] })
    const a = dense(3, 'relu').apply(input) as tf.SymbolicTensor
    const b = dense(3, 'relu').apply(input) as tf.SymbolicTensor
    const branched = tf.model({ inputs: input, outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor })
    const cases: [tf.LayersModel, RegExp][] = [
      [tf.sequential({ layers: [dense(3, 'tanh', [4])] }), /activation "tanh"; relu, linear and softmax qualify/],
      [tf.sequential({ layers: [dense(3, 'softmax', [4]), dense(2, 'linear')] }), /follows the softmax/],
      [tf.sequential({ layers: [tf.layers.activation({ activation: 'relu', inputShape: [4] }), dense(2, 'linear')] }), /comes before any dense layer/],
      [tf.sequential({ layers: [tf.layers.reshape({ targetShape: [2, 2], inputShape: [4] })] }), /reshapes to \[2,2\]; only a reshape of a row to itself qualifies/],
      [tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2, 4] })] }), /the input shape is \[null, 2, 4\]; only \[batch, features\] qualifies/],
      [tf.sequential({ layers: [dense(3, 'relu', [4]), tf.layers.batchNormalization()] }), /is a BatchNormalization; Dense, Activation/],
      [branched, /does not take the previous layer's output; only a chain of layers qualifies/],
    ]
    for (const [model, reason] of cases) {
      expect(readDenseStack(model)).toMatch(reason)
      model.dispose()
    }
  })

  it('weight snapshots change when the weights are replaced', () => {
    const model = tf.sequential({ layers: [dense(3, 'relu', [2])] })
    const before = weightSnapshot(model)
    expect(sameWeights(before, weightSnapshot(model))).toBe(true)
    model.setWeights([tf.zeros([2, 3]), tf.zeros([3])])
    expect(sameWeights(before, weightSnapshot(model))).toBe(false)
    model.dispose()
  })
})
