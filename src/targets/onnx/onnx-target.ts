import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Matrix } from '../../data/matrix.js'
import { createTarget } from '../create-target.js'
import type { AdapterOptions } from '../from-function.js'
import { TargetAnswerError, type Target } from '../target.js'
import { loadOnnxRuntime, type OrtModule } from './runtime.js'

/** Options of {@link onnxTarget}: those of the other adapters, plus which tensors to use. */
export interface OnnxTargetOptions extends AdapterOptions {
  /** Input to feed the rows to. Default: the model's only (or first) input. */
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
 * The model must take one float32 input of shape `[batch, features]` and return
 * `[batch, classes]` probabilities (default), logits (`outputMode: 'logits'`) or one class index
 * per row (`outputMode: 'label'`, with `classes`). Features and classes are read from the model's
 * declared shapes when they are fixed numbers. `dispose()` releases the session.
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
  const kind = await stat(file).then(
    (s) => (s.isFile() ? 'file' : 'directory'),
    () => 'missing',
  )
  if (kind !== 'file') throw new Error(`onnxTarget: ${file}: ${kind === 'missing' ? 'file not found' : 'expected an .onnx file, found a directory'}`)
  const ort = await (options.runtime ?? loadOnnxRuntime)()
  let session: Awaited<ReturnType<OrtModule['InferenceSession']['create']>>
  try {
    session = await ort.InferenceSession.create(file, options.sessionOptions)
  } catch (err) {
    throw new Error(`onnxTarget: ${file}: onnxruntime cannot load the model: ${(err as Error)?.message ?? String(err)}`, { cause: err })
  }
  const name = options.name ?? `onnx ${file.split(/[\\/]/).pop()}`
  const where = `target "${name}"`
  const inputName = pick(options.inputName, session.inputNames, 'input', where, file)
  const outputName = pick(options.outputName, session.outputNames, 'output', where, file)
  const inShape = session.inputMetadata?.find((m) => m.name === inputName)?.shape
  const outShape = session.outputMetadata?.find((m) => m.name === outputName)?.shape
  if (inShape !== undefined && inShape.length !== 0 && inShape.length !== 2) {
    throw new RangeError(`${where}: ${file}: input "${inputName}" has shape [${inShape.join(', ')}]; expected [batch, features]`)
  }
  const declared = (d: number | string | undefined) => (typeof d === 'number' && d > 0 ? d : undefined)
  const features = agree(options.features, declared(inShape?.[1]), 'features', `input "${inputName}"`, where)
  const classes = options.outputMode === 'label' ? options.classes : agree(options.classes, declared(outShape?.[1]), 'classes', `output "${outputName}"`, where)
  let released = false

  const predict = async (rows: Matrix, batch: { start: number }): Promise<Matrix> => {
    if (released) throw new TargetAnswerError(`${where}: the session was released by dispose(); create a new target`)
    // onnxruntime copies the input; a view of the caller's rows is enough.
    const x = new ort.Tensor('float32', rows.data, [rows.rows, rows.cols])
    const out = (await session.run({ [inputName]: x }))[outputName]
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
    batchSize: options.batchSize,
    tolerance: options.tolerance,
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
      throw new RangeError(`${where}: ${file}: the model has ${names.length} inputs (${names.join(', ')}); expected one input of shape [batch, features], or pass inputName`)
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
