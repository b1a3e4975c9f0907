/**
 * The one place the package imports TensorFlow.js from.
 *
 * Why a re-export instead of importing `@tensorflow/tfjs` everywhere: every module must share the
 * same engine (backends, kernel registry, tensor bookkeeping), and pointing all imports here makes
 * it a one-line change if the package ever moves to `@tensorflow/tfjs-core` + `tfjs-layers` or to
 * a different entry point. Call `initBackend()` (from `./backend.js`) before running any op, so
 * that tfjs does not silently pick its slow default backend.
 *
 * @example
 * import { tf } from './tf.js'
 * const t = tf.tensor2d([[1, 2]])
 */
export * as tf from '@tensorflow/tfjs'
