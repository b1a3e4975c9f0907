import type { Matrix } from '../data/matrix.js'
import type { DpOptions, DpPlan } from '../privacy/dp-options.js'

/**
 * The architecture of a dense classifier the package trains for itself (surrogates, the lab's
 * target, later shadow and reference models): `features → hidden… → classes`, ReLU between layers,
 * softmax output.
 *
 * @example
 * const spec: ClassifierSpec = { features: 64, hidden: [64], classes: 10 }
 */
export interface ClassifierSpec {
  features: number
  hidden: number[]
  classes: number
}

/** The training engines `trainClassifier` can run. */
export type EngineName = 'wasm' | 'js' | 'tfjs'

/** An engine, or `auto` to let the package choose (see {@link TrainOptions.engine}). */
export type EngineOption = EngineName | 'auto'

/** How to train a {@link ClassifierSpec}. Everything random derives from `seed`. */
export interface TrainOptions {
  epochs: number
  batchSize: number
  learningRate: number
  /** Default `adam`. */
  optimizer?: 'adam' | 'sgd'
  /** L2 penalty on weights (kernel regulariser), default 0. */
  l2?: number
  seed: number
  /**
   * Which engine trains (see `resolveEngine` in runtime/engine/choose.ts): `auto` (the default:
   * `PRIVACY_GATES_ENGINE` when set, else the WebAssembly SIMD engine), `wasm`, `js` (the same
   * engine in plain JavaScript) or `tfjs` (the TensorFlow.js loop on the active tfjs backend).
   */
  engine?: EngineOption
  /** Called after each epoch (for progress lines). */
  onEpoch?: (epoch: number, loss: number) => void
  /**
   * Train with DP-SGD (wasm and js engines only): per-example clipping, Gaussian noise, Poisson
   * batches; `batchSize` then only sets the default sampling rate. See {@link DpOptions}.
   */
  dp?: DpOptions
}

/**
 * Labels to train on: hard class indices, or one soft target row per record (a probability
 * distribution the surrogate should imitate).
 */
export type TrainLabels = Int32Array | Matrix

/** A trained model owned by the package. */
export interface Classifier {
  readonly spec: ClassifierSpec
  /** Class probabilities, one row per input row. */
  predict(x: Matrix): Promise<Matrix>
  /** Frees the model's memory (tensors). Safe to call twice. */
  dispose(): void
  /** For a DP-SGD run: its resolved settings and the accountant's ε at δ. */
  readonly privacy?: DpPlan
}

/** The training engine's contract (docs/architecture.md#the-training-engine): one place to make training faster or different. */
export type TrainClassifier = (
  spec: ClassifierSpec,
  x: Matrix,
  y: TrainLabels,
  options: TrainOptions,
) => Promise<Classifier>
