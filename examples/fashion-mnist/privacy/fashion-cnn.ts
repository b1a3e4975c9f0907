import * as tf from '@tensorflow/tfjs'
import { createRng, initBackend, permutation } from 'vitest-privacy-gates'
import { registerWasmConvGradient } from './wasm-conv-gradient.js'

/** One Fashion-MNIST image: 28 × 28 pixels, one channel last (NHWC, as tfjs wants it). */
export const IMAGE_SHAPE: readonly [number, number, number] = [28, 28, 1]

/** How the target and its reference models are trained: the same for both, on purpose. */
export interface CnnTraining {
  epochs: number
  batchSize: number
  learningRate: number
}

/** The target's training: enough epochs on 500 images to overfit somewhat (train ≈ 1, test ≈ 0.8). */
export const TARGET_TRAINING: CnnTraining = { epochs: 40, batchSize: 32, learningRate: 2e-3 }

/**
 * The architecture: conv 3×3×8 → ReLU → max-pool 2 → flatten → dense `classes` softmax, input
 * `[null, 28, 28, 1]` with pixels scaled to [0, 1]. Every initialiser is seeded from `seed`.
 */
export function buildFashionCnn(seed: number, classes: number): tf.Sequential {
  const rng = createRng(seed)
  return tf.sequential({
    name: 'fashion_cnn',
    layers: [
      tf.layers.conv2d({
        name: 'conv', inputShape: [...IMAGE_SHAPE], filters: 8, kernelSize: 3, activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: rng.seed() }), biasInitializer: 'zeros',
      }),
      tf.layers.maxPooling2d({ name: 'pool', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({
        name: 'dense', units: classes, activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: rng.seed() }), biasInitializer: 'zeros',
      }),
    ],
  })
}

/**
 * Builds and trains the CNN on `x` (flat rows of 784 pixels in [0, 1]) and labels `y`, seeded:
 * the initialisers and each epoch's shuffle derive from `seed` (tfjs's own shuffle uses
 * Math.random, so it is off). On the wasm backend (with the filter gradient of
 * {@link registerWasmConvGradient}) the same seed gives the same weights, bit for bit.
 * Checks `signal` between epochs.
 */
export async function fitFashionCnn(
  x: Float32Array, y: Int32Array, options: { seed: number; classes: number; signal?: AbortSignal; training?: CnnTraining },
): Promise<tf.Sequential> {
  await initBackend()
  registerWasmConvGradient()
  const { epochs, batchSize, learningRate } = options.training ?? TARGET_TRAINING
  const rows = y.length
  const pixels = IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * IMAGE_SHAPE[2]
  if (x.length !== rows * pixels) throw new RangeError(`fitFashionCnn: x has ${x.length} values, expected ${rows} records × ${pixels}`)
  const rng = createRng(options.seed)
  const model = buildFashionCnn(rng.seed(), options.classes)
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'sparseCategoricalCrossentropy' })
  const xs = tf.tensor4d(x, [rows, ...IMAGE_SHAPE])
  const ys = tf.tensor1d(y, 'float32')
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      options.signal?.throwIfAborted()
      const idx = tf.tensor1d(permutation(rows, rng), 'int32')
      const [ex, ey] = [tf.gather(xs, idx), tf.gather(ys, idx)]
      try {
        await model.fit(ex, ey, { epochs: 1, batchSize, shuffle: false, verbose: 0 })
      } finally {
        tf.dispose([idx, ex, ey])
      }
    }
  } finally {
    tf.dispose([xs, ys])
  }
  return model
}
