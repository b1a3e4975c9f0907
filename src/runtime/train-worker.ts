/**
 * The worker-thread side of `trainMany` (train-many.ts). When the calling thread names a tfjs
 * backend in `workerData` (some job trains with `tfjs`), loads TensorFlow.js and activates that
 * backend (also forced through `PRIVACY_GATES_BACKEND`), so that its results are bit-identical to
 * training in the calling thread; with `backend: null` it never loads TensorFlow.js (engine jobs
 * need none of it, and loading it is most of a worker's start-up). Then reports `ready`, receives
 * one job at a time, trains it (or, for `runJobs`, hands it to the `runJob` of the module named in
 * `workerData.runner`) and posts back only the predictions, in transferred buffers. Not an entry
 * point of its own: `trainMany` and `runJobs` start it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { Matrix } from '../data/matrix.js'
import type { ErrorMessage, JobMessage, MatrixMessage, ReplyMessage, WorkerData } from './train-many.js'
import { runJob } from './train-job.js'

const port = parentPort
if (port === null) throw new Error('train-worker: runs only as a worker thread started by trainMany (no parentPort)')
const { backend, runner } = workerData as WorkerData

type RunJob = (job: unknown) => Promise<Matrix[]>

/** The `runJob` of a JobRunner's module (see `runJobs`), or the classifier jobs' own. */
async function jobRunner(): Promise<RunJob> {
  if (runner === null) return runJob as RunJob
  const loaded = (await import(runner)) as { runJob?: unknown }
  if (typeof loaded.runJob !== 'function') throw new Error(`${runner} exports no runJob function`)
  return loaded.runJob as RunJob
}

let run: RunJob

function errorMessage(error: unknown): ErrorMessage {
  const e = error instanceof Error ? error : new Error(String(error))
  return { name: e.name, message: e.message, stack: e.stack }
}

const send = (reply: ReplyMessage, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer)

/** Loads tfjs and activates the calling thread's backend; rejects with why it could not. */
async function startBackend(name: string): Promise<void> {
  const [{ initBackend }, { tf }] = await Promise.all([import('./backend.js'), import('./tf.js')])
  const chosen = await initBackend()
  if (tf.getBackend() !== name) throw new Error(`the worker runs on "${tf.getBackend()}" (initBackend chose ${chosen})`)
}

;(backend === null ? Promise.resolve() : startBackend(backend)).then(jobRunner).then(
  (loaded) => {
    run = loaded
    port.on('message', (message: JobMessage) => { void handle(message) })
    send({ kind: 'ready' })
  },
  (error) => send({ kind: 'unavailable', error: errorMessage(error) }),
)

async function handle({ index, job }: JobMessage): Promise<void> {
  try {
    const transfer: ArrayBuffer[] = []
    const outputs: MatrixMessage[] = (await run(job)).map((m) => {
      // Transfer needs the whole buffer; predict returns exact-size arrays, but do not rely on it.
      const data = m.data.byteOffset === 0 && m.data.byteLength === m.data.buffer.byteLength ? m.data : m.data.slice()
      transfer.push(data.buffer as ArrayBuffer)
      return { data, rows: m.rows, cols: m.cols }
    })
    send({ kind: 'done', index, outputs }, transfer)
  } catch (error) {
    send({ kind: 'failed', index, error: errorMessage(error) })
  }
}
