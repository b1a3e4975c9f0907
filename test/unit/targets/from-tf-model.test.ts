import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silenceCpuAdvert } from '../../../src/runtime/backend.js'
import { fromRows, type Matrix } from '../../../src/data/matrix.js'
import { fromTfModel } from '../../../src/targets/from-tf-model.js'
import { TargetAnswerError, type TfModelLike } from '../../../src/targets/target.js'

function tinyModel(activation: 'softmax' | 'linear'): tf.Sequential {
  const model = tf.sequential()
  model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), biasInitializer: 'zeros' }))
  model.add(tf.layers.dense({ units: 3, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), biasInitializer: 'zeros' }))
  return model
}

function rows(n: number): Matrix {
  const data = new Float32Array(n * 4)
  for (let i = 0; i < data.length; i++) data[i] = ((i * 37) % 11) / 5 - 1
  return { data, rows: n, cols: 4 }
}

let softmaxModel: tf.Sequential
let linearModel: tf.Sequential

beforeAll(async () => {
  silenceCpuAdvert()
  await tf.setBackend('cpu')
  await tf.ready()
  softmaxModel = tinyModel('softmax')
  linearModel = tinyModel('linear')
})

afterAll(() => {
  softmaxModel.dispose()
  linearModel.dispose()
})

describe('fromTfModel: LayersModel', () => {
  it('reads features and classes from the model and answers like model.predict', async () => {
    const t = fromTfModel(softmaxModel)
    expect(t.features).toBe(4)
    expect(t.name).toMatch(/^tfjs LayersModel sequential/)
    const x = rows(10)
    const out = await t.query(x)
    expect([out.rows, out.cols]).toEqual([10, 3])
    const expected = tf.tidy(() => (softmaxModel.predict(tf.tensor2d(x.data, [10, 4])) as tf.Tensor).dataSync())
    for (let i = 0; i < out.data.length; i++) expect(out.data[i]).toBeCloseTo(expected[i], 6)
    expect(t.queryCount).toBe(10)
  })

  it('is deterministic with seeded initializers', async () => {
    const other = tinyModel('softmax')
    try {
      const a = await fromTfModel(softmaxModel).query(rows(5))
      const b = await fromTfModel(other).query(rows(5))
      expect(Array.from(b.data)).toEqual(Array.from(a.data))
    } finally {
      other.dispose()
    }
  })

  it('leaves tf.memory().numTensors unchanged after any number of queries, including failing ones', async () => {
    const t = fromTfModel(softmaxModel, { batchSize: 7 })
    const wrong = fromTfModel(linearModel) // logits read as probabilities: refused
    await t.query(rows(3)) // warm-up (lazy weights, kernels)
    const before = tf.memory().numTensors
    for (let i = 0; i < 5; i++) await t.query(rows(50))
    await expect(wrong.query(rows(20))).rejects.toThrow(TargetAnswerError)
    await expect(t.query({ data: new Float32Array(6), rows: 2, cols: 3 })).rejects.toThrow(/expects 4/)
    expect(tf.memory().numTensors).toBe(before)
    expect(t.queryCount).toBe(253)
  })

  it('refuses a logits model read as probabilities, with the hint; accepts it in logits mode', async () => {
    await expect(fromTfModel(linearModel).query(rows(4))).rejects.toThrow(/if the model returns logits, pass \{ outputMode: 'logits' \}/)
    const x = rows(4)
    const out = await fromTfModel(linearModel, { outputMode: 'logits' }).query(x)
    const expected = tf.tidy(() => tf.softmax(linearModel.predict(tf.tensor2d(x.data, [4, 4])) as tf.Tensor).dataSync())
    for (let i = 0; i < out.data.length; i++) expect(out.data[i]).toBeCloseTo(expected[i], 5)
  })

  it('refuses queries of the wrong width, naming expected and found', async () => {
    const t = fromTfModel(softmaxModel)
    await expect(t.query(fromRows([[1, 2, 3]]))).rejects.toThrow(/target "tfjs LayersModel sequential.*": query has 3 features per row, but the target expects 4/)
  })

  it('checks options against the model', () => {
    expect(() => fromTfModel(softmaxModel, { features: 5 })).toThrow(/options\.features is 5, but the model's input takes 4 values per record/)
    expect(() => fromTfModel(softmaxModel, { classes: 2 })).toThrow(/options\.classes is 2, but the model's first output has 3 units/)
  })

  it('reshapes flat rows to a model whose input is not [batch, features]', async () => {
    const img = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2] }), tf.layers.dense({ units: 2, activation: 'softmax' })] })
    try {
      const t = fromTfModel(img)
      expect(t.features).toBe(4)
      const rows = [[0.1, 0.2, 0.3, 0.4], [1, -1, 0.5, 2]]
      const got = await t.query(fromRows(rows))
      const want = tf.tidy(() => (img.predict(tf.tensor3d(rows.map((r) => [r.slice(0, 2), r.slice(2)]))) as tf.Tensor).dataSync())
      expect(Array.from(got.data)).toEqual(Array.from(want))
    } finally {
      img.dispose()
    }
  })

  it('reads the first output of a model with two outputs', async () => {
    const input = tf.input({ shape: [4] })
    const a = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(input) as tf.SymbolicTensor
    const b = tf.layers.dense({ units: 5, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(input) as tf.SymbolicTensor
    const model = tf.model({ inputs: input, outputs: [a, b] })
    try {
      const before = tf.memory().numTensors
      const out = await fromTfModel(model).query(rows(3))
      expect(out.cols).toBe(2)
      expect(tf.memory().numTensors).toBe(before)
    } finally {
      model.dispose()
    }
  })
})

describe('fromTfModel: GraphModel-like objects', () => {
  const graphLike = (output: (x: tf.Tensor) => unknown): TfModelLike => ({
    inputs: [{ shape: [-1, 4] }],
    outputs: [{ shape: undefined as never, name: 'probs' } as never],
    predict: (x) => output(x as tf.Tensor),
  })
  const probs = (x: tf.Tensor) => tf.softmax(tf.matMul(x as tf.Tensor2D, tf.ones([4, 3])))

  it('uses -1 as an unknown batch size and reads features from shape[1]', async () => {
    const t = fromTfModel(graphLike(probs))
    expect(t.name).toBe('tfjs GraphModel')
    expect(t.features).toBe(4)
    const out = await t.query(rows(2))
    expect(out.cols).toBe(3)
    expect(out.data[0]).toBeCloseTo(1 / 3, 6)
  })

  it('takes the first tensor of an array, or the named first output of a map; disposes the others', async () => {
    const before = tf.memory().numTensors
    const arr = await fromTfModel(graphLike((x) => [probs(x), tf.zeros([2, 7])])).query(rows(2))
    expect(arr.cols).toBe(3)
    const map = await fromTfModel(graphLike((x) => ({ other: tf.zeros([2, 7]), probs: probs(x) }))).query(rows(2))
    expect(map.cols).toBe(3)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('reshapes a rank-1 output to one column and refuses higher ranks and non-tensors', async () => {
    await expect(fromTfModel(graphLike(() => tf.fill([2], 0.5))).query(rows(2))).rejects.toThrow(/a single output column \(a sigmoid\?\)/)
    await expect(fromTfModel(graphLike(() => tf.zeros([2, 3, 1]))).query(rows(2))).rejects.toThrow(/answer to rows 0\.\.1: expected an output of shape \[rows, classes\], found \[2, 3, 1\]/)
    await expect(fromTfModel(graphLike(() => [[0.5, 0.5]])).query(rows(1))).rejects.toThrow(/expected model\.predict to return a tensor, found an array of length 2/)
    await expect(fromTfModel(graphLike(() => ({}))).query(rows(1))).rejects.toThrow(/model\.predict returned an empty map of outputs/)
  })

  it('refuses what is not a model', () => {
    expect(() => fromTfModel({} as never)).toThrow(/fromTfModel: model: expected a tfjs LayersModel or GraphModel/)
    expect(() => fromTfModel({ predict: () => 0, inputs: [], outputs: [] })).toThrow(/model\.inputs: expected a non-empty array/)
  })
})
