/**
 * Shared by scripts/make-fashion-cnn.ts, bench/fashion.ts and the tests: the Fashion-MNIST fixture
 * splits as scaled float rows, and the bytes of fixtures/models/fashion-cnn.onnx computed from the
 * tfjs fixture fixtures/models/fashion-cnn/ (so a test can check the committed file is current).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readNpy } from '../src/data/npy.js'
import type { Matrix } from '../src/data/matrix.js'
import { tf } from '../src/runtime/tf.js'
import { loadOnnxRuntime } from '../src/targets/onnx/runtime.js'
import { createTarget } from '../src/targets/create-target.js'
import type { Target } from '../src/targets/target.js'
import { convToOnnx, type ConvClassifier } from './onnx-cnn.js'
import { ROOT } from './onnx-fixture-lib.js'

/** The fixture folder (members, non-members, pool as `<split>-x.npy` / `<split>-y.npy`). */
export const FASHION_DATA = join(ROOT, 'fixtures/data/fashion-mnist')
/** The tfjs CNN fixture's folder and its ONNX export. */
export const FASHION_CNN = join(ROOT, 'fixtures/models/fashion-cnn')
export const FASHION_ONNX = join(ROOT, 'fixtures/models/fashion-cnn.onnx')

/** A split as the models see it: flat rows of 784 pixels scaled to [0, 1], NHWC order, and labels. */
export interface FashionSplit {
  x: Float32Array
  y: Int32Array
}

/** Reads one split of the fixture, pixels scaled by 1/255. */
export async function loadFashionSplit(split: 'members' | 'non-members' | 'pool'): Promise<FashionSplit> {
  const [x, y] = await Promise.all([readNpy(join(FASHION_DATA, `${split}-x.npy`)), readNpy(join(FASHION_DATA, `${split}-y.npy`))])
  return { x: Float32Array.from(x.data, (v) => Number(v) / 255), y: Int32Array.from(y.data, Number) }
}

interface Manifest {
  modelTopology: { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } }
  weightsManifest: Array<{ weights: Array<{ name: string; shape: number[]; dtype: string }> }>
}

/** The ONNX bytes of the tfjs CNN fixture (NCHW input), and a one-line description of its layers. */
export function renderFashionOnnx(): { bytes: Uint8Array; layers: string } {
  const manifest = JSON.parse(readFileSync(join(FASHION_CNN, 'model.json'), 'utf8')) as Manifest
  const bin = readFileSync(join(FASHION_CNN, 'weights.bin'))
  const floats = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength))
  const byName = new Map<string, { shape: number[]; values: Float32Array }>()
  let at = 0
  for (const w of manifest.weightsManifest.flatMap((m) => m.weights)) {
    if (w.dtype !== 'float32') throw new Error(`${w.name}: expected float32 weights, found ${w.dtype}`)
    const n = w.shape.reduce((a, b) => a * b, 1)
    byName.set(w.name, { shape: w.shape, values: floats.slice(at, at + n) })
    at += n
  }
  if (at !== floats.length) throw new Error(`weights.bin holds ${floats.length} floats, the manifest ${at}`)
  const kinds = manifest.modelTopology.config.layers.map((l) => l.class_name).join(' → ')
  if (kinds !== 'Conv2D → MaxPooling2D → Flatten → Dense') throw new Error(`expected Conv2D → MaxPooling2D → Flatten → Dense, found ${kinds}`)
  const [conv, pool, , dense] = manifest.modelTopology.config.layers.map((l) => l.config)
  const weight = (name: string) => {
    const w = byName.get(name)
    if (w === undefined) throw new Error(`weights.bin has no tensor ${name}`)
    return w
  }
  if (conv.padding !== 'valid' || conv.activation !== 'relu' || dense.activation !== 'softmax' || pool.padding !== 'valid') {
    throw new Error('expected a valid-padded ReLU conv, a valid max-pool and a softmax dense layer')
  }
  const kernel = weight('conv/kernel')
  const [kh, , channels, filters] = kernel.shape
  const [height, width] = (conv.batch_input_shape as number[]).slice(1, 3)
  const denseKernel = weight('dense/kernel')
  const model: ConvClassifier = {
    height, width, channels, filters, kernelSize: kh, poolSize: (pool.pool_size as number[])[0],
    convKernel: kernel.values, convBias: weight('conv/bias').values,
    denseKernel: denseKernel.values, denseBias: weight('dense/bias').values, classes: denseKernel.shape[1],
  }
  const bytes = convToOnnx(model, { producer: 'vitest-privacy-gates scripts/make-fashion-cnn.ts', doc: 'fashion-cnn (conv 3x3x8, max-pool 2, dense 10) converted from the tfjs fixture; NCHW input' })
  return { bytes, layers: `[${channels}, ${height}, ${width}] conv ${kh}×${kh}×${filters} relu, max-pool ${model.poolSize}, flatten ${denseKernel.shape[0]}, dense ${model.classes} softmax` }
}

/**
 * The tfjs CNN's own forward pass (input `[n, 28, 28, 1]`) behind a target of flat 784-pixel rows:
 * the framework's answers, which test/unit/fixtures/fashion-cnn.test.ts compares the ONNX export with
 * (the gates reach the model through the thresholds file's tfjs target instead).
 */
export function tfjsImageTarget(model: tf.LayersModel, name = 'fashion-cnn (tfjs, NHWC)'): Target {
  return createTarget(async (rows: Matrix) => {
    const out = tf.tidy(() => model.predict(tf.tensor4d(rows.data, [rows.rows, 28, 28, 1])) as tf.Tensor2D)
    try {
      return { data: (await out.data()) as Float32Array, rows: rows.rows, cols: out.shape[1] }
    } finally {
      out.dispose()
    }
  }, { name, features: 784, classes: 10 })
}

/**
 * ONNX Runtime's forward pass of fixtures/models/fashion-cnn.onnx (input `[n, 1, 28, 28]`) behind a
 * target of flat rows. With one channel NHWC and NCHW rows hold the same values in the same order,
 * so the rows are handed over as they are, only described as NCHW.
 */
export async function onnxImageTarget(file = FASHION_ONNX): Promise<Target> {
  const ort = await loadOnnxRuntime()
  const session = await ort.InferenceSession.create(file)
  return createTarget(async (rows: Matrix) => {
    const out = await session.run({ input: new ort.Tensor('float32', rows.data, [rows.rows, 1, 28, 28]) })
    return { data: out.output.data as Float32Array, rows: rows.rows, cols: out.output.dims[1] }
  }, { name: 'fashion-cnn (ONNX Runtime, NCHW)', features: 784, classes: 10, dispose: () => void session.release?.() })
}
