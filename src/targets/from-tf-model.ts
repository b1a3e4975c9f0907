import { describeValue } from '../data/describe.js'
import { initBackend } from '../runtime/backend.js'
import { tf } from '../runtime/tf.js'
import { sliceRows, type Matrix } from '../data/matrix.js'
import { createTarget, DEFAULT_BATCH_SIZE } from './create-target.js'
import type { AdapterOptions } from './from-function.js'
import { feedBatch, known, planInput, planNamedInputs, type InputFeed, type ShapeOptions } from './input-shape.js'
import { kernelInference, type InferencePath } from './kernel-inference.js'
import { TargetAnswerError, type Target, type TfModelLike } from './target.js'

/** Rows of a call that tfjs answers to check a faster path (the rest of the call goes to that path). */
const CHECK_ROWS = DEFAULT_BATCH_SIZE

/**
 * Adapts a tfjs `LayersModel` or `GraphModel` into a {@link Target}.
 * Each flat row is reshaped to the model's declared input (`[null, 28, 28, 1]` directly; a
 * channels-first input is fed transposed records; `recordShape` and `layout` as in
 * docs/targets.md), and a model with several inputs is fed through `inputs` (int64 inputs are sent
 * as int32, tfjs's integer type). The feature count comes from the declared input and the class
 * count from the first output's last dimension when the model declares them. Each batch is predicted inside `tf.tidy`
 * and read back with `dataSync()`; every tensor created is disposed, so `tf.memory().numTensors` is
 * unchanged after any number of queries. A model with several outputs (an array or a named map of
 * tensors) is read through its first output.
 *
 * Whether the output is probabilities or logits is taken from `options.outputMode` only (default
 * `probabilities`); it is never guessed. Logits are refused by the probability check with a hint.
 *
 * A `LayersModel` made only of dense layers (relu / linear / softmax, see `readDenseStack`) is
 * answered through a faster path once its answer to the first batch matches tfjs's within 1e-5:
 * onnxruntime when onnxruntime-node is installed, else the training engine's forward kernel
 * (`options.kernel`; a mismatch warns once and keeps tfjs, see `kernelInference`). The target's
 * `inference` says which answers; `kernel: false` always uses tfjs.
 *
 * @example
 * const model = await tf.loadLayersModel('file://model/model.json')
 * const target = fromTfModel(model)                          // softmax output
 * const raw = fromTfModel(model, { outputMode: 'logits' })   // linear output
 */
export function fromTfModel(model: TfModelLike, options: TfModelOptions = {}): TfModelTarget {
  if (model === null || typeof model !== 'object' || typeof (model as TfModelLike).predict !== 'function') {
    throw new TypeError(`fromTfModel: model: expected a tfjs LayersModel or GraphModel (an object with predict()), found ${describeValue(model)}`)
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`fromTfModel: options: expected an object, found ${options === null ? 'null' : typeof options}`)
  }
  const kind = 'layers' in model ? 'LayersModel' : 'GraphModel'
  const modelName = (model as { name?: unknown }).name
  const name = options.name ?? `tfjs ${kind}${typeof modelName === 'string' && modelName !== '' ? ` ${modelName}` : ''}`
  const where = `target "${name}"`
  if (options.kernel !== undefined && typeof options.kernel !== 'boolean' && options.kernel !== 'onnxruntime' && options.kernel !== 'engine') {
    throw new TypeError(`${where}: options.kernel: expected true, false, "onnxruntime" or "engine", found ${describeValue(options.kernel)}`)
  }

  const inputs = (model as { inputs?: unknown }).inputs
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new TypeError(`${where}: model.inputs: expected a non-empty array of input descriptions, found ${describeValue(inputs)}`)
  }
  const nameOf = (info: unknown, i: number) => {
    const n = info !== null && typeof info === 'object' ? (info as { name?: unknown }).name : undefined
    // LayersModel names carry no suffix; GraphModel ones may end in ":0".
    return typeof n === 'string' && n !== '' ? n.replace(/:0$/, '') : `input ${i}`
  }
  let feeds: InputFeed[]
  if (options.inputs !== undefined) {
    const declared = new Map(inputs.map((info, i) => [nameOf(info, i), { dims: shapeOf(info), type: undefined }]))
    // tfjs has no int64 tensors: an int64 input is fed as int32, exact for ids below 2^24 anyway.
    const named = planNamedInputs({ inputs: options.inputs, declared, where })
    const order = [...declared.keys()]
    feeds = named.map((f) => (f.dtype === 'int64' ? { ...f, dtype: 'int32' as const } : f)).sort((a, b) => order.indexOf(a.name as string) - order.indexOf(b.name as string))
  } else {
    if (inputs.length > 1) {
      throw new RangeError(`${where}: the model has ${inputs.length} inputs (${inputs.map(nameOf).join(', ')}); map each to record columns with options.inputs`)
    }
    feeds = [planInput({ declared: shapeOf(inputs[0]), recordShape: options.recordShape, layout: options.layout, where, input: nameOf(inputs[0], 0) })]
  }
  let features = options.inputs !== undefined ? undefined : feeds[0].width
  if (options.features !== undefined && features !== undefined && options.features !== features) {
    throw new RangeError(`${where}: options.features is ${options.features}, but the model's input takes ${features} values per record`)
  }
  features = features ?? options.features

  const outputs = (model as { outputs?: unknown }).outputs
  const outShape = Array.isArray(outputs) && outputs.length > 0 ? shapeOf(outputs[0]) : undefined
  let classes = outShape !== undefined && outShape.length === 2 ? known(outShape[1]) : undefined
  if (options.classes !== undefined && classes !== undefined && options.classes !== classes) {
    throw new RangeError(`${where}: options.classes is ${options.classes}, but the model's first output has ${classes} units`)
  }
  classes = classes ?? options.classes
  const firstOutputName =
    Array.isArray(outputs) && outputs.length > 0 && typeof (outputs[0] as { name?: unknown }).name === 'string'
      ? ((outputs[0] as { name: string }).name)
      : undefined

  // The kernel takes rows as they are: only for a flat input fed whole.
  const flat = options.inputs === undefined && options.recordShape === undefined
  const choice = options.kernel === undefined || options.kernel === true ? 'auto' : options.kernel
  // The session is built at the first check, after the target below exists: its own batching rule sizes the threads.
  const rowsPerCall = (cols: number): number => target.rowsPerCall!(cols)
  const kernel = choice === false || !flat ? undefined : kernelInference(model as tf.LayersModel | tf.GraphModel, where, { choice, rowsPerCall })
  /** tfjs's answer to `rows` (the query's rows from `start` on); with `check`, it also checks the faster path. */
  const tfjsAnswer = async (rows: Matrix, start: number, check: boolean): Promise<Matrix> => {
    const range = `rows ${start}..${start + rows.rows - 1}`
    const y = tf.tidy(() => {
      // Views where no reshaping is needed: tfjs only reads them, and the tensors die with this tidy.
      const xs = feedBatch(rows, feeds, start, where).map((t) => tf.tensor(t.data as Float32Array | Int32Array, [...t.dims], t.dtype as 'float32' | 'int32'))
      const out = firstOutput(model.predict(xs.length === 1 ? xs[0] : xs, { batchSize: rows.rows }), firstOutputName, where, range)
      if (out.rank === 1) return tf.reshape(tf.cast(out, 'float32'), [out.shape[0], 1])
      if (out.rank !== 2) {
        throw new TargetAnswerError(`${where}: answer to ${range}: expected an output of shape [rows, classes], found [${out.shape.join(', ')}]`)
      }
      return out.dtype === 'float32' ? out : tf.cast(out, 'float32')
    }) as tf.Tensor2D
    try {
      // dataSync: the Node backends (tensorflow, wasm, cpu) read synchronously anyway, and data()'s
      // promise chain costs every batch. It returns a new array on wasm; on cpu, possibly the
      // tensor's own (see freshAnswers below). Copy only when tfjs hands back another type.
      const data = y.dataSync()
      const answer = { data: data instanceof Float32Array ? data : new Float32Array(data), rows: y.shape[0], cols: y.shape[1] }
      if (check) await kernel?.check(rows, answer, range)
      return answer
    } finally {
      y.dispose()
    }
  }
  const predict = async (rows: Matrix, batch: { start: number }): Promise<Matrix> => {
    // Here rather than in the attacks: a run whose target is not a tfjs model never loads tfjs.
    await initBackend()
    const fast = await kernel?.answer(rows)
    if (fast !== undefined) return fast
    // Once the path was given up (or when there is none), tfjs answers whole calls, unchecked.
    if (kernel === undefined || !kernel.checking) return tfjsAnswer(rows, batch.start, false)
    if (rows.rows <= CHECK_ROWS) return tfjsAnswer(rows, batch.start, true)
    // tfjs answers the call's first CHECK_ROWS rows, which check the faster path; the others go to
    // that path once it agreed (to tfjs when it did not), so calls keep the size the rule gives them.
    const head = await tfjsAnswer(sliceRows(rows, 0, CHECK_ROWS), batch.start, true)
    const tail = sliceRows(rows, CHECK_ROWS, rows.rows)
    const rest = (await kernel.answer(tail)) ?? (await tfjsAnswer(tail, batch.start + CHECK_ROWS, false))
    if (rest.cols !== head.cols) return rest // a shape error for createTarget to report, as tfjs gave it
    const data = new Float32Array(rows.rows * head.cols)
    data.set(head.data)
    data.set(rest.data, head.data.length)
    return { data, rows: rows.rows, cols: head.cols }
  }
  const { kernel: _kernel, ...adapter } = options
  const target = createTarget(predict, {
    ...adapter,
    name,
    features,
    classes,
    // In-process: batches sized by bytes unless the user says otherwise (docs/targets.md#batch-sizes).
    batchSize: adapter.batchSize ?? 'auto',
    // The cpu backend's data() may be a live tensor's own storage: a softmax must not write into it.
    freshAnswers: adapter.outputMode !== 'logits',
    dispose: kernel?.release,
  })
  Object.defineProperty(target, 'inference', { get: () => kernel?.answering ?? 'tfjs', enumerable: true })
  // Without a faster path every answer is tfjs's. One that was trusted is released, and the check
  // starts over exactly as in a new target (tfjs answers the next batch and checks a new session).
  // One given up after a mismatch (or never checked) stays as it is, which a new target would not.
  ;(target as TfModelTarget).restart = () => {
    if (kernel === undefined) return true
    if (kernel.answering === 'tfjs') return false
    kernel.release()
    return true
  }
  return target as TfModelTarget
}

/** A {@link Target} over a tfjs model: also says what answers its queries. */
export interface TfModelTarget extends Target {
  /** What answers the next batch: `tfjs` (predict), or the faster path checked against it (`onnxruntime`, or the engine's `wasm` / `js` kernel). */
  readonly inference: 'tfjs' | InferencePath
  /**
   * Whether the target can answer as a new one would: `true` with no faster path (tfjs answers
   * everything) or with a trusted one, which is then released so that the next batch checks a new
   * one; `false` when the path was given up after a mismatch or not checked yet.
   */
  restart(): boolean
}

/** Options of {@link fromTfModel}: those of every adapter, and whether the engine's kernel may answer. */
export interface TfModelOptions extends AdapterOptions, ShapeOptions {
  /**
   * A faster path for a model that is a chain of dense layers, used once it matches tfjs on the
   * first batch: `true` (default) onnxruntime when onnxruntime-node loads, else the training
   * engine's kernel; `'onnxruntime'` that one only (a query rejects when it cannot load);
   * `'engine'` the engine's kernel (WebAssembly SIMD); `false` always tfjs.
   */
  kernel?: boolean | 'onnxruntime' | 'engine'
}

/** The tensor to read from what `predict` returned: itself, the first of an array, or the first output of a map. */
function firstOutput(out: unknown, firstName: string | undefined, where: string, range: string): tf.Tensor {
  let t: unknown = out
  if (Array.isArray(out)) {
    if (out.length === 0) throw new TargetAnswerError(`${where}: answer to ${range}: model.predict returned an empty array of outputs`)
    t = out[0]
  } else if (out !== null && typeof out === 'object' && !isTensor(out)) {
    const map = out as Record<string, unknown>
    const keys = Object.keys(map)
    if (keys.length === 0) throw new TargetAnswerError(`${where}: answer to ${range}: model.predict returned an empty map of outputs`)
    t = firstName !== undefined && firstName in map ? map[firstName] : map[keys[0]]
  }
  if (!isTensor(t)) {
    throw new TargetAnswerError(`${where}: answer to ${range}: expected model.predict to return a tensor, found ${describeValue(t)}`)
  }
  return t
}

function isTensor(v: unknown): v is tf.Tensor {
  return (
    v instanceof tf.Tensor ||
    (v !== null && typeof v === 'object' && Array.isArray((v as tf.Tensor).shape) && typeof (v as tf.Tensor).dataSync === 'function' && typeof (v as tf.Tensor).dispose === 'function')
  )
}

function shapeOf(info: unknown): ReadonlyArray<number | null> | undefined {
  const shape = info !== null && typeof info === 'object' ? (info as { shape?: unknown }).shape : undefined
  return Array.isArray(shape) ? (shape as Array<number | null>) : undefined
}
