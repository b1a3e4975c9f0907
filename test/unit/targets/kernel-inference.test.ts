import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoadedDataset } from '../../../src/data/csv.js'
import { loadDataset } from '../../../src/data/load.js'
import type { Matrix } from '../../../src/data/matrix.js'
import { loadTfModel } from '../../../src/runtime/model-io.js'
import { tf } from '../../../src/runtime/tf.js'
import { fromTfModel } from '../../../src/targets/from-tf-model.js'
import { KERNEL_FALLBACK_WARNING, KERNEL_TOLERANCE, kernelInference } from '../../../src/targets/kernel-inference.js'
import { wasmKernelAvailable } from '../../../src/runtime/engine/wasm-kernel.js'
import { loadOnnxRuntime } from '../../../src/targets/onnx/runtime.js'

const root = new URL('../../../fixtures/', import.meta.url).pathname
let digits: LoadedDataset
let x: Matrix

beforeAll(async () => {
  digits = await loadDataset(`${root}data/digits-split/non-members.csv`, { scale: 1 / 16 })
  x = { data: digits.x, rows: digits.rows, cols: digits.features }
})

/** Counts the calls of `model.predict` (the tfjs path; the faster paths never call it) and the rows of each. */
function countPredict(model: tf.LayersModel): { calls: number; rows: number[] } {
  const counter = { calls: 0, rows: [] as number[] }
  const original = model.predict.bind(model)
  model.predict = ((input: tf.Tensor, args?: object) => { counter.calls++; counter.rows.push(input.shape[0]); return original(input, args) }) as typeof model.predict
  return counter
}

function tfjsAnswer(model: tf.LayersModel, rows: Matrix): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(rows.data, [rows.rows, rows.cols])) as tf.Tensor).dataSync() as Float32Array)
}

function worstDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst
}

/** Collects the kernel fallback warnings emitted while `run` runs. */
async function fallbackWarnings(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = []
  const listen = (w: Error & { code?: string }): void => { if (w.code === KERNEL_FALLBACK_WARNING.code) seen.push(w.message) }
  process.on('warning', listen)
  try {
    await run()
    await new Promise((r) => setImmediate(r))
  } finally {
    process.off('warning', listen)
  }
  return seen
}

type Layer = Parameters<typeof tf.sequential>[0] extends infer A ? A extends { layers?: (infer L)[] } ? L : never : never
function seeded(layers: Layer[]): tf.Sequential {
  return tf.sequential({ layers })
}
const init = (seed: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 100 }) })

/** A model whose first layer is a Dense whose call() adds 0.5: its class name and config are Dense's, its answers are not. */
function shiftedModel(): tf.Sequential {
  const Dense = tf.layers.dense({ units: 1 }).constructor as new (args: object) => ReturnType<typeof tf.layers.dense>
  class ShiftedDense extends Dense {
    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
      return tf.tidy(() => tf.add(super.call(inputs, kwargs) as tf.Tensor, 0.5))
    }
  }
  return seeded([new ShiftedDense({ inputShape: [64], units: 16, activation: 'relu', ...init(10) }), tf.layers.dense({ units: 10, activation: 'softmax', ...init(11) })])
}

const engine = wasmKernelAvailable() ? 'wasm' : 'js'

// onnxruntime-node is a devDependency: both paths run here.
describe.each([
  { kernel: 'onnxruntime' as const, path: 'onnxruntime', who: 'onnxruntime' },
  { kernel: 'engine' as const, path: engine, who: `the engine's ${engine} kernel` },
])('fromTfModel with kernel: "$kernel"', ({ kernel, path, who }) => {
  for (const name of ['digits-leaky', 'digits-regularised']) {
    it(`${name}: answers like tfjs (≤ 1e-5) and calls tfjs predict for the first batch only`, async () => {
      const model = (await loadTfModel(`${root}models/${name}/model.json`)) as tf.LayersModel
      try {
        const reference = tfjsAnswer(model, x)
        const counter = countPredict(model)
        const target = fromTfModel(model, { batchSize: 128, kernel })
        expect(target.inference).toBe('tfjs')
        // Not checked yet: it cannot answer as a new target would once restarted (a new one checks its first batch).
        expect(target.restart()).toBe(false)
        const warnings = await fallbackWarnings(async () => {
          const answer = await target.query(x)
          expect(worstDifference(answer.data, reference)).toBeLessThanOrEqual(KERNEL_TOLERANCE)
        })
        expect(target.inference).toBe(path)
        expect(x.rows).toBeGreaterThan(3 * 128)
        expect(counter.calls).toBe(1)
        expect(warnings).toEqual([])
        // After dispose() the target still answers: tfjs first, then a freshly checked path.
        target.dispose?.()
        expect(target.inference).toBe('tfjs')
        const again = await target.query(x)
        expect(worstDifference(again.data, reference)).toBeLessThanOrEqual(KERNEL_TOLERANCE)
        expect(counter.calls).toBe(2)
        expect(target.inference).toBe(path)
        // restart() does what dispose() did: the next batch is tfjs's, checking a new path.
        expect(target.restart()).toBe(true)
        expect(target.inference).toBe('tfjs')
        await target.query(x)
        expect(counter.calls).toBe(3)
        expect(target.inference).toBe(path)
      } finally {
        model.dispose()
      }
    })
  }

  it('reads a relu dense layer followed by a softmax activation layer', async () => {
    const model = seeded([
      tf.layers.dense({ inputShape: [64], units: 24, activation: 'relu', ...init(15) }),
      tf.layers.dense({ units: 10, activation: 'relu', ...init(16) }),
      tf.layers.activation({ activation: 'softmax' }),
    ])
    try {
      const reference = tfjsAnswer(model, x)
      const counter = countPredict(model)
      const target = fromTfModel(model, { batchSize: 100, kernel })
      const answer = await target.query(x)
      expect(counter.calls).toBe(1)
      expect(target.inference).toBe(path)
      expect(worstDifference(answer.data, reference)).toBeLessThanOrEqual(KERNEL_TOLERANCE)
    } finally {
      model.dispose()
    }
  })

  it('reads activation, dropout and trivial reshape layers, linear outputs (logits) and a bias-free layer', async () => {
    const model = seeded([
      tf.layers.reshape({ inputShape: [64], targetShape: [64] }),
      tf.layers.dense({ units: 32, useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 16, activation: 'linear', ...init(4) }),
      tf.layers.dense({ units: 10, activation: 'relu', ...init(5) }),
      tf.layers.dense({ units: 10, activation: 'linear', ...init(6) }),
    ])
    try {
      const reference = tfjsAnswer(model, x)
      const counter = countPredict(model)
      const answer = await fromTfModel(model, { batchSize: 100, outputMode: 'logits', kernel }).query(x)
      expect(counter.calls).toBe(1)
      // The target turns logits into probabilities: compare with tfjs's logits through the same softmax.
      const probs = tf.tidy(() => tf.softmax(tf.tensor2d(reference, [x.rows, 10])).dataSync() as Float32Array)
      expect(worstDifference(answer.data, probs)).toBeLessThanOrEqual(KERNEL_TOLERANCE)
    } finally {
      model.dispose()
    }
  })

  it('falls back to tfjs, warning once, when the kernel disagrees on the first batch (a custom layer under a built-in name)', async () => {
    const model = shiftedModel()
    try {
      const reference = tfjsAnswer(model, x)
      const counter = countPredict(model)
      const target = fromTfModel(model, { batchSize: 100, kernel })
      const warnings = await fallbackWarnings(async () => {
        const answer = await target.query(x)
        await target.query(x)
        expect(worstDifference(answer.data, reference)).toBe(0)
      })
      expect(counter.calls).toBe(2 * Math.ceil(x.rows / 100))
      expect(target.inference).toBe('tfjs')
      // Given up for good, unlike a new target: it cannot be restarted.
      expect(target.restart()).toBe(false)
      expect(warnings).toHaveLength(1)
      expect(warnings[0].startsWith(`target "${target.name}": ${who} answered rows 0..99 unlike tfjs (largest difference `)).toBe(true)
      expect(warnings[0]).toMatch(/\); tfjs predict answers every query from now on/)
    } finally {
      model.dispose()
    }
  })

  it('in calls sized by bytes (no batchSize): tfjs answers a call\'s first 512 rows to check the path, the path the rest of that call', async () => {
    const model = (await loadTfModel(`${root}models/digits-regularised/model.json`)) as tf.LayersModel
    try {
      const reference = tfjsAnswer(model, x)
      const rowsSeen = countPredict(model).rows
      const target = fromTfModel(model, { kernel })
      expect(x.rows).toBeGreaterThan(512)
      const answer = await target.query(x)
      expect(rowsSeen).toEqual([512])
      expect(target.inference).toBe(path)
      expect(worstDifference(answer.data, reference)).toBeLessThanOrEqual(KERNEL_TOLERANCE)
      // The checked rows are tfjs's own answers, bit for bit.
      expect(worstDifference(answer.data.subarray(0, 512 * 10), reference.subarray(0, 512 * 10))).toBe(0)
    } finally {
      model.dispose()
    }
  })

  it('in calls sized by bytes, a path that disagrees leaves the whole call, and every later one, to tfjs', async () => {
    const model = shiftedModel()
    try {
      const reference = tfjsAnswer(model, x)
      const rowsSeen = countPredict(model).rows
      const target = fromTfModel(model, { kernel })
      const warnings = await fallbackWarnings(async () => {
        expect(worstDifference((await target.query(x)).data, reference)).toBe(0)
        expect(worstDifference((await target.query(x)).data, reference)).toBe(0)
      })
      // The checking call split at 512 rows; once the path is given up, tfjs answers whole calls.
      expect(rowsSeen).toEqual([512, x.rows - 512, x.rows])
      expect(warnings).toHaveLength(1)
      expect(target.inference).toBe('tfjs')
    } finally {
      model.dispose()
    }
  })

  it('copies the weights again when the model gets new ones after the first query', async () => {
    const model = seeded([tf.layers.dense({ inputShape: [64], units: 10, activation: 'softmax', ...init(12) })])
    const other = seeded([tf.layers.dense({ inputShape: [64], units: 10, activation: 'softmax', ...init(13) })])
    try {
      const target = fromTfModel(model, { batchSize: 100, kernel })
      await target.query(x)
      const counter = countPredict(model)
      model.setWeights(other.getWeights())
      const answer = await target.query(x)
      expect(worstDifference(answer.data, tfjsAnswer(other, x))).toBeLessThanOrEqual(KERNEL_TOLERANCE)
      // tfjs answered the first batch after the change (the re-check), the faster path the rest.
      expect(counter.calls).toBe(1)
      expect(target.inference).toBe(path)
    } finally {
      model.dispose()
      other.dispose()
    }
  })
})

describe('fromTfModel without a faster path', () => {
  it('kernel: false always answers with tfjs', async () => {
    const model = seeded([tf.layers.dense({ inputShape: [64], units: 10, activation: 'softmax', ...init(7) })])
    try {
      const counter = countPredict(model)
      const target = fromTfModel(model, { batchSize: 100, kernel: false })
      await target.query(x)
      expect(counter.calls).toBe(Math.ceil(x.rows / 100))
      // Every answer is tfjs's, as in a new target: nothing to restart.
      expect(target.restart()).toBe(true)
      expect(() => fromTfModel(model, { kernel: 'yes' as unknown as boolean })).toThrow(/options.kernel: expected true, false, "onnxruntime" or "engine", found the string "yes"/)
    } finally {
      model.dispose()
    }
  })

  it('a model with another layer (batch normalisation, a sigmoid) always answers with tfjs, silently', async () => {
    for (const model of [
      seeded([tf.layers.dense({ inputShape: [64], units: 16, activation: 'relu', ...init(8) }), tf.layers.batchNormalization(), tf.layers.dense({ units: 10, activation: 'softmax', ...init(9) })]),
      seeded([tf.layers.dense({ inputShape: [64], units: 16, activation: 'sigmoid', ...init(8) }), tf.layers.dense({ units: 10, activation: 'softmax', ...init(9) })]),
    ]) {
      try {
        const counter = countPredict(model)
        const warnings = await fallbackWarnings(async () => { await fromTfModel(model, { batchSize: 100 }).query(x) })
        expect(counter.calls).toBe(Math.ceil(x.rows / 100))
        expect(warnings).toEqual([])
      } finally {
        model.dispose()
      }
    }
  })

  it('a model-like object that is no real LayersModel answers through its own predict', async () => {
    const model = seeded([tf.layers.dense({ inputShape: [64], units: 10, activation: 'softmax', ...init(14) })])
    try {
      let calls = 0
      const fake = { inputs: model.inputs, outputs: model.outputs, layers: [{}], predict: (t: tf.Tensor) => { calls++; return model.predict(t) } }
      await fromTfModel(fake as never, { batchSize: 100 }).query(x)
      expect(calls).toBe(Math.ceil(x.rows / 100))
    } finally {
      model.dispose()
    }
  })
})

describe('choosing the faster path', () => {
  const firstRows = (): Matrix => ({ data: x.data.subarray(0, 100 * x.cols), rows: 100, cols: x.cols })

  it('by default, onnxruntime answers when onnxruntime-node loads', async () => {
    const model = seeded([tf.layers.dense({ inputShape: [64], units: 10, activation: 'softmax', ...init(17) })])
    try {
      const target = fromTfModel(model, { batchSize: 100 })
      await target.query(x)
      expect(target.inference).toBe('onnxruntime')
    } finally {
      model.dispose()
    }
  })

  it('by default, the engine kernel answers, silently, when onnxruntime-node cannot load', async () => {
    const model = seeded([tf.layers.dense({ inputShape: [64], units: 32, activation: 'relu', ...init(18) }), tf.layers.dense({ units: 10, activation: 'softmax', ...init(19) })])
    try {
      let loads = 0
      const missing = () => loadOnnxRuntime(() => { loads++; return Promise.reject(Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' })) })
      const fast = kernelInference(model, 'target "t"', { loadOrt: missing })
      expect(fast).toBeDefined()
      const first = firstRows()
      const warnings = await fallbackWarnings(async () => {
        expect(await fast!.answer(first)).toBeUndefined()
        await fast!.check(first, { data: tfjsAnswer(model, first), rows: 100, cols: 10 }, 'rows 0..99')
      })
      expect(warnings).toEqual([])
      expect(fast!.answering).toBe(engine)
      const answer = await fast!.answer(x)
      expect(worstDifference(answer!.data, tfjsAnswer(model, x))).toBeLessThanOrEqual(KERNEL_TOLERANCE)
      expect(loads).toBe(1)
    } finally {
      model.dispose()
    }
  })

  it('kernel: "onnxruntime" rejects with the install hint when onnxruntime-node cannot load', async () => {
    const model = seeded([tf.layers.dense({ inputShape: [64], units: 10, activation: 'softmax', ...init(20) })])
    try {
      const missing = () => loadOnnxRuntime(() => Promise.reject(Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' })))
      const fast = kernelInference(model, 'target "t"', { choice: 'onnxruntime', loadOrt: missing })!
      const first = firstRows()
      await expect(fast.check(first, { data: tfjsAnswer(model, first), rows: 100, cols: 10 }, 'rows 0..99')).rejects.toThrow(/onnxruntime-node, but it is not installed: install onnxruntime-node/)
      expect(fast.answering).toBe('tfjs')
    } finally {
      model.dispose()
    }
  })
})

afterAll(() => undefined)
