import { beforeAll, describe, expect, it } from 'vitest'
import { toDense } from '../../../../src/data/dataset.js'
import { loadDataset } from '../../../../src/data/load.js'
import { argmaxRows, type Matrix } from '../../../../src/data/matrix.js'
import { initBackend } from '../../../../src/runtime/backend.js'
import type { ClassifierSpec, EngineName, TrainLabels, TrainOptions } from '../../../../src/runtime/classifier.js'
import { trainClassifier } from '../../../../src/runtime/train-classifier.js'

/**
 * The tolerance the engines are held to (docs/training-engine.md): trained on the same split with
 * the same spec and seed, they start from the same bits and take the same steps in the same order;
 * only float32 rounding differs (summation order, exp/log), and it compounds over epochs. So:
 * - before any step, their probabilities agree to 1e-6;
 * - after training (tens of epochs), test accuracies within 1 point and the mean absolute
 *   difference of the probabilities below 1e-3 (measured: about 1e-7 to 3e-5). The largest single
 *   difference is not bounded: over long runs a record near a decision boundary may flip.
 */
const ENGINES: EngineName[] = ['wasm', 'js', 'tfjs']
const root = new URL('../../../../', import.meta.url).pathname
let train: { x: Matrix; y: Int32Array }
let test: { x: Matrix; y: Int32Array }

beforeAll(async () => {
  await initBackend()
  const load = async (f: string) => toDense(await loadDataset(`${root}fixtures/data/digits-split/${f}`, { scale: 1 / 16 }), f)
  train = await load('members-leaky.csv')
  test = await load('non-members.csv')
})

async function run(engine: EngineName, options: Omit<TrainOptions, 'engine'>, y: TrainLabels = train.y, spec: ClassifierSpec = { features: 64, hidden: [32], classes: 10 }) {
  const clf = await trainClassifier(spec, train.x, y, { ...options, engine })
  try {
    const p = await clf.predict(test.x)
    const pred = argmaxRows(p)
    let ok = 0
    for (let i = 0; i < pred.length; i++) if (pred[i] === test.y[i]) ok++
    return { p: p.data, accuracy: ok / pred.length }
  } finally {
    clf.dispose()
  }
}

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i])
  return s / a.length
}

describe('the engines agree (wasm, js, tfjs on the same split, spec and seed)', () => {
  it('start from the same weights (epochs: 0)', async () => {
    const results = await Promise.all(ENGINES.map((e) => run(e, { epochs: 0, batchSize: 32, learningRate: 1e-3, seed: 3 })))
    for (const r of results.slice(1)) {
      for (let i = 0; i < r.p.length; i++) expect(Math.abs(r.p[i] - results[0].p[i])).toBeLessThan(1e-6)
    }
  })

  it.each([
    ['adam, hard labels', { epochs: 30, batchSize: 32, learningRate: 1e-2, seed: 4 }, false],
    ['sgd + l2, two hidden layers', { epochs: 40, batchSize: 16, learningRate: 0.1, seed: 5, optimizer: 'sgd' as const, l2: 1e-4 }, false],
    ['adam, soft labels', { epochs: 30, batchSize: 32, learningRate: 1e-2, seed: 6 }, true],
  ] as const)('%s: accuracy within 1 point, mean |Δp| < 1e-3', async (_name, options, soft) => {
    let y: TrainLabels = train.y
    if (soft) {
      // Smoothed one-hot rows (0.82 on the label, 0.02 elsewhere).
      const data = new Float32Array(train.y.length * 10).fill(0.02)
      train.y.forEach((c, i) => { data[i * 10 + c] = 0.82 })
      y = { data, rows: train.y.length, cols: 10 }
    }
    const spec = 'optimizer' in options ? { features: 64, hidden: [32, 16], classes: 10 } : undefined
    const [wasm, js, tfjs] = await Promise.all(ENGINES.map((e) => run(e, options, y, spec)))
    expect(wasm.accuracy).toBeGreaterThan(0.8) // it learned (from 100 records)
    for (const other of [js, tfjs]) {
      expect(Math.abs(other.accuracy - wasm.accuracy)).toBeLessThanOrEqual(0.01)
      expect(meanAbsDiff(other.p, wasm.p)).toBeLessThan(1e-3)
    }
  })

  it('report the same epoch losses through onEpoch (cross-entropy + L2), within 1e-3 relative', async () => {
    const losses = await Promise.all(ENGINES.map(async (engine) => {
      const out: number[] = []
      const clf = await trainClassifier({ features: 64, hidden: [32], classes: 10 }, train.x, train.y,
        { epochs: 5, batchSize: 32, learningRate: 1e-2, seed: 9, l2: 1e-3, engine, onEpoch: (_e, loss) => { out.push(loss) } })
      clf.dispose()
      return out
    }))
    expect(losses[0]).toHaveLength(5)
    expect(losses[0][4]).toBeLessThan(losses[0][0])
    for (const other of losses.slice(1)) {
      other.forEach((l, i) => expect(Math.abs(l - losses[0][i]) / losses[0][i]).toBeLessThan(1e-3))
    }
  })

  it('each engine is deterministic: same seed, same bits', async () => {
    for (const engine of ENGINES) {
      const a = await run(engine, { epochs: 3, batchSize: 32, learningRate: 1e-3, seed: 8 })
      const b = await run(engine, { epochs: 3, batchSize: 32, learningRate: 1e-3, seed: 8 })
      expect(Array.from(a.p)).toEqual(Array.from(b.p))
    }
  })
})
