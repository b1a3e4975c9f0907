import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describeValue } from '../data/describe.js'
import type { Matrix } from '../data/matrix.js'
import { activeBackend, BACKEND_ENV, initBackend } from './backend.js'
import type { EngineOption, TrainLabels, TrainOptions } from './classifier.js'
import type { DpOptions } from '../privacy/dp-options.js'
import { resolveEngine } from './engine/choose.js'
import type { ReferenceCache } from './cache/location.js'
import { trainJobEntries, trainThroughCache, type CacheEntryInfo, type ReferenceTally } from './cache/train-through-cache.js'
import { runJob, type TrainJob } from './train-job.js'

/** Options of {@link trainMany}. */
export interface TrainManyOptions {
  /**
   * Jobs trained at the same time, a positive integer: the calling thread plus `workers − 1`
   * worker threads. Default `os.availableParallelism()` (one per core); never more than there are
   * jobs. `1` trains in this thread, one job after the other, without starting any thread. Results
   * do not depend on it.
   */
  workers?: number
  /**
   * Whether the calling thread is one of the `workers` lanes. Default `true`. `false` sends every
   * job to a worker thread (even with `workers: 1`), keeping this thread free, e.g. in a server.
   */
  callingThread?: boolean
  /**
   * Called in this thread each time a job has finished (in any thread), with the number finished so
   * far and the total; for progress lines. Finishing order depends on timing, results do not.
   */
  onJobDone?: (done: number, total: number) => void
  /**
   * Read each job's answers from this reference-model cache when it holds them, and write the
   * answers of the jobs trained (docs/reference-cache.md). Default: no cache. With `cache.shard`
   * only the shard's share is trained, and the call ends with `ShardTrained`.
   */
  cache?: ReferenceCache | null
  /** Counts the jobs trained and those read from the cache, as they finish. */
  tally?: ReferenceTally
}

/**
 * Trains every job's classifier with `trainClassifier` and returns, per job, its predictions
 * (probability rows) on each matrix of `job.predict`: `result[j][i]` = model j on `jobs[j].predict[i]`.
 *
 * Jobs run on `workers` lanes (default one per core, at most one per job): the calling thread and
 * `workers − 1` worker threads (`node:worker_threads`), each taking the next job from one queue
 * when it finishes one. The calling thread takes part because a worker needs time to start, in
 * which it would otherwise only wait. Each job's engine is resolved in the calling thread and sent
 * with it. Jobs on the engine (`wasm`, `js`) run in workers that never load TensorFlow.js (they
 * start in tens of milliseconds from the built package); when some job trains with `tfjs`, every
 * worker loads it and activates the backend the calling thread runs on (`wasm`, `cpu` or
 * `tensorflow`). Either way the results are bit-identical to `workers: 1`, which trains in this
 * thread one job after the other, whatever the scheduling.
 * Inputs are copied into fresh buffers that are transferred (never the caller's own buffers, which
 * stay usable); predictions come back in transferred buffers, without a copy.
 *
 * The worker module runs from the built `dist/` as JavaScript, and from the TypeScript sources
 * (under Vitest or tsx) through tsx's `tsImport` (tsx must then be installed; it is a
 * devDependency).
 *
 * A job that throws rejects the whole call with its index (`trainMany: jobs[3] failed: …`, with the
 * original error as `cause`); the other jobs are abandoned. All worker threads are terminated, and
 * have exited, before the returned promise settles, on success and on error, so no thread keeps
 * the process alive ({@link liveTrainWorkers} is back to where it was).
 *
 * @throws RangeError / TypeError naming `options.workers` or `jobs[i].…` for malformed input, before
 *   any thread starts.
 * @example
 * const [[pMembers, pNonMembers], [qMembers, qNonMembers]] = await trainMany([jobA, jobB], { workers: 2 })
 */
export async function trainMany(jobs: TrainJob[], options: TrainManyOptions = {}): Promise<Matrix[][]> {
  if (!Array.isArray(jobs)) throw new TypeError(`trainMany: jobs: expected an array of TrainJob, found ${describeValue(jobs)}`)
  jobs.forEach(checkJob)
  return runJobs(jobs, classifierJobs(jobs.map(engineOf)), options)
}

/** Classifier jobs as {@link runJobs} runs them, each with its engine resolved here (see {@link engineOf}); workers run their own `runJob`. */
function classifierJobs(engines: readonly EngineOption[]): JobRunner<TrainJob> {
  return {
    name: 'trainMany',
    module: null,
    // Workers load TensorFlow.js only when some job trains with it; engine jobs start without it.
    tfjs: engines.includes('tfjs'),
    encode: (job, index) => encodeJob(job, engines[index]),
    runHere: (job) => runJob(job),
    failure: jobError,
    cacheEntries: (jobs, backend) => trainJobEntries(jobs, engines, backend),
  }
}

/** The jobs `ids` of `lanes` as lanes of their own (indices 0…ids.length − 1; messages name the call's index). */
function subsetLanes(lanes: Lanes, ids: readonly number[]): Lanes {
  return {
    count: ids.length,
    encode: (i) => {
      const { message, transfer } = lanes.encode(ids[i])
      return { message: { ...message, index: i }, transfer }
    },
    runHere: (i, signal) => lanes.runHere(ids[i], signal),
    failure: (i, error, cause) => lanes.failure(ids[i], error, cause),
  }
}

/** Called with a job's index (in the lanes it ran on) and its answers, as each job finishes. */
type OnResult = (index: number, outputs: Matrix[]) => void

/**
 * The tfjs backend worker threads must activate to reproduce this thread's results: the one active
 * here (initialised first), refused when a worker cannot start it.
 */
async function workerBackend(who: string): Promise<string> {
  await initBackend()
  const backend = activeBackend()
  if (!WORKER_BACKENDS.includes(backend)) {
    throw new Error(
      `${who}: TensorFlow.js runs on backend "${backend}" here, which worker threads cannot reproduce ` +
        `(they start ${WORKER_BACKENDS.join(', ')}); pass workers: 1 to train in this thread`,
    )
  }
  return backend
}

/**
 * A kind of job for {@link runJobs}, the lanes every parallel training runs on (the calling thread
 * plus worker threads, one queue, warm idle workers, one set of failure and clean-up rules).
 * {@link trainMany}'s classifier jobs are one kind; another is run by a module of another layer
 * that a worker imports by URL: how the attacks train reference models with a user's recipe
 * without the runtime knowing what a recipe is. @internal
 */
export interface JobRunner<J> {
  /** How messages name the call (`trainMany: options.workers: …`); default `runJobs`. */
  name?: string
  /**
   * URL (`file://…`) of the module a worker imports; it exports `runJob(job): Promise<Matrix[]>`,
   * taking the `job` that {@link JobRunner.encode} returns. From the TypeScript sources it may be a
   * `.ts` module (workers load through tsx). `null`: the worker's own classifier jobs ({@link trainMany}).
   */
  module: string | null
  /**
   * Called before the first job trains, never when every job comes from the cache: e.g. import
   * the module this thread runs jobs with, to fail before any thread starts.
   */
  prepare?(): Promise<void>
  /** Whether workers load TensorFlow.js and activate this thread's backend before their first job. */
  tfjs: boolean
  /** Job `index` as it crosses to a worker (structured-cloneable) and the buffers to transfer. */
  encode(job: J, index: number): { job: unknown; transfer: ArrayBuffer[] }
  /** Runs job `index` in this thread; `signal` is aborted when the call has failed elsewhere. */
  runHere(job: J, index: number, signal: AbortSignal): Promise<Matrix[]>
  /**
   * The error the call rejects with when job `index` failed, in this thread (`error` as thrown) or
   * in a worker (`error` as it crossed: `{ name, message, stack }`); `cause` is the thrown value
   * when it was thrown in this thread.
   */
  failure(index: number, error: { name?: string; message?: string }, cause?: unknown): Error
  /**
   * Each job's reference-cache key and label (a `null` key: never cached), given the tfjs backend
   * workers start (`null`: none); without it, or without `options.cache`, nothing is cached.
   */
  cacheEntries?(jobs: readonly J[], backend: string | null): Promise<CacheEntryInfo[]>
}

/**
 * Runs `jobs` with `runner` on `options.workers` lanes, through the reference cache when
 * `options.cache` is set and the runner keys its jobs (cached jobs are read, the others trained,
 * each one's answers written as it finishes), and returns each job's matrices in job order.
 * Scheduling, warm workers, errors and clean-up are described at {@link trainMany}, which runs
 * its classifier jobs here. @internal
 *
 * @throws RangeError / TypeError naming `options.…` (after the runner's name) before any thread starts.
 */
export async function runJobs<J>(jobs: J[], runner: JobRunner<J>, options: TrainManyOptions = {}): Promise<Matrix[][]> {
  const who = runner.name ?? 'runJobs'
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${who}: options: expected { workers?, callingThread? }, found ${describeValue(options)}`)
  }
  const requested = checkWorkers(options.workers, `${who}: options.workers`)
  const callingThread = options.callingThread ?? true
  if (typeof callingThread !== 'boolean') {
    throw new TypeError(`${who}: options.callingThread: expected true or false, found ${describeValue(callingThread)}`)
  }
  const onJobDone = options.onJobDone
  if (onJobDone !== undefined && typeof onJobDone !== 'function') {
    throw new TypeError(`${who}: options.onJobDone: expected a function, found ${describeValue(onJobDone)}`)
  }
  if (jobs.length === 0) return []
  const count = Math.min(requested ?? os.availableParallelism(), jobs.length)
  const lanes: Lanes = {
    count: jobs.length,
    encode: (i) => {
      const { job, transfer } = runner.encode(jobs[i], i)
      return { message: { index: i, job }, transfer }
    },
    runHere: (i, signal) => runner.runHere(jobs[i], i, signal),
    failure: (i, error, cause) => runner.failure(i, error, cause),
  }
  const backend = runner.tfjs ? await workerBackend(who) : null
  const data: WorkerData = { backend, runner: runner.module }
  const run = async (l: Lanes, onDone: TrainManyOptions['onJobDone'], onResult?: OnResult): Promise<Matrix[][]> => {
    await runner.prepare?.()
    const n = Math.min(count, l.count)
    if (n === 1 && callingThread) return runSerially(l, onDone, onResult)
    return runInWorkers(l, callingThread ? n - 1 : n, callingThread, data, onDone, onResult)
  }
  if (options.cache && runner.cacheEntries) {
    return trainThroughCache(await runner.cacheEntries(jobs, backend), {
      cache: options.cache, ...(options.tally ? { tally: options.tally } : {}), ...(onJobDone ? { onJobDone } : {}),
      train: async (ids, onResult) => { await run(subsetLanes(lanes, ids), undefined, (i, outputs) => onResult(ids[i], outputs)) },
    })
  }
  const results = await run(lanes, onJobDone)
  if (options.tally) options.tally.trained += lanes.count
  return results
}

/**
 * The engine a job will train with, resolved here (where `PRIVACY_GATES_ENGINE` and the runtime
 * were read) and sent with the job, so a worker never chooses differently. A setting that cannot be
 * resolved is passed on as given: the job then fails where it runs, with its index.
 */
function engineOf(job: TrainJob): EngineOption {
  const given = job.options.engine ?? 'auto'
  try {
    return resolveEngine(given, job.spec, job.options.batchSize, job.options.dp !== undefined)
  } catch {
    return given
  }
}

/**
 * Worker threads started by {@link trainMany} that have not exited yet, in this thread: those of a
 * call in progress plus idle ones kept warm for the next call (see {@link closeTrainWorkers}). For
 * tests and diagnostics.
 */
export function liveTrainWorkers(): number {
  return live
}

/** How long an idle worker is kept warm for the next {@link trainMany} call. */
export const IDLE_WORKER_MS = 5_000

/**
 * Terminates the idle workers {@link trainMany} keeps warm, and waits until they have exited. Never
 * needed for the process to exit (idle workers do not keep it alive, and end after
 * {@link IDLE_WORKER_MS}); for tests and servers that want every thread gone now.
 */
export async function closeTrainWorkers(): Promise<void> {
  const all = [...idle.values()].flat()
  idle.clear()
  clearTimeout(idleTimer)
  await Promise.all(all.map((w) => w.terminate()))
}

/**
 * Checks a worker-count setting: `undefined` (the default) or a positive integer. `what` names the
 * setting in the message (`settings.workers`), so attacks can validate theirs before training.
 */
export function checkWorkers(workers: unknown, what: string): number | undefined {
  if (workers === undefined) return undefined
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`${what}: expected a positive integer (jobs trained at once), found ${typeof workers === 'number' ? workers : describeValue(workers)}`)
  }
  return workers
}

// ------------------------------------------------------------------------------ protocol ----

/** A matrix as it crosses to a worker (its `data` in a buffer of its own, transferred). @internal */
export interface MatrixMessage {
  data: Float32Array
  rows: number
  cols: number
}

/** Main thread → worker: one job (a {@link TrainJob}, or what a {@link JobRunner} encodes). @internal */
export interface JobMessage {
  index: number
  job: unknown
}

/** An error as it crosses from a worker. @internal */
export interface ErrorMessage {
  name: string
  message: string
  stack?: string
}

/**
 * Worker → main thread: `ready` once its backend runs (only then is it sent jobs), `unavailable`
 * when the backend cannot start, then per job its predictions (`done`) or why it failed. @internal
 */
export type ReplyMessage =
  | { kind: 'ready' }
  | { kind: 'unavailable'; error: ErrorMessage }
  | { kind: 'done'; index: number; outputs: MatrixMessage[] }
  | { kind: 'failed'; index: number; error: ErrorMessage }

/**
 * What a worker needs to start: the tfjs backend to activate (checked against the calling
 * thread's), or `null` when every job trains with the engine and the worker must not load tfjs. @internal
 */
export interface WorkerData {
  backend: string | null
  /** URL of a {@link JobRunner}'s module whose `runJob` the worker runs, or `null` for classifier jobs. */
  runner: string | null
}

/** Backends a worker can activate through `initBackend` (see backend.ts). */
const WORKER_BACKENDS: readonly string[] = ['tensorflow', 'wasm', 'cpu']

let live = 0

/**
 * Idle workers by the backend they started (`"null"`: engine-only, no tfjs) and the job runner
 * they imported (`"null"`: classifier jobs). A worker's first jobs
 * run slower (its JavaScript and the WebAssembly kernel are still being optimised) and starting it
 * costs tens of milliseconds, which on jobs of ~0.1 s eats much of the second core; a warm worker
 * takes the next call's first job at full speed. Idle workers are unref'd (they never keep the
 * process alive) and terminated after {@link IDLE_WORKER_MS}.
 */
const idle = new Map<string, Worker[]>()
let idleTimer: ReturnType<typeof setTimeout> | undefined

function park(key: string, workers: Worker[]): void {
  for (const w of workers) w.unref()
  idle.set(key, [...(idle.get(key) ?? []), ...workers])
  clearTimeout(idleTimer)
  idleTimer = setTimeout(() => void closeTrainWorkers(), IDLE_WORKER_MS)
  idleTimer.unref()
}

function takeIdle(key: string, count: number): Worker[] {
  const pool = idle.get(key) ?? []
  const taken = pool.splice(0, count)
  for (const w of taken) w.ref()
  return taken
}

// ---------------------------------------------------------------------------- validation ----

function isMatrix(m: unknown): m is Matrix {
  return m !== null && typeof m === 'object' && (m as Matrix).data instanceof Float32Array &&
    Number.isInteger((m as Matrix).rows) && Number.isInteger((m as Matrix).cols)
}

const MATRIX = 'a Matrix { data: Float32Array, rows, cols }'

/**
 * Structure only (what must hold to send the job to a thread); shapes and values are checked by
 * `trainClassifier` where the job runs, and reported with the job's index.
 */
function checkJob(job: TrainJob, i: number): void {
  const at = `trainMany: jobs[${i}]`
  if (job === null || typeof job !== 'object') throw new TypeError(`${at}: expected a TrainJob { spec, x, y, options, predict }, found ${describeValue(job)}`)
  if (job.spec === null || typeof job.spec !== 'object') throw new TypeError(`${at}.spec: expected { features, hidden, classes }, found ${describeValue(job.spec)}`)
  if (!isMatrix(job.x)) throw new TypeError(`${at}.x: expected ${MATRIX}, found ${describeValue(job.x)}`)
  if (!(job.y instanceof Int32Array) && !isMatrix(job.y)) {
    throw new TypeError(`${at}.y: expected an Int32Array of class indices or ${MATRIX} of probability rows, found ${describeValue(job.y)}`)
  }
  if (job.options === null || typeof job.options !== 'object') {
    throw new TypeError(`${at}.options: expected { epochs, batchSize, learningRate, seed }, found ${describeValue(job.options)}`)
  }
  if ((job.options as TrainOptions).onEpoch !== undefined) {
    throw new TypeError(`${at}.options.onEpoch: a progress callback cannot run in a worker thread; remove it, or call trainClassifier directly`)
  }
  if (!Array.isArray(job.predict)) throw new TypeError(`${at}.predict: expected an array of Matrix, found ${describeValue(job.predict)}`)
  job.predict.forEach((m, k) => {
    if (!isMatrix(m)) throw new TypeError(`${at}.predict[${k}]: expected ${MATRIX}, found ${describeValue(m)}`)
  })
}

// ------------------------------------------------------------------------------- running ----

/** The error a failed job rejects the call with: same class as the original, its index first. */
function jobError(index: number, error: { name?: string; message?: string }, cause?: unknown): Error {
  const message = `trainMany: jobs[${index}] failed: ${error.message ?? String(error)}`
  const Ctor = error.name === 'RangeError' ? RangeError : error.name === 'TypeError' ? TypeError : Error
  return new Ctor(message, { cause: cause ?? error })
}

/** The jobs of one call as the lanes see them: by index. */
interface Lanes {
  count: number
  encode(index: number): { message: JobMessage; transfer: ArrayBuffer[] }
  runHere(index: number, signal: AbortSignal): Promise<Matrix[]>
  failure(index: number, error: { name?: string; message?: string }, cause?: unknown): Error
}

async function runSerially(lanes: Lanes, onJobDone: TrainManyOptions['onJobDone'], onResult?: OnResult): Promise<Matrix[][]> {
  const results: Matrix[][] = []
  // Nothing runs beside a serial job, so nothing can fail elsewhere and abort it.
  const signal = new AbortController().signal
  for (let i = 0; i < lanes.count; i++) {
    try {
      results.push(await lanes.runHere(i, signal))
    } catch (error) {
      throw lanes.failure(i, error as Error, error)
    }
    onResult?.(i, results[i])
    onJobDone?.(i + 1, lanes.count)
  }
  return results
}

/** DP-SGD settings as plain numbers (a worker must train a DP job privately, as this thread would). */
function copyDp(dp: DpOptions): DpOptions {
  const { noiseMultiplier, targetEpsilon, clipNorm, sampleRate, delta } = dp
  // Every field is listed: a DpOptions field added later and not copied here fails to compile.
  return { noiseMultiplier, targetEpsilon, clipNorm, sampleRate, delta } satisfies { [K in keyof Required<DpOptions>]: DpOptions[K] }
}

/** A copy of `m` in a buffer of its own, so it can be transferred without touching the caller's. */
function copyMatrix(m: Matrix, transfer: ArrayBuffer[]): MatrixMessage {
  const data = m.data.slice()
  transfer.push(data.buffer as ArrayBuffer)
  return { data, rows: m.rows, cols: m.cols }
}

function encodeJob(job: TrainJob, engine: EngineOption): { job: unknown; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = []
  const o = job.options
  let y: TrainLabels
  if (job.y instanceof Int32Array) {
    y = job.y.slice()
    transfer.push(y.buffer as ArrayBuffer)
  } else {
    y = copyMatrix(job.y, transfer)
  }
  return {
    transfer,
    job: {
      // Plain copies: structured clone would refuse anything exotic a caller hangs on these objects.
      spec: { features: job.spec.features, hidden: Array.isArray(job.spec.hidden) ? [...job.spec.hidden] : job.spec.hidden, classes: job.spec.classes },
      x: copyMatrix(job.x, transfer),
      y,
      // Every option but the callback crosses to the worker: one added later and not copied here
      // fails to compile (a copied list that dropped \`dp\` once trained DP jobs without privacy).
      options: {
        epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, optimizer: o.optimizer, l2: o.l2, seed: o.seed, engine,
        dp: o.dp === undefined ? undefined : copyDp(o.dp),
      } satisfies { [K in keyof Required<Omit<TrainOptions, 'onEpoch'>>]: TrainOptions[K] },
      predict: job.predict.map((m) => copyMatrix(m, transfer)),
    },
  }
}

/**
 * How to start the worker module. From the built package it is `train-worker.js` next to this
 * file. From the TypeScript sources (this module's URL ends in `.ts`: Vitest, tsx), Node 20 does
 * not apply `--import tsx` (nor any other module hook of the parent) inside worker threads, so the
 * worker starts from a one-line bootstrap that loads the `.ts` module through tsx's `tsImport`.
 */
function workerEntry(): { entry: string | URL; eval: boolean } {
  const self = import.meta.url
  if (!self.endsWith('.ts')) return { entry: new URL('./train-worker.js', self), eval: false }
  const worker = new URL('./train-worker.ts', self).href
  const api = tsxApiUrl()
  const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(worker)}, ${JSON.stringify(worker)}))`
  return { entry: code, eval: true }
}

let tsxApi: string | undefined

/**
 * file:// URL of tsx's ESM API (`tsx/esm/api`, import condition), resolved from this module; for
 * whatever must load TypeScript in any thread (the worker module from the sources, a recipe). @internal
 */
export function tsxApiUrl(): string {
  if (tsxApi !== undefined) return tsxApi
  const require = createRequire(import.meta.url)
  let pkgFile: string
  try {
    pkgFile = require.resolve('tsx/package.json')
  } catch (error) {
    throw new Error(
      'trainMany: worker threads started from the TypeScript sources load them with tsx, which is not installed; ' +
        'install tsx (npm i -D tsx), run the built package, or pass workers: 1',
      { cause: error },
    )
  }
  // The `import` entry of the exports map, because the CommonJS build of tsx's API cannot load its
  // own ESM hooks (and require.resolve would pick it).
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: Record<string, unknown> }
  const api = pkg.exports?.['./esm/api'] as { import?: string | { default?: string } } | undefined
  const rel = typeof api?.import === 'string' ? api.import : api?.import?.default
  if (typeof rel !== 'string') throw new Error(`trainMany: ${pkgFile}: no "./esm/api" import entry; tsx ≥ 4.8 is needed to start worker threads from the sources`)
  tsxApi = pathToFileURL(path.join(path.dirname(pkgFile), rel)).href
  return tsxApi
}

/**
 * Runs the jobs on `threadCount` worker threads, plus this thread when `callingThread`, all taking
 * the next job from one queue. A worker is sent a job only once it reports ready: it needs a
 * moment to start (longer from the TypeScript sources, about a second when it must load
 * TensorFlow.js), and meanwhile this thread (which would otherwise only wait) trains jobs, so no
 * job waits for a thread that is starting.
 */
async function runInWorkers(
  lanes: Lanes, threadCount: number, callingThread: boolean, data: WorkerData,
  onJobDone: TrainManyOptions['onJobDone'], onResult?: OnResult,
): Promise<Matrix[][]> {
  const { backend } = data
  const total = lanes.count
  const { entry, eval: isEval } = workerEntry()
  const aborted = new AbortController()
  const results = new Array<Matrix[]>(total)
  const threads: Worker[] = []
  const exited: Promise<void>[] = []
  let next = 0
  let done = 0
  let failure: Error | undefined
  let finish!: () => void
  const finished = new Promise<void>((resolve) => { finish = resolve })
  const fail = (error: Error): void => {
    if (failure !== undefined || done === total) return
    failure = error
    aborted.abort(error)
    finish()
  }
  const complete = (index: number, outputs: Matrix[]): void => {
    if (failure !== undefined) return
    results[index] = outputs
    onResult?.(index, outputs)
    done++ // not inside the optional call below: without a callback its arguments are never evaluated
    onJobDone?.(done, total)
    if (done === total) finish()
  }

  const spawn = (): Worker => {
    const w = new Worker(entry, {
      eval: isEval,
      workerData: data,
      // Forcing the backend makes a worker fail loudly rather than fall back to another one,
      // which would round differently.
      env: backend === null ? process.env : { ...process.env, [BACKEND_ENV]: backend },
    })
    live++
    w.once('exit', () => { live-- })
    return w
  }

  // This call's listeners on a worker (new or warm); removed again when the worker is parked.
  const enlist = (w: Worker, ready: boolean): void => {
    threads.push(w)
    exited.push(new Promise<void>((resolve) => w.once('exit', () => resolve())))
    let current = -1
    const during = (): string => (current >= 0 ? ` while running jobs[${current}]` : '')
    const assign = (): void => {
      current = -1
      if (failure !== undefined || next >= total) return
      current = next++
      try {
        const { message, transfer } = lanes.encode(current)
        w.postMessage(message, transfer)
      } catch (error) {
        fail(lanes.failure(current, error as Error, error))
      }
    }
    w.on('message', (reply: ReplyMessage) => {
      switch (reply.kind) {
        case 'ready':
          started.add(w)
          return assign()
        case 'unavailable': return fail(new Error(`trainMany: a worker thread could not start the "${backend ?? 'engine'}" backend: ${reply.error.message}`))
        case 'failed': return fail(lanes.failure(reply.index, reply.error))
        case 'done':
          complete(reply.index, reply.outputs)
          return assign()
      }
    })
    w.on('error', (error) => fail(new Error(`trainMany: a worker thread failed${during()}: ${error.message}`, { cause: error })))
    w.on('messageerror', (error) => fail(new Error(`trainMany: a message from a worker thread could not be read${during()}: ${error.message}`, { cause: error })))
    // Exiting on its own loses the job it was running (it is never re-queued: the call fails).
    w.on('exit', (code) => { if (current >= 0) fail(new Error(`trainMany: a worker thread exited early (code ${code})${during()}`)) })
    if (ready) {
      started.add(w)
      assign()
    }
  }

  const key = `${String(backend)} ${String(data.runner)}`
  const started = new Set<Worker>()
  let succeeded = false
  try {
    const warm = takeIdle(key, threadCount)
    for (const w of warm) enlist(w, true)
    for (let t = warm.length; t < threadCount; t++) enlist(spawn(), false)
    // This thread's lane. Training yields to the event loop once per epoch, so the workers'
    // messages are handled while it runs.
    while (callingThread && failure === undefined && next < total) {
      const index = next++
      try {
        complete(index, await lanes.runHere(index, aborted.signal))
      } catch (error) {
        fail(lanes.failure(index, error as Error, error))
      }
    }
    await finished
    succeeded = failure === undefined
  } finally {
    // On success every started worker is idle: keep it warm. A worker still starting and, after a
    // failure, the others abandoned mid-job are terminated, and the call waits for their exit.
    const keep = succeeded ? threads.filter((w) => started.has(w)) : []
    const stop = threads.filter((w) => !keep.includes(w))
    for (const w of keep) {
      for (const event of ['message', 'error', 'messageerror', 'exit'] as const) w.removeAllListeners(event)
      w.once('exit', () => { live-- })
    }
    if (keep.length > 0) park(key, keep)
    for (const w of stop) void w.terminate()
    await Promise.all(stop.map((w) => exited[threads.indexOf(w)]))
  }
  if (failure !== undefined) throw failure
  return results
}
