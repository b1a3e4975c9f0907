import { createRequire } from 'node:module'
import type * as TF from '@tensorflow/tfjs'

/**
 * The one place the package imports TensorFlow.js from.
 *
 * Why a re-export instead of importing `@tensorflow/tfjs` everywhere: every module must share the
 * same engine (backends, kernel registry, tensor bookkeeping), and pointing all imports here makes
 * it a one-line change if the package ever moves to `@tensorflow/tfjs-core` + `tfjs-layers` or to
 * a different entry point. Call `initBackend()` (from `./backend.js`) before running any op, so
 * that tfjs does not silently pick its slow default backend.
 *
 * Why `require` rather than `import`: `@tensorflow/tfjs` is CommonJS, and importing it from ESM
 * makes Node scan all of its re-exported bundles for export names (cjs-module-lexer), which took
 * longer than loading them (about 0.8 s of a 1.3 s import on the development container); `require`
 * gives the same module object (Node's one CommonJS cache, shared with any ESM importer of tfjs).
 *
 * Why loaded on first use: loading tfjs takes about a second, and many runs never call it (an ONNX
 * or HTTP target whose reference models all come from the cache, `compare`, `history`, `help`).
 * `tf` is a proxy that requires the package the first time one of its members is read; after
 * that it answers from the module object itself.
 *
 * @example
 * import { tf } from './tf.js'
 * const t = tf.tensor2d([[1, 2]])
 */
export const tf: typeof TF = lazyModule(() => createRequire(import.meta.url)('@tensorflow/tfjs') as typeof TF)

/** An object that stands for the module `load` returns, loading it when one of its members is first read. */
function lazyModule<T extends object>(load: () => T): T {
  let real: T | undefined
  const get = () => (real ??= load())
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(get(), key),
    has: (_, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), key)
      // A proxy may only report a property as its own if it is configurable on its (empty) target.
      return d === undefined ? undefined : { ...d, configurable: true }
    },
  })
}

/**
 * The tfjs types the package names as `tf.X` (a `const` cannot carry types, so they are listed
 * here; add one when you need it).
 */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace tf {
  export type Tensor<R extends TF.Rank = TF.Rank> = TF.Tensor<R>
  export type Tensor1D = TF.Tensor1D
  export type Tensor2D = TF.Tensor2D
  export type Scalar = TF.Scalar
  export type Variable<R extends TF.Rank = TF.Rank> = TF.Variable<R>
  export type LayersModel = TF.LayersModel
  export type Sequential = TF.Sequential
  export type GraphModel = TF.GraphModel
  export type SymbolicTensor = TF.SymbolicTensor
  export type NamedTensorMap = TF.NamedTensorMap
  export namespace Rank {
    export type R1 = TF.Rank.R1
    export type R2 = TF.Rank.R2
  }
  export type Rank = TF.Rank
  export namespace io {
    export type IOHandler = TF.io.IOHandler
    export type ModelJSON = TF.io.ModelJSON
    export type ModelArtifacts = TF.io.ModelArtifacts
    export type WeightsManifestConfig = TF.io.WeightsManifestConfig
    export type WeightsManifestEntry = TF.io.WeightsManifestEntry
  }
}
