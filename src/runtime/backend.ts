import { createRequire } from 'node:module'
import path from 'node:path'
import { tf } from './tf.js'

/**
 * The TensorFlow.js backends the package knows how to set up, fastest first:
 * `tensorflow` (native libtensorflow through the optional `@tensorflow/tfjs-node`),
 * `wasm` (`@tensorflow/tfjs-backend-wasm`, SIMD, one thread in Node), `cpu` (plain JavaScript).
 */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu'

/** Environment variable that forces one backend (for debugging a backend-specific difference). */
export const BACKEND_ENV = 'PRIVACY_GATES_BACKEND'

const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu']

// One promise per module instance: concurrent callers share the same initialisation and later
// calls are free. (Vitest re-evaluates this module per test file while tfjs itself stays loaded in
// the worker; re-running the selection then is harmless because every step is idempotent.)
let ready: Promise<BackendName> | undefined
let settled = false

/**
 * Chooses and activates the TensorFlow.js backend, once: `@tensorflow/tfjs-node` when it can be
 * imported (backend `tensorflow`), else the wasm backend, else `cpu`. `PRIVACY_GATES_BACKEND`
 * (`cpu` | `wasm` | `tensorflow`) forces one; a forced backend that cannot start is an error rather
 * than a silent fallback, because whoever set it is debugging exactly that backend.
 *
 * Idempotent: every call returns the same promise.
 *
 * @returns the name of the backend that is now active.
 * @example
 * const backend = await initBackend()   // 'wasm' on a machine without tfjs-node
 */
export function initBackend(): Promise<BackendName> {
  if (ready === undefined) {
    ready = select().then((name) => { settled = true; return name })
    // Let a failed attempt be retried (e.g. after fixing the environment variable) instead of
    // caching the rejection for the life of the process.
    ready.catch(() => { ready = undefined })
  }
  return ready
}

/**
 * The backend tfjs is running on now (`tensorflow`, `wasm`, `cpu`, or whatever the user switched
 * to since), for reports. Throws when {@link initBackend} has not finished: asking tfjs before that
 * would make it initialise a default backend on its own.
 */
export function activeBackend(): string {
  if (!settled) throw new Error('activeBackend(): the backend is not chosen yet; await initBackend() first')
  return tf.getBackend()
}

async function select(): Promise<BackendName> {
  const forced = process.env[BACKEND_ENV]
  if (forced !== undefined && forced !== '') {
    if (!(BACKENDS as readonly string[]).includes(forced)) {
      throw new Error(`${BACKEND_ENV}: expected one of ${BACKENDS.join(', ')}, found "${forced}"`)
    }
    const name = forced as BackendName
    const failure = await tryBackend(name)
    if (failure !== undefined) throw new Error(`${BACKEND_ENV}=${name}: the backend could not start: ${failure}`)
    return name
  }
  for (const name of BACKENDS) {
    if ((await tryBackend(name)) === undefined) return name
  }
  // Unreachable in practice: cpu is bundled with @tensorflow/tfjs and always registers.
  throw new Error('no TensorFlow.js backend could start (tried tensorflow, wasm, cpu)')
}

/** Activates one backend; returns `undefined` on success, else why it failed. */
async function tryBackend(name: BackendName): Promise<string | undefined> {
  const before = name === 'wasm' ? processHandlers() : undefined
  try {
    if (name === 'tensorflow') {
      // A variable specifier keeps TypeScript (the package is absent here, so are its types) and
      // bundlers from resolving it eagerly; the import registers the 'tensorflow' backend.
      const specifier = '@tensorflow/tfjs-node'
      await import(specifier)
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm')
      // Emscripten looks for the .wasm binaries next to the script that loaded it, which is wrong
      // under Vitest (modules are served from elsewhere) and bundlers. Point it at the installed
      // package's dist/ folder as a file path with a trailing separator: in Node the loader reads
      // `prefix + 'tfjs-backend-wasm-simd.wasm'` with fs, so it must not be a file:// URL.
      wasm.setWasmPaths(wasmDistFolder())
    }
    const failure = await setBackendQuietly(name)
    if (failure !== undefined) return failure
    if (name === 'cpu') silenceCpuAdvert()
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    if (before !== undefined) removeHandlersAddedSince(before)
  }
}

type ProcessHandlerEvent = 'uncaughtException' | 'unhandledRejection'

/** The process's `uncaughtException` and `unhandledRejection` listeners now. */
function processHandlers(): Record<ProcessHandlerEvent, ReadonlySet<unknown>> {
  return { uncaughtException: new Set(process.listeners('uncaughtException')), unhandledRejection: new Set(process.listeners('unhandledRejection')) }
}

/**
 * Removes the `uncaughtException` / `unhandledRejection` listeners added since `before`. The wasm
 * backend's Emscripten loader installs two that rethrow whatever they receive: inside a Vitest
 * worker an un-awaited failing matcher then kills the worker (the file's later tests are never
 * reported), in a CLI an EPIPE on stdout becomes exit 7 with a stack trace, and Node prints the
 * minified loader line (tens of kilobytes) with every unhandled rejection. Listeners that were
 * there before (the user's, Vitest's) are kept: the loader's own clean-up removes every listener,
 * so it cannot be used.
 */
function removeHandlersAddedSince(before: Record<ProcessHandlerEvent, ReadonlySet<unknown>>): void {
  for (const listener of process.listeners('uncaughtException')) {
    if (!before.uncaughtException.has(listener)) process.removeListener('uncaughtException', listener)
  }
  for (const listener of process.listeners('unhandledRejection')) {
    if (!before.unhandledRejection.has(listener)) process.removeListener('unhandledRejection', listener)
  }
}

/** Absolute path of `@tensorflow/tfjs-backend-wasm/dist/`, ending in the path separator. */
function wasmDistFolder(): string {
  // createRequire rather than import.meta.resolve: the latter is missing or differs inside some
  // module runners (Vitest's), while require.resolve behaves the same under tsx, node and Vitest.
  const require = createRequire(import.meta.url)
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep
}

/**
 * `tf.setBackend` prints its own "Initialization of backend X failed" warnings on failure; we fall
 * back on purpose (or report the failure ourselves), so hold them back while trying and hand the
 * text to the caller for the error message.
 */
async function setBackendQuietly(name: BackendName): Promise<string | undefined> {
  const warn = console.warn
  const held: unknown[][] = []
  console.warn = (...args: unknown[]) => { held.push(args) }
  let ok = false
  try {
    ok = await tf.setBackend(name)
  } finally {
    console.warn = warn
  }
  if (ok) {
    // Not about a failure: let them through (tfjs rarely prints anything on success).
    for (const args of held) warn(...args)
    return undefined
  }
  const why = held.map((args) => args.map(String).join(' ')).join('; ').split('\n')[0]
  return `tf.setBackend('${name}') failed${why ? `: ${why}` : ''}`
}

/**
 * The cpu backend prints "Hi, looks like you are running TensorFlow.js in Node.js ... install our
 * node backend" on its first tensor. Falling back to cpu is our deliberate choice and the active
 * backend is printed in reports, so the advert is noise in every test run. Mark the backend as
 * already used instead of `tf.enableProdMode()`, which would also hide every other tfjs warning
 * for the user's own code in the same process. Exported for tests that switch to cpu themselves.
 * @internal
 */
export function silenceCpuAdvert(): void {
  const backend = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null
  if (backend !== null && typeof backend.firstUse === 'boolean') backend.firstUse = false
}
