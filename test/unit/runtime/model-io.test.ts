import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/runtime/backend.js'
import { loadTfModel, ModelFileError, saveLayersModel } from '../../../src/runtime/model-io.js'
import { tf } from '../../../src/runtime/tf.js'
import { toLayersModel } from '../../../src/runtime/layers-model.js'
import { trainClassifier } from '../../../src/runtime/train-classifier.js'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
let dir: string

beforeAll(async () => {
  await initBackend()
  dir = await mkdtemp(path.join(tmpdir(), 'model-io-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A small deterministic LayersModel (seeded initialisers, so no Math.random is involved). */
function smallModel(): tf.LayersModel {
  const model = tf.sequential()
  model.add(tf.layers.dense({ units: 5, inputShape: [3], activation: 'relu', kernelInitializer: tf.initializers.randomUniform({ seed: 1 }), biasInitializer: 'ones' }))
  model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.randomUniform({ seed: 2 }) }))
  return model
}

const input = (): tf.Tensor2D => tf.tensor2d([[0.1, 0.2, 0.3], [1, -1, 0.5], [0, 0, 0]])
const predictArray = (m: tf.LayersModel | tf.GraphModel): number[] =>
  tf.tidy(() => Array.from((m.predict(input()) as tf.Tensor).dataSync()))

describe('saveLayersModel + loadTfModel', () => {
  it('round-trips a LayersModel: model.json + one weights.bin, identical predictions, no temp files left', async () => {
    const before = tf.memory().numTensors
    const model = smallModel()
    const target = path.join(dir, 'round-trip', 'nested')
    const jsonPath = await saveLayersModel(model, target)
    expect(jsonPath).toBe(path.join(target, 'model.json'))
    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin'])

    const loaded = await loadTfModel(jsonPath)
    expect(loaded).toBeInstanceOf(tf.LayersModel)
    expect(predictArray(loaded)).toEqual(predictArray(model))
    model.dispose()
    loaded.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  it('saves an engine-trained classifier through toLayersModel; the reloaded model predicts as the engine does', async () => {
    const before = tf.memory().numTensors
    const data = Float32Array.from({ length: 40 * 3 }, (_, i) => ((i * 7919) % 23) / 23)
    const x = { data, rows: 40, cols: 3 }
    const y = Int32Array.from({ length: 40 }, (_, i) => (data[i * 3] > 0.5 ? 1 : 0))
    const clf = await trainClassifier({ features: 3, hidden: [6, 4], classes: 2 }, x, y, { epochs: 5, batchSize: 8, learningRate: 0.05, seed: 2, engine: 'wasm' })
    const model = toLayersModel(clf)
    const jsonPath = await saveLayersModel(model, path.join(dir, 'engine-trained'))
    model.dispose()
    const loaded = await loadTfModel(jsonPath)
    const fromTfjs = tf.tidy(() => Array.from((loaded.predict(tf.tensor2d(data, [40, 3])) as tf.Tensor).dataSync()))
    const fromEngine = Array.from((await clf.predict(x)).data)
    fromTfjs.forEach((p, i) => expect(Math.abs(p - fromEngine[i])).toBeLessThan(1e-6))
    loaded.dispose()
    clf.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  it('overwrites an existing save in place', async () => {
    const target = path.join(dir, 'overwrite')
    const a = smallModel()
    await saveLayersModel(a, target)
    const b = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], kernelInitializer: 'ones' })] })
    await saveLayersModel(b, target)
    const loaded = await loadTfModel(path.join(target, 'model.json')) as tf.LayersModel
    expect(loaded.layers).toHaveLength(1)
    expect(predictArray(loaded)).toEqual(predictArray(b))
    for (const m of [a, b, loaded]) m.dispose()
    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin'])
  })

  it('loads the committed fixture models (probability rows over 10 classes)', async () => {
    for (const name of ['digits-leaky', 'digits-regularised']) {
      const model = await loadTfModel(path.join(ROOT, 'fixtures/models', name, 'model.json'))
      expect(model).toBeInstanceOf(tf.LayersModel)
      const p = tf.tidy(() => (model.predict(tf.fill([2, 64], 0.5)) as tf.Tensor).arraySync() as number[][])
      model.dispose()
      expect(p[0]).toHaveLength(10)
      expect(p[0].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5)
    }
  })

  it('detects a graph model (format "graph-model", GraphDef topology) and loads it as a GraphModel', async () => {
    const target = path.join(dir, 'graph')
    await writeGraphModel(target)
    const model = await loadTfModel(path.join(target, 'model.json'))
    expect(model).toBeInstanceOf(tf.GraphModel)
    const out = tf.tidy(() => (model.predict(tf.tensor2d([[1, 1]])) as tf.Tensor).arraySync())
    expect(out).toEqual([[4, 6]])
    model.dispose()
  })
})

describe('loadTfModel errors name the file and the problem', () => {
  it('missing file', async () => {
    const p = path.join(dir, 'nowhere', 'model.json')
    await expect(loadTfModel(p)).rejects.toThrow(`${p}: model file does not exist`)
    await expect(loadTfModel(p)).rejects.toBeInstanceOf(ModelFileError)
  })

  it('a folder instead of model.json', async () => {
    await expect(loadTfModel(dir)).rejects.toThrow(`${dir}: is a folder; expected the path of its model.json`)
  })

  it('not JSON, with the parse error', async () => {
    const p = path.join(dir, 'broken.json')
    await writeFile(p, '{"modelTopology": {')
    await expect(loadTfModel(p)).rejects.toThrow(new RegExp(`^${escape(p)}: is not valid JSON \\(.+\\); expected a TensorFlow\\.js model\\.json$`))
  })

  it('JSON that is not a tfjs model, listing the keys found', async () => {
    const p = path.join(dir, 'other.json')
    await writeFile(p, JSON.stringify({ x: [[1]], y: [0] }))
    await expect(loadTfModel(p)).rejects.toThrow(
      `${p}: is JSON but not a TensorFlow.js model: missing "modelTopology" and "weightsManifest"; found keys [x, y]`,
    )
    const arr = path.join(dir, 'array.json')
    await writeFile(arr, '[1, 2]')
    await expect(loadTfModel(arr)).rejects.toThrow(`${arr}: expected a TensorFlow.js model.json object, found an array`)
  })

  it('a missing weight shard, named with its path', async () => {
    const target = path.join(dir, 'no-shard')
    const model = smallModel()
    await saveLayersModel(model, target)
    model.dispose()
    await rm(path.join(target, 'weights.bin'))
    const p = path.join(target, 'model.json')
    await expect(loadTfModel(p)).rejects.toThrow(`${p}: weight shard "weights.bin" (${path.join(target, 'weights.bin')}) is missing`)
  })

  it('a truncated weight shard', async () => {
    const target = path.join(dir, 'short-shard')
    const model = smallModel()
    await saveLayersModel(model, target)
    model.dispose()
    await writeFile(path.join(target, 'weights.bin'), new Uint8Array(12))
    const p = path.join(target, 'model.json')
    // 3×5 + 5 + 5×2 + 2 = 32 float32 values.
    await expect(loadTfModel(p)).rejects.toThrow(`${p}: weight shards hold 12 bytes, but the manifest's 4 weights need 128`)
  })

  it('a topology that is neither layers nor graph', async () => {
    const p = path.join(dir, 'odd.json')
    await writeFile(p, JSON.stringify({ modelTopology: { foo: 1 }, weightsManifest: [] }))
    await expect(loadTfModel(p)).rejects.toThrow(`${p}: cannot tell a layers model from a graph model`)
  })
})

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** y = x · w with w = [[1, 2], [3, 4]], as a hand-written graph model. */
async function writeGraphModel(target: string): Promise<void> {
  await mkdir(target, { recursive: true })
  const f = { type: 'DT_FLOAT' }
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'hand',
    convertedBy: 'model-io.test.ts',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: f, shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } } } },
        { name: 'w', op: 'Const', attr: { dtype: f, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '2' }, { size: '2' }] } } } } },
        { name: 'y', op: 'MatMul', input: ['x', 'w'], attr: { T: f, transpose_a: { b: false }, transpose_b: { b: false } } },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [2, 2], dtype: 'float32' }] }],
  }
  await writeFile(path.join(target, 'model.json'), JSON.stringify(modelJson))
  await writeFile(path.join(target, 'w.bin'), new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer))
}
