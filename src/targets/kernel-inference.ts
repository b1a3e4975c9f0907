import type { Matrix } from '../data/matrix.js'
import { createDensePredictor } from '../runtime/engine/dense-predictor.js'
import { kernelFactory } from '../runtime/engine/train-engine.js'
import { wasmKernelAvailable } from '../runtime/engine/wasm-kernel.js'
import type { tf } from '../runtime/tf.js'
import { readDenseStack, sameWeights, weightSnapshot, type DenseStack } from '../runtime/tfjs-dense-stack.js'
import { DEFAULT_BATCH_SIZE } from './create-target.js'
import { createOrtDensePredictor, denseSessionThreads } from './onnx/dense-session.js'
import { loadOnnxRuntime, type OrtModule } from './onnx/runtime.js'

/** Largest absolute difference from tfjs's answer at which a faster path is trusted. */
export const KERNEL_TOLERANCE = 1e-5

/** The warning `fromTfModel` emits (once per target) when a faster path disagrees with tfjs or cannot be built. */
export const KERNEL_FALLBACK_WARNING = { type: 'PrivacyGatesWarning', code: 'PRIVACY_GATES_KERNEL_FALLBACK' } as const

/** What may answer for tfjs: onnxruntime (MLAS), or the training engine's forward kernel (`wasm` SIMD, else `js`). */
export type InferencePath = 'onnxruntime' | 'wasm' | 'js'

/** Which faster path to use: `onnxruntime` (it must load), `engine` (the training engine's kernel), `auto` (onnxruntime when it loads, else the engine). */
export type KernelChoice = 'auto' | 'onnxruntime' | 'engine'

/** Options of {@link kernelInference}. */
export interface KernelInferenceOptions {
  /** Default `auto`. */
  readonly choice?: KernelChoice
  /** Loads onnxruntime-node (default {@link loadOnnxRuntime}); tests pass one that fails. */
  readonly loadOrt?: () => Promise<OrtModule>
  /** Rows the adapter sends per call of rows `cols` wide (default 512): sizes the onnxruntime session's threads ({@link denseSessionThreads}). */
  readonly rowsPerCall?: (cols: number) => number
}

/**
 * Answers a tfjs model's queries through a faster path when the model is a chain of dense layers
 * (`readDenseStack`): the adapter asks {@link KernelInference.answer} first and, while it gives
 * `undefined`, answers with tfjs and hands the answer to {@link KernelInference.check}.
 */
export interface KernelInference {
  /** What answers the next batch: `tfjs` until a check passed (and after a mismatch or a weight change), else the faster path. */
  readonly answering: 'tfjs' | InferencePath
  /** Whether the next tfjs answer would be checked: no path is trusted yet, and none was given up for good. */
  readonly checking: boolean
  /** The faster path's answer to `rows` once it was checked against tfjs and the weights are unchanged; else `undefined`. */
  answer(rows: Matrix): Promise<Matrix | undefined>
  /** Compares tfjs's `reference` answer to `rows` with the faster path's; on agreement that path answers from now on. */
  check(rows: Matrix, reference: Matrix, range: string): Promise<void>
  /** Releases the onnxruntime session, if one was made; a later batch is answered by tfjs and checked again. */
  release(): void
}

/** A checked-or-not faster path over one copy of the weights. */
interface Candidate {
  readonly path: InferencePath
  predict(rows: Matrix): Matrix | Promise<Matrix>
  release(): void
}

/**
 * A {@link KernelInference} for `model`, or `undefined` when it is not a chain of dense layers
 * (it then always answers with tfjs). At the first check the path is chosen (`options.choice`:
 * with `auto`, onnxruntime when onnxruntime-node loads, else the engine's kernel; with
 * `onnxruntime`, a failure to load rejects with the install hint), the weights are copied into it
 * and its answer to that batch is compared with tfjs's (max absolute difference ≤
 * {@link KERNEL_TOLERANCE}); a model trained or given new weights afterwards is copied and checked
 * again on its next batch. When the answers differ, tfjs answers for good and a warning says so
 * once (`process.emitWarning`, {@link KERNEL_FALLBACK_WARNING}, printed on stderr); so does an
 * onnxruntime session that cannot be built under `auto`, and the engine's kernel answers instead.
 */
export function kernelInference(model: tf.LayersModel | tf.GraphModel, where: string, options: KernelInferenceOptions = {}): KernelInference | undefined {
  const first = readQuietly(model)
  if (typeof first === 'string') return undefined
  const layers = model as tf.LayersModel
  const choice = options.choice ?? 'auto'
  const engine = wasmKernelAvailable() ? 'wasm' : 'js'
  let ort: Promise<OrtModule | undefined> | undefined
  let current: Candidate | null = null
  // The weights read now serve the first check unless the model changed in between.
  let stack: DenseStack | null = first
  let snapshot: readonly unknown[] = weightSnapshot(layers)
  let off = false

  const warn = (message: string): void => process.emitWarning(`${where}: ${message}`, KERNEL_FALLBACK_WARNING)
  const build = async (s: DenseStack): Promise<Candidate> => {
    if (choice !== 'engine') {
      ort ??= (options.loadOrt ?? (() => loadOnnxRuntime()))().catch((err: unknown) => {
        if (choice === 'onnxruntime') throw err
        return undefined
      })
      const mod = await ort
      if (mod !== undefined) {
        try {
          const dense = await createOrtDensePredictor(mod, s, denseSessionThreads(s, options.rowsPerCall?.(s.layout.layers[0].fanIn) ?? DEFAULT_BATCH_SIZE))
          return { path: 'onnxruntime', predict: dense.predict, release: dense.release }
        } catch (err) {
          if (choice === 'onnxruntime') throw err
          warn(`onnxruntime could not build a session of the dense layers (${(err as Error)?.message ?? String(err)}); the engine's ${engine} kernel is checked instead`)
        }
      }
    }
    return { path: engine, predict: createDensePredictor(s.layout, s.weights, s, kernelFactory(engine)), release: () => undefined }
  }

  return {
    get answering() {
      return current === null || off ? 'tfjs' : current.path
    },
    get checking() {
      return current === null && !off
    },
    async answer(rows) {
      if (current === null || off) return undefined
      if (!sameWeights(snapshot, weightSnapshot(layers))) {
        current.release()
        current = null
        return undefined
      }
      return current.predict(rows)
    },
    async check(rows, reference, range) {
      if (current !== null || off) return
      if (stack === null || !sameWeights(snapshot, weightSnapshot(layers))) {
        const read = readQuietly(model)
        if (typeof read === 'string') { off = true; return }
        stack = read
        snapshot = weightSnapshot(layers)
      }
      const candidate = await build(stack)
      stack = null
      const mine = await candidate.predict(rows)
      let worst = mine.cols === reference.cols ? 0 : Infinity
      for (let i = 0; i < mine.data.length && worst <= KERNEL_TOLERANCE; i++) {
        // NaN never passes: an answer that is not a number is no match.
        const d = Math.abs(mine.data[i] - reference.data[i])
        worst = d <= worst ? worst : Number.isNaN(d) ? Infinity : d
      }
      if (worst <= KERNEL_TOLERANCE) {
        current = candidate
        return
      }
      candidate.release()
      off = true
      const who = candidate.path === 'onnxruntime' ? 'onnxruntime' : `the engine's ${candidate.path} kernel`
      warn(
        `${who} answered ${range} unlike tfjs (largest difference ${worst === Infinity ? 'in shape or NaN' : worst.toExponential(2)}, ` +
          `above ${KERNEL_TOLERANCE}); tfjs predict answers every query from now on. A custom layer under a built-in name does this; pass kernel: false to skip the check`,
      )
    },
    release() {
      // A target used again after dispose() answers with tfjs and checks a fresh session.
      current?.release()
      current = null
    },
  }
}

/** {@link readDenseStack}, with a model-like object that is not a real tfjs model (it throws) counted as not qualifying. */
function readQuietly(model: tf.LayersModel | tf.GraphModel): ReturnType<typeof readDenseStack> {
  try {
    return readDenseStack(model)
  } catch (error) {
    return `the model could not be read as layers (${error instanceof Error ? error.message : String(error)})`
  }
}
