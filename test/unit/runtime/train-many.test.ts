import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Matrix } from '../../../src/data/matrix.js'
import { createRng } from '../../../src/data/rng.js'
import { initBackend, silenceCpuAdvert } from '../../../src/runtime/backend.js'
import type { EngineOption } from '../../../src/runtime/classifier.js'
import { tf } from '../../../src/runtime/tf.js'
import type { TrainJob } from '../../../src/runtime/train-job.js'
import { closeTrainWorkers, liveTrainWorkers, runJobs, trainMany, type JobRunner } from '../../../src/runtime/train-many.js'

beforeAll(async () => {
  await initBackend()
})

/** Noisy 3-class data in 6 dimensions (seeded). */
function data(n: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = createRng(seed)
  const x = new Float32Array(n * 6)
  const y = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(3)
    for (let j = 0; j < 6; j++) x[i * 6 + j] = (j % 3 === y[i] ? 1 : 0) + 0.8 * rng.normal()
  }
  return { x: { data: x, rows: n, cols: 6 }, y }
}

const train = data(120, 1)
const test = data(50, 2)

function jobs(count: number, engine?: EngineOption): TrainJob[] {
  return Array.from({ length: count }, (_, j) => ({
    spec: { features: 6, hidden: [12], classes: 3 },
    // Different subsets per job, so a mix-up of results between jobs would show.
    x: { data: train.x.data.subarray(j * 5 * 6, (j * 5 + 100) * 6), rows: 100, cols: 6 },
    y: train.y.subarray(j * 5, j * 5 + 100),
    options: { epochs: 8, batchSize: 16, learningRate: 1e-2, seed: 100 + j, ...(engine ? { engine } : {}) },
    predict: [test.x, train.x],
  }))
}

const bits = (m: Matrix) => Array.from(new Uint32Array(m.data.buffer, m.data.byteOffset, m.data.length))

describe('trainMany', () => {
  // Each test starts with no warm worker, so a count of 0 after a failed call means its workers ended.
  afterEach(closeTrainWorkers)

  it('a DP-SGD job trains privately in a worker thread too: bit for bit the serial result, not the plain one', async () => {
    const plain = jobs(2, 'js')
    const dp = plain.map((j) => ({ ...j, options: { ...j.options, dp: { noiseMultiplier: 1, clipNorm: 1, delta: 1e-3 } } }))
    const serial = await trainMany(dp, { workers: 1 })
    const inWorkers = await trainMany(dp, { workers: 2, callingThread: false })
    const notPrivate = await trainMany(plain, { workers: 1 })
    for (let j = 0; j < 2; j++) {
      expect(bits(inWorkers[j][0])).toEqual(bits(serial[j][0]))
      expect(bits(serial[j][0])).not.toEqual(bits(notPrivate[j][0]))
    }
  })

  it('parallel === serial (in-process), bit for bit, in job order, with and without the calling thread; caller buffers untouched', async () => {
    const js = jobs(4)
    const xBefore = js[0].x.data.slice()
    const serial = await trainMany(js, { workers: 1 })
    // Every job in a worker thread (2 threads), then the default mix (this thread + 1 worker).
    for (const parallel of [await trainMany(js, { workers: 2, callingThread: false }), await trainMany(js, { workers: 2 })]) {
      expect(parallel).toHaveLength(4)
      for (let j = 0; j < 4; j++) {
        expect(parallel[j]).toHaveLength(2)
        expect(parallel[j][0]).toMatchObject({ rows: 50, cols: 3 })
        expect(parallel[j][1]).toMatchObject({ rows: 120, cols: 3 })
        expect(bits(parallel[j][0])).toEqual(bits(serial[j][0]))
        expect(bits(parallel[j][1])).toEqual(bits(serial[j][1]))
      }
    }
    // workers: 1 without the calling thread: one worker thread does everything.
    const one = await trainMany(js.slice(0, 1), { workers: 1, callingThread: false })
    expect(bits(one[0][0])).toEqual(bits(serial[0][0]))
    // Different jobs give different models (so the comparison above is not vacuous).
    expect(bits(serial[0][0])).not.toEqual(bits(serial[1][0]))
    // The caller's arrays were copied, not transferred (a transferred buffer would be detached).
    expect(js[0].x.data.length).toBe(600)
    expect(Array.from(js[0].x.data)).toEqual(Array.from(xBefore))
    expect(train.y.length).toBe(120)
  })

  it('tfjs-engine jobs: parallel === serial, bit for bit', async () => {
    const js = jobs(3, 'tfjs')
    const serial = await trainMany(js, { workers: 1 })
    const parallel = await trainMany(js, { workers: 2, callingThread: false })
    for (let j = 0; j < 3; j++) expect(bits(parallel[j][0])).toEqual(bits(serial[j][0]))
    // The tfjs loop rounds differently from the engine: the jobs really ran on tfjs.
    expect(bits(serial[0][0])).not.toEqual(bits((await trainMany(jobs(1, 'wasm'), { workers: 1 }))[0][0]))
  })

  it('js-engine jobs: parallel === serial, bit for bit', async () => {
    const js = jobs(2, 'js')
    const serial = await trainMany(js, { workers: 1 })
    const parallel = await trainMany(js, { workers: 2, callingThread: false })
    for (let j = 0; j < 2; j++) expect(bits(parallel[j][0])).toEqual(bits(serial[j][0]))
  })

  it('tfjs-engine workers run the backend of the calling thread, even one it switched to', async () => {
    const before = tf.getBackend()
    try {
      // cpu and wasm round differently (most predictions differ in the last bits), so equality below
      // shows that the workers followed the switch. Hide the cpu backend's install advert.
      silenceCpuAdvert()
      expect(await tf.setBackend('cpu')).toBe(true)
      const js = jobs(2, 'tfjs')
      const serial = await trainMany(js, { workers: 1 })
      const parallel = await trainMany(js, { workers: 2, callingThread: false })
      for (let j = 0; j < 2; j++) expect(bits(parallel[j][0])).toEqual(bits(serial[j][0]))
    } finally {
      await tf.setBackend(before)
    }
  })

  it('refuses to start tfjs-engine workers when this thread runs a backend they cannot start', async () => {
    const before = tf.getBackend()
    // A backend name the workers do not know (it has no kernels: nothing may run on it).
    tf.registerBackend('test-custom', tf.findBackendFactory('cpu')!)
    try {
      expect(await tf.setBackend('test-custom')).toBe(true)
      await expect(trainMany(jobs(2, 'tfjs'), { workers: 2 })).rejects.toThrow(
        'trainMany: TensorFlow.js runs on backend "test-custom" here, which worker threads cannot reproduce (they start tensorflow, wasm, cpu); pass workers: 1 to train in this thread',
      )
    } finally {
      await tf.setBackend(before)
      tf.removeBackend('test-custom')
    }
    expect(liveTrainWorkers()).toBe(0)
  })

  it('keeps started workers warm for the next call (same results), and closeTrainWorkers ends them', async () => {
    await closeTrainWorkers()
    const js = jobs(4)
    const first = await trainMany(js, { workers: 2, callingThread: false })
    expect(liveTrainWorkers()).toBeGreaterThanOrEqual(1) // parked, not terminated (one still starting is)
    const second = await trainMany(js, { workers: 2, callingThread: false })
    // The parked ones were reused, not joined by new ones: never more than the call's two threads.
    expect(liveTrainWorkers()).toBeGreaterThanOrEqual(1)
    expect(liveTrainWorkers()).toBeLessThanOrEqual(2)
    for (let j = 0; j < 4; j++) expect(bits(second[j][0])).toEqual(bits(first[j][0]))
    await closeTrainWorkers()
    expect(liveTrainWorkers()).toBe(0)
  })

  it('onJobDone counts every finished job up to the total, serially and in parallel', async () => {
    for (const options of [{ workers: 1 }, { workers: 2 }, { workers: 2, callingThread: false }]) {
      const calls: Array<[number, number]> = []
      await trainMany(jobs(3), { ...options, onJobDone: (done, total) => calls.push([done, total]) })
      expect(calls).toEqual([[1, 3], [2, 3], [3, 3]])
    }
    await expect(trainMany(jobs(1), { onJobDone: 1 as never })).rejects.toThrow('trainMany: options.onJobDone: expected a function, found number 1')
  })

  it('serial path leaves no tensors behind; empty job list gives []', async () => {
    const before = tf.memory().numTensors
    await trainMany(jobs(1, 'tfjs'), { workers: 1 })
    await trainMany(jobs(1), { workers: 1 })
    expect(tf.memory().numTensors).toBe(before)
    expect(await trainMany([], { workers: 3 })).toEqual([])
  })

  it('a failing job rejects the call with its index (serial and parallel) and terminates every worker', async () => {
    await closeTrainWorkers()
    const js = jobs(3)
    js[1] = { ...js[1], x: { data: new Float32Array(100 * 5), rows: 100, cols: 5 } }
    await expect(trainMany(js, { workers: 1 })).rejects.toThrow(/^trainMany: jobs\[1\] failed: x: expected 6 columns \(spec.features\), found 5/)
    // In a worker thread (the error crosses the thread boundary), and with this thread taking part.
    for (const callingThread of [false, true]) {
      const err = await trainMany(js, { workers: 2, callingThread }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RangeError)
      expect((err as Error).message).toMatch(/^trainMany: jobs\[1\] failed: x: expected 6 columns/)
      expect(liveTrainWorkers()).toBe(0)
    }
  })

  it('refuses bad options and malformed jobs before starting a thread', async () => {
    for (const workers of [0, -1, 1.5, Number.NaN, '2']) {
      await expect(trainMany(jobs(2), { workers: workers as number })).rejects.toThrow(
        `trainMany: options.workers: expected a positive integer (jobs trained at once), found ${typeof workers === 'string' ? 'the string "2"' : workers}`,
      )
    }
    await expect(trainMany(jobs(2), { callingThread: 'no' as never })).rejects.toThrow('trainMany: options.callingThread: expected true or false, found the string "no"')
    await expect(trainMany({} as never)).rejects.toThrow('trainMany: jobs: expected an array of TrainJob, found an object with keys []')
    const bad = jobs(2)
    bad[1] = { ...bad[1], predict: [[1, 2]] as never }
    await expect(trainMany(bad, { workers: 2 })).rejects.toThrow('trainMany: jobs[1].predict[0]: expected a Matrix { data: Float32Array, rows, cols }, found an array of length 2')
    const withCallback = jobs(1)
    ;(withCallback[0].options as { onEpoch?: unknown }).onEpoch = () => {}
    await expect(trainMany(withCallback)).rejects.toThrow('trainMany: jobs[0].options.onEpoch: a progress callback cannot run in a worker thread')
    expect(liveTrainWorkers()).toBe(0)
  })

  it('runJobs checks its options as trainMany does, naming the runner, and keeps job order and failure causes', async () => {
    // A runner whose jobs run in this thread only (workers: 1), so no module is needed.
    const square: JobRunner<number> = {
      module: null, tfjs: false,
      encode: () => { throw new Error('not sent to a worker') },
      runHere: async (n) => {
        if (n < 0) throw new RangeError(`negative ${n}`)
        return [{ data: Float32Array.of(n * n), rows: 1, cols: 1 }]
      },
      failure: (index, error, cause) => new Error(`job ${index}: ${error.message}`, { cause }),
    }
    const done: number[] = []
    const out = await runJobs([3, 1, 2], square, { workers: 1, onJobDone: (d) => done.push(d) })
    expect(out.map((r) => r[0].data[0])).toEqual([9, 1, 4])
    expect(done).toEqual([1, 2, 3])
    const err = (await runJobs([1, -2], square, { workers: 1 }).catch((e: unknown) => e)) as Error
    expect(err.message).toBe('job 1: negative -2')
    expect(err.cause).toBeInstanceOf(RangeError)
    await expect(runJobs([1], square, { callingThread: 'no' as never })).rejects.toThrow('runJobs: options.callingThread: expected true or false, found the string "no"')
    await expect(runJobs([1], { ...square, name: 'squares' }, { workers: 0 })).rejects.toThrow('squares: options.workers: expected a positive integer')
    await expect(runJobs([1], square, { onJobDone: 1 as never })).rejects.toThrow('runJobs: options.onJobDone: expected a function, found number 1')
  })

  it('a worker running engine jobs does not load TensorFlow.js (its modules import none of it)', () => {
    // The worker's whole import graph (train-worker → train-job → train-classifier → engine/*)
    // is loaded here in a fresh process and a job run; tfjs-core would leave globalThis._tfengine.
    const worker = fileURLToPath(new URL('../../../src/runtime/train-job.ts', import.meta.url))
    const script = `
      const { runJob } = await import(${JSON.stringify(worker)})
      const x = { data: new Float32Array(40 * 2).map((_, i) => (i * 7919) % 13 / 13), rows: 40, cols: 2 }
      const y = new Int32Array(40).map((_, i) => i % 2)
      const [p] = await runJob({ spec: { features: 2, hidden: [4], classes: 2 }, x, y, options: { epochs: 2, batchSize: 8, learningRate: 0.01, seed: 1 }, predict: [x] })
      console.log(p.rows, '_tfengine' in globalThis, '_tfGlobals' in globalThis)
    `
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('40 false false')
  })

  it('lets the process exit on its own after a parallel run (warm workers do not hold it)', () => {
    const module = fileURLToPath(new URL('../../../src/runtime/train-many.ts', import.meta.url))
    const script = `
      const { trainMany, liveTrainWorkers } = await import(${JSON.stringify(module)})
      const x = { data: new Float32Array(40 * 2).map((_, i) => (i * 7919) % 13 / 13), rows: 40, cols: 2 }
      const y = new Int32Array(40).map((_, i) => i % 2)
      const job = (seed) => ({ spec: { features: 2, hidden: [4], classes: 2 }, x, y, options: { epochs: 2, batchSize: 8, learningRate: 0.01, seed }, predict: [x] })
      const out = await trainMany([job(1), job(2)], { workers: 2, callingThread: false })
      console.log('done', out.length, liveTrainWorkers() <= 2)
    `
    // No process.exit in the script: if a worker (or a handle) were left, the child would hang and
    // be killed by the timeout (status null).
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toBe('done 2 true')
  })
})
