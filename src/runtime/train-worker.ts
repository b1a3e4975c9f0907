/**
 * The worker-thread side of `trainMany` (train-many.ts): receives one job at a time, trains it with
 * `trainClassifier`, and posts back only the predictions (in transferred buffers). Not an entry
 * point of its own: `trainMany` starts it with the backend of the calling thread in `workerData`
 * (and forced through `PRIVACY_GATES_BACKEND`), so that its results are bit-identical to training
 * in the calling thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { initBackend } from './backend.js'
import { tf } from './tf.js'
import { runJob, type JobMessage, type MatrixMessage, type ReplyMessage, type WorkerData } from './train-many.js'

const port = parentPort
if (port === null) throw new Error('train-worker: runs only as a worker thread started by trainMany (no parentPort)')
const { backend } = workerData as WorkerData

// Started once, before the first job arrives; a failure is reported with that job.
const ready = initBackend().then((name) => {
  if (tf.getBackend() !== backend) {
    throw new Error(`the worker runs TensorFlow.js on backend "${tf.getBackend()}" (initBackend chose ${name}), but the calling thread uses "${backend}"`)
  }
})
// Handled here too, so a failure before the first job is not an unhandled rejection.
ready.catch(() => {})

port.on('message', (message: JobMessage) => {
  void handle(message)
})

async function handle({ index, job }: JobMessage): Promise<void> {
  let reply: ReplyMessage
  const transfer: ArrayBuffer[] = []
  try {
    await ready
    const outputs: MatrixMessage[] = (await runJob(job)).map((m) => {
      // Transfer needs the whole buffer; predict returns exact-size arrays, but do not rely on it.
      const data = m.data.byteOffset === 0 && m.data.byteLength === m.data.buffer.byteLength ? m.data : m.data.slice()
      transfer.push(data.buffer as ArrayBuffer)
      return { data, rows: m.rows, cols: m.cols }
    })
    reply = { index, outputs }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error))
    reply = { index, error: { name: e.name, message: e.message, stack: e.stack } }
    transfer.length = 0
  }
  port!.postMessage(reply, transfer)
}
