import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { unreadableFileMessage } from '../../data/data-error.js'
import type { Matrix } from '../../data/matrix.js'
import { InputError } from '../../errors.js'
import { createTarget } from '../create-target.js'
import type { AdapterOptions } from '../from-function.js'
import { feedBatch, planInput, planNamedInputs, type ShapeOptions } from '../input-shape.js'
import { TargetAnswerError, type Target } from '../target.js'
import { loadOnnxRuntime, type OrtModule } from './runtime.js'

/**
 * Options of {@link onnxTarget}: those of the other adapters, which tensors to use, and how records
 * become the model's input(s) (`recordShape`, `layout`, `inputs`: see {@link ShapeOptions}).
 */
export interface OnnxTargetOptions extends AdapterOptions, ShapeOptions {
  /** Input to feed the rows to. Default: the model's only input. Not with `inputs`. */
  inputName?: string
  /** Output to read. Default: the model's first output. */
  outputName?: string
  /** Session options handed to `InferenceSession.create` (threads, optimisation level …). */
  sessionOptions?: Record<string, unknown>
  /** Loads onnxruntime-node; tests replace it. Default: a dynamic import. */
  runtime?: () => Promise<OrtModule>
}

/**
 * A {@link Target} on an ONNX model file (exported from PyTorch, scikit-learn via skl2onnx, Keras
 * via tf2onnx …), run by `onnxruntime-node` on the CPU. onnxruntime-node is an optional peer
 * dependency loaded on first use; when it is missing the error says how to install it.
 *
 * By default the model takes one float32 input: `[batch, features]` gets the flat rows, an image
 * input (`[N, 28, 28, 1]` or PyTorch's `[N, 1, 28, 28]`) gets each row reshaped, and transposed
 * from channels last to channels first for NCHW (`recordShape`, `layout`: docs/targets.md). A model
 * with several or integer inputs (`input_ids`, `attention_mask` as int64) is fed through `inputs`,
 * which maps each input to record columns. It returns `[batch, classes]` probabilities (default),
 * logits (`outputMode: 'logits'`) or one class index per row (`outputMode: 'label'`, with
 * `classes`). Features and classes are read from the model's declared shapes when they are fixed
 * numbers. `dispose()` releases the session.
 *
 * @example
 * const target = await onnxTarget('models/digits.onnx')
 * await expect(target).toHaveMembershipAucBelow(0.6, { members, nonMembers })
 * target.dispose?.()
 */
export async function onnxTarget(path: string, options: OnnxTargetOptions = {}): Promise<Target> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`onnxTarget: path: expected the path of an .onnx file, found ${path === '' ? 'an empty string' : typeof path}`)
  }
  const file = resolve(path)
  // Worded as a data file that cannot be opened; a missing model is the user's input (exit code 2).
  const problem = await stat(file).then(
    (s): { code?: string; message?: string } | undefined => (s.isFile() ? undefined : s.isDirectory() ? { code: 'EISDIR' } : { message: 'not a regular file' }),
    (e: NodeJS.ErrnoException) => e,
  )
  if (problem !== undefined) {
    const message = unreadableFileMessage(file, problem, { where: 'onnxTarget', expected: 'an .onnx file' })
    throw new InputError(message, problem instanceof Error ? { cause: problem } : undefined)
  }
  const ort = await (options.runtime ?? loadOnnxRuntime)()
  let session: Awaited<ReturnType<OrtModule['InferenceSession']['create']>>
  try {
    session = await ort.InferenceSession.create(file, options.sessionOptions)
  } catch (err) {
    throw new Error(`onnxTarget: ${file}: onnxruntime cannot load the model: ${(err as Error)?.message ?? String(err)}`, { cause: err })
  }
  const name = options.name ?? `onnx ${file.split(/[\\/]/).pop()}`
  const where = `target "${name}"`
  const meta = new Map((session.inputMetadata ?? []).map((m) => [m.name, { dims: m.shape, type: m.type }]))
  let feeds
  if (options.inputs !== undefined) {
    if (options.inputName !== undefined) throw new TypeError(`${where}: options.inputName and options.inputs: give one (inputs names every input)`)
    feeds = planNamedInputs({ inputs: options.inputs, declared: new Map(session.inputNames.map((n) => [n, meta.get(n) ?? { dims: undefined }])), where })
  } else {
    const inputName = pick(options.inputName, session.inputNames, 'input', where, file)
    const m = meta.get(inputName)
    if (m?.type !== undefined && m.type !== 'float32' && m.type !== 'float') {
      throw new RangeError(`${where}: ${file}: input "${inputName}" is ${m.type}; map it to record columns with options.inputs ({ "${inputName}": { columns, dtype } })`)
    }
    feeds = [{ ...planInput({ declared: m?.dims, recordShape: options.recordShape, layout: options.layout, where, input: inputName }), name: inputName }]
  }
  const outputName = pick(options.outputName, session.outputNames, 'output', where, file)
  const outShape = session.outputMetadata?.find((m) => m.name === outputName)?.shape
  const declared = (d: number | string | undefined) => (typeof d === 'number' && d > 0 ? d : undefined)
  // Named inputs read some columns of a row, which may hold more (an id column): only `features`, when given, fixes the width.
  const features = options.inputs !== undefined ? options.features : agree(options.features, feeds[0].width, 'features', `input "${feeds[0].name}"`, where)
  const classes = options.outputMode === 'label' ? options.classes : agree(options.classes, declared(outShape?.[1]), 'classes', `output "${outputName}"`, where)
  let released = false

  const predict = async (rows: Matrix, batch: { start: number }): Promise<Matrix> => {
    if (released) throw new TargetAnswerError(`${where}: the session was released by dispose(); create a new target`)
    // onnxruntime copies the input; a view of the caller's rows is enough where no reshaping is needed.
    const tensors = feedBatch(rows, feeds, batch.start, where)
    const out = (await session.run(Object.fromEntries(tensors.map((t) => [t.name as string, new ort.Tensor(t.dtype, t.data, t.dims)]))))[outputName]
    const range = `rows ${batch.start}..${batch.start + rows.rows - 1}`
    if (out === undefined) throw new TargetAnswerError(`${where}: answer to ${range}: the session returned no output "${outputName}"`)
    const dims = out.dims
    if (dims.length !== 2 && dims.length !== 1) {
      throw new TargetAnswerError(`${where}: answer to ${range}: output "${outputName}" has shape [${dims.join(', ')}]; expected [rows, classes]`)
    }
    if (!(out.data instanceof Float32Array) && !ArrayBuffer.isView(out.data)) {
      throw new TargetAnswerError(`${where}: answer to ${range}: output "${outputName}" holds ${out.type} values; expected numbers`)
    }
    const data = out.data instanceof Float32Array ? out.data : Float32Array.from(out.data as unknown as ArrayLike<number>, Number)
    return { data, rows: dims[0], cols: dims.length === 2 ? dims[1] : 1 }
  }
  return createTarget(predict, {
    name,
    features,
    classes,
    outputMode: options.outputMode,
    // In-process: batches sized by bytes unless the user says otherwise (docs/targets.md#batch-sizes).
    batchSize: options.batchSize ?? 'auto',
    tolerance: options.tolerance,
    // onnxruntime allocates each output anew.
    freshAnswers: true,
    dispose: () => {
      released = true
      void session.release?.()
    },
  })
}

function pick(wanted: string | undefined, names: readonly string[], what: 'input' | 'output', where: string, file: string): string {
  if (names.length === 0) throw new RangeError(`${where}: ${file}: the model declares no ${what}s`)
  if (wanted === undefined) {
    if (what === 'input' && names.length > 1) {
      throw new RangeError(`${where}: ${file}: the model has ${names.length} inputs (${names.join(', ')}); map each to record columns with options.inputs, or pass inputName`)
    }
    return names[0]
  }
  if (!names.includes(wanted)) throw new RangeError(`${where}: options.${what}Name: no ${what} named "${wanted}" in ${file}; it has ${names.map((n) => `"${n}"`).join(', ')}`)
  return wanted
}

function agree(given: number | undefined, declared: number | undefined, key: string, of: string, where: string): number | undefined {
  if (given !== undefined && declared !== undefined && given !== declared) {
    throw new RangeError(`${where}: options.${key} is ${given}, but the model's ${of} declares ${declared}`)
  }
  return given ?? declared
}
