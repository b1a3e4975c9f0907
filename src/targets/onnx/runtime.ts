/**
 * The part of `onnxruntime-node` the ONNX target uses, typed here so that the package's types do
 * not depend on an optional peer dependency that may be absent.
 */
export interface OrtTensor {
  readonly data: unknown
  readonly dims: readonly number[]
  readonly type: string
}

/** An `InferenceSession` of onnxruntime, as far as the target uses it. */
export interface OrtSession {
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  /** onnxruntime ≥ 1.21; shapes hold numbers or symbolic names (`"batch"`). */
  readonly inputMetadata?: ReadonlyArray<{ name: string; isTensor?: boolean; type?: string; shape?: ReadonlyArray<number | string> }>
  readonly outputMetadata?: ReadonlyArray<{ name: string; isTensor?: boolean; type?: string; shape?: ReadonlyArray<number | string> }>
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>
  release?(): Promise<void>
}

/** The `onnxruntime-node` module, as far as the target uses it. */
export interface OrtModule {
  /** A session from a model file's path or from the model's bytes. */
  InferenceSession: { create(model: string | Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> }
  Tensor: new (type: 'float32' | 'int32' | 'int64', data: Float32Array | Int32Array | BigInt64Array, dims: readonly number[]) => OrtTensor
}

/** What to do when onnxruntime-node is missing; every message about it ends with this. */
export const INSTALL_HINT =
  'install onnxruntime-node (npm install -D onnxruntime-node); on machines that cannot reach its GPU download, ' +
  'add `onnxruntime-node-install=skip` to the project\'s .npmrc (or set ONNXRUNTIME_NODE_INSTALL=skip): the CPU runtime ships in the package'

/**
 * Imports `onnxruntime-node` (an optional peer dependency) on first use. When it is not installed,
 * or its native binding cannot load, the error says so and how to install it.
 *
 * @example
 * const ort = await loadOnnxRuntime()
 * const session = await ort.InferenceSession.create('model.onnx')
 */
export async function loadOnnxRuntime(importer: () => Promise<unknown> = () => import('onnxruntime-node')): Promise<OrtModule> {
  let mod: unknown
  try {
    mod = await importer()
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code
    const why = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'it is not installed' : `it failed to load (${(err as Error)?.message ?? String(err)})`
    throw new Error(`ONNX targets need the optional peer dependency onnxruntime-node, but ${why}: ${INSTALL_HINT}`, { cause: err })
  }
  // CommonJS seen from ESM: the named exports may sit on `default`.
  const m = (mod as { default?: unknown }).default !== undefined && (mod as { InferenceSession?: unknown }).InferenceSession === undefined ? (mod as { default: unknown }).default : mod
  if (typeof (m as OrtModule)?.InferenceSession?.create !== 'function' || typeof (m as OrtModule)?.Tensor !== 'function') {
    throw new Error(`onnxruntime-node loaded but has no InferenceSession.create or Tensor: expected onnxruntime-node ≥ 1.17; ${INSTALL_HINT}`)
  }
  return m as OrtModule
}
