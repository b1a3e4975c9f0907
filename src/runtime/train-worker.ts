/**
 * The worker-thread side of `trainMany` (train-many.ts). Activates the backend of the calling
 * thread (named in `workerData`, and forced through `PRIVACY_GATES_BACKEND`) so that its results
 * are bit-identical to training in the calling thread, reports `ready`, then receives one job at a
 * time, trains it with `trainClassifier` and posts back only the predictions, in transferred
 * buffers. Not an entry point of its own: `trainMany` starts it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { initBackend } from './backend.js'
import { tf } from './tf.js'
import { runJob, type ErrorMessage, type JobMessage, type MatrixMessage, type ReplyMessage } from './train-many.js'
import type { WorkerData } from './train-many.js'

const port = parentPort
if (port === null) throw new Error('train-worker: runs only as a worker thread started by trainMany (no parentPort)')
const { backend } = workerData as WorkerData

function errorMessage(error: unknown): ErrorMessage {
  const e = error instanceof Error ? error : new Error(String(error))
  return { name: e.name, message: e.message, stack: e.stack }
}

const send = (reply: ReplyMessage, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer)

initBackend().then(
  (name) => {
    if (tf.getBackend() !== backend) {
      send({ kind: 'unavailable', error: errorMessage(new Error(`the worker runs on "${tf.getBackend()}" (initBackend chose ${name})`)) })
      return
    }
    port.on('message', (message: JobMessage) => { void handle(message) })
    send({ kind: 'ready' })
  },
  (error) => send({ kind: 'unavailable', error: errorMessage(error) }),
)

async function handle({ index, job }: JobMessage): Promise<void> {
  try {
    const transfer: ArrayBuffer[] = []
    const outputs: MatrixMessage[] = (await runJob(job)).map((m) => {
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
