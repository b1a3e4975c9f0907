import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { fromTfModel } from '../../../src/targets/from-tf-model.js'

// tfjs models with image and several inputs: flat rows are reshaped to the declared input, and a
// two-input model is fed through `inputs` (int64 sent as int32, tfjs's integer type).
const rows = (values: number[], n: number) => ({ data: Float32Array.from(values), rows: n, cols: values.length / n })

describe('fromTfModel with record shapes and named inputs', () => {
  it('an NHWC image model takes flat rows; a record shape that does not fit is refused, naming the first mismatching dimension', async () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2, 1] }), tf.layers.dense({ units: 2, activation: 'softmax' })] })
    try {
      const t = fromTfModel(model, { recordShape: [2, 2, 1] })
      expect(t.features).toBe(4)
      const out = await t.query(rows([0.1, 0.2, 0.3, 0.4], 1))
      expect(out.cols).toBe(2)
      expect(() => fromTfModel(model, { recordShape: [4] })).not.toThrow()
      expect(() => fromTfModel(model, { recordShape: [3, 1, 1] })).toThrow(/record shape \[3, 1, 1\] \(3 values\) does not fit the model's input ".*" \[\?, 2, 2, 1\]: record dimension 1 is 3; the model takes 2 there/)
    } finally {
      model.dispose()
    }
  })

  it('a model with two inputs is fed each from its columns, in the model\'s input order', async () => {
    const ids = tf.input({ shape: [2], name: 'input_ids', dtype: 'int32' })
    const extra = tf.input({ shape: [1], name: 'extra' })
    const merged = tf.layers.concatenate().apply([tf.layers.dense({ units: 3, useBias: false, kernelInitializer: 'ones' }).apply(ids) as tf.SymbolicTensor, extra]) as tf.SymbolicTensor
    const out = tf.layers.softmax().apply(merged) as tf.SymbolicTensor
    const model = tf.model({ inputs: [ids, extra], outputs: out })
    try {
      expect(() => fromTfModel(model)).toThrow(/the model has 2 inputs \(input_ids, extra\); map each to record columns with options\.inputs/)
      // Mapped in the other order on purpose: the adapter orders the tensors as the model declares them.
      const t = fromTfModel(model, { inputs: { extra: { columns: [0] }, input_ids: { columns: [1, 2], dtype: 'int64' } } })
      const got = await t.query(rows([5, 1, 2], 1))
      const want = tf.tidy(() => (model.predict([tf.tensor2d([[1, 2]], [1, 2], 'int32'), tf.tensor2d([[5]])]) as tf.Tensor).dataSync())
      expect(Array.from(got.data)).toEqual(Array.from(want))
      await expect(t.query(rows([5, 1.5, 2], 1))).rejects.toThrow(/query row 0, column 1 \(input "input_ids", int32\)/)
    } finally {
      model.dispose()
    }
  })
})
