import { createRequire } from 'node:module'
import type { ClassifierSpec, EngineName, EngineOption } from '../classifier.js'
import { wasmKernelAvailable } from './wasm-kernel.js'

/** Environment variable that chooses the training engine when `options.engine` is `auto` (or absent). */
export const ENGINE_ENV = 'PRIVACY_GATES_ENGINE'

const NAMES: readonly EngineName[] = ['wasm', 'js', 'tfjs']

/**
 * Per-step work (mini-batch rows × parameters) from which `auto` prefers tfjs *when tfjs-node is
 * installed*: native TensorFlow runs large matrix products on several threads, while the engine
 * runs one thread. Below it (every network the attacks train by default), per-op overhead makes
 * tfjs-node slower. An estimate: tfjs-node cannot be installed on the machine the engine was
 * measured on, so set `engine` or PRIVACY_GATES_ENGINE explicitly where it matters.
 */
export const TFJS_NODE_MIN_WORK = 2 ** 27

/**
 * The engine a training run uses. An explicit `wasm`, `js` or `tfjs` wins; `auto` (the default)
 * reads `PRIVACY_GATES_ENGINE` (`wasm` | `js` | `tfjs`), else picks tfjs for very large networks
 * when `@tensorflow/tfjs-node` is installed ({@link TFJS_NODE_MIN_WORK}) and the run is not DP-SGD
 * (`dp`: per-example gradients are the package's engines' own), else `wasm` when this runtime has
 * WebAssembly SIMD, else `js`.
 *
 * @throws Error when PRIVACY_GATES_ENGINE holds anything else, or `wasm` is asked for where it
 *   cannot run.
 * @example
 * resolveEngine('auto', spec, 32)   // 'wasm' on Node 20
 */
export function resolveEngine(option: EngineOption, spec: ClassifierSpec, batchSize: number, dp = false): EngineName {
  let chosen: EngineOption = option
  if (chosen === 'auto') {
    const env = process.env[ENGINE_ENV]
    if (env !== undefined && env !== '') {
      if (!(NAMES as readonly string[]).includes(env)) throw new Error(`${ENGINE_ENV}: expected one of ${NAMES.join(', ')}, found "${env}"`)
      chosen = env as EngineName
    }
  }
  if (chosen === 'auto') {
    // DP-SGD needs per-example gradients, which only the package's own engines compute.
    if (!dp && tfjsNodeInstalled() && work(spec, batchSize) >= TFJS_NODE_MIN_WORK) return 'tfjs'
    return wasmKernelAvailable() ? 'wasm' : 'js'
  }
  if (chosen === 'wasm' && !wasmKernelAvailable()) {
    throw new Error('engine "wasm": this runtime cannot compile the WebAssembly SIMD kernel; use engine "js" or "tfjs"')
  }
  return chosen
}

function work(spec: ClassifierSpec, batchSize: number): number {
  const sizes = [spec.features, ...spec.hidden, spec.classes]
  let params = 0
  for (let i = 0; i + 1 < sizes.length; i++) params += (sizes[i] + 1) * sizes[i + 1]
  return params * batchSize
}

let tfjsNode: boolean | undefined

/** Whether `@tensorflow/tfjs-node` resolves from here (without loading it: that takes a second). */
function tfjsNodeInstalled(): boolean {
  if (tfjsNode === undefined) {
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-node')
      tfjsNode = true
    } catch {
      tfjsNode = false
    }
  }
  return tfjsNode
}
