import type { TrainClassifier } from './classifier.js'
import { resolveEngine } from './engine/choose.js'
import { fitDpEngine } from './engine/dp-sgd.js'
import { fitEngine } from './engine/train-engine.js'
import { resolveDp } from '../privacy/dp-options.js'
import { targetRows, validateFeatures, validateOptions, validateSpec } from './train-checks.js'

/**
 * {@link TrainClassifier}: trains a dense MLP (ReLU hidden layers, softmax output) with a seeded
 * loop, on the engine `options.engine` names (default `auto`, see `resolveEngine`):
 *
 * - `wasm` (the default here): fused forward/backward passes over one preallocated arena in a
 *   WebAssembly SIMD kernel (assembly/kernel.ts); `js`: the same engine in plain JavaScript.
 *   Neither loads TensorFlow.js.
 * - `tfjs`: the original loop on the active TensorFlow.js backend (train-tfjs.ts), loaded on demand.
 *
 * Semantics shared by every engine: every random choice comes from `createRng(options.seed)` — the
 * Glorot-uniform kernels (zero biases) and one permutation of the rows per epoch; the last
 * mini-batch of an epoch may be smaller. Loss: softmax cross-entropy `-Σ y·log p` averaged over the
 * mini-batch, plus `l2 · Σ‖W‖²` over kernels (Keras convention; biases are not penalised). Adam
 * uses β₁ 0.9, β₂ 0.999 and ε 1e-7 added to √v̂ (the Keras / TensorFlow.js form, not
 * scikit-learn's 1e-8: float32-safe); SGD is plain (no momentum).
 *
 * Labels: an `Int32Array` of class indices, or a {@link Matrix} with one row of `spec.classes`
 * probabilities per record (values in [0, 1]; a row that sums to s counts with weight s, so pass
 * normalised rows unless that is what you want).
 *
 * The same seed, data and engine (and, for `tfjs`, backend) give bit-identical predictions. The
 * engines agree with each other to within float32 rounding step by step, which compounds over
 * epochs: accuracies match within about a point, probabilities closely but not bit for bit
 * (test/unit/runtime/engine/engines-agree.test.ts states the tolerance). With `tfjs`, no tensors
 * outlive the call except the returned classifier's own, which `dispose()` frees.
 *
 * With `options.dp`, the wasm or js engine trains with DP-SGD (engine/dp-sgd.ts) and the classifier
 * carries `privacy`: σ, q, steps, δ and the accountant's ε; the tfjs engine refuses.
 *
 * This module never imports TensorFlow.js itself, so worker threads that train with the engine
 * start without it.
 *
 * @throws RangeError / TypeError naming `spec`, `x`, `y` or `options.*` on invalid input.
 * @example
 * const clf = await trainClassifier({ features: 64, hidden: [64], classes: 10 }, x, y,
 *   { epochs: 50, batchSize: 32, learningRate: 1e-3, seed: 0 })
 * const probs = await clf.predict(xTest)
 * clf.dispose()
 */
export const trainClassifier: TrainClassifier = async (spec, x, y, options) => {
  validateSpec(spec)
  validateFeatures(x, spec, 'x')
  const { targets, rowSums } = targetRows(y, x.rows, spec.classes)
  const opts = validateOptions(options)
  const engine = resolveEngine(opts.engine, spec, opts.batchSize, opts.dp !== undefined)
  if (opts.dp !== undefined) {
    // Refused before the noise is calibrated (dozens of accountant runs).
    if (engine === 'tfjs') {
      throw new RangeError(`options.dp: DP-SGD needs per-example gradients, which only the wasm and js engines compute; the engine resolved to "tfjs"${opts.engine === 'auto' ? ' (from PRIVACY_GATES_ENGINE)' : ''}: set options.engine to "wasm" or "js"`)
    }
    const plan = resolveDp(opts.dp, x.rows, opts.epochs, opts.batchSize)
    if (plan.warning !== undefined) process.emitWarning(plan.warning, 'PrivacyWarning')
    const clf = await fitDpEngine(engine, { ...spec, hidden: [...spec.hidden] }, x, targets, rowSums, opts, plan)
    return Object.assign(clf, { privacy: plan })
  }
  if (engine === 'tfjs') {
    const { fitTfjs } = await import('./train-tfjs.js')
    return fitTfjs({ ...spec, hidden: [...spec.hidden] }, x, targets, rowSums, opts)
  }
  return fitEngine(engine, { ...spec, hidden: [...spec.hidden] }, x, targets, rowSums, opts)
}
