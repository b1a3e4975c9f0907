import { beforeAll, describe, expect, it } from 'vitest'
import { argmaxRows, type Matrix } from '../../../src/data/matrix.js'
import { createRng } from '../../../src/data/rng.js'
import { initBackend } from '../../../src/runtime/backend.js'
import type { ClassifierSpec, TrainOptions } from '../../../src/runtime/classifier.js'
import { tf } from '../../../src/runtime/tf.js'
import { toLayersModel } from '../../../src/runtime/layers-model.js'
import { trainClassifier } from '../../../src/runtime/train-classifier.js'

beforeAll(async () => {
  await initBackend()
})

/** Three well separated Gaussian blobs in 4 dimensions (seeded). */
function blobs(n: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = createRng(seed)
  const centres = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 2]]
  const data = new Float32Array(n * 4)
  const y = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const c = rng.int(3)
    y[i] = c
    for (let j = 0; j < 4; j++) data[i * 4 + j] = centres[c][j] + 0.4 * rng.normal()
  }
  return { x: { data, rows: n, cols: 4 }, y }
}

/** Every training engine: each must compute the textbook gradient and Adam step. */
const ENGINES = ['wasm', 'js', 'tfjs'] as const

const spec: ClassifierSpec = { features: 4, hidden: [16], classes: 3 }
const options: TrainOptions = { epochs: 20, batchSize: 32, learningRate: 0.01, seed: 7 }
const train = blobs(240, 1)
const test = blobs(300, 2)

function accuracy(p: Matrix, y: Int32Array): number {
  const pred = argmaxRows(p)
  let ok = 0
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++
  return ok / y.length
}

/** The trained weights in layer order [W1, b1, W2, b2, …] as plain arrays. */
function weightsOf(clf: Awaited<ReturnType<typeof trainClassifier>>): Float32Array[] {
  const model = toLayersModel(clf)
  const out = model.getWeights().map((w) => w.dataSync() as Float32Array)
  model.dispose()
  return out
}

describe('trainClassifier', () => {
  it('learns a separable problem from hard labels; probabilities are rows that sum to 1', async () => {
    const clf = await trainClassifier(spec, train.x, train.y, options)
    const p = await clf.predict(test.x)
    clf.dispose()
    expect(p.rows).toBe(300)
    expect(p.cols).toBe(3)
    expect(accuracy(p, test.y)).toBeGreaterThan(0.95)
    for (let r = 0; r < p.rows; r += 37) {
      expect(p.data[r * 3] + p.data[r * 3 + 1] + p.data[r * 3 + 2]).toBeCloseTo(1, 5)
    }
  })

  it('learns from soft labels (probability rows)', async () => {
    const soft = new Float32Array(train.y.length * 3).fill(0.1)
    train.y.forEach((c, i) => { soft[i * 3 + c] = 0.8 })
    const clf = await trainClassifier(spec, train.x, { data: soft, rows: train.y.length, cols: 3 }, options)
    const p = await clf.predict(test.x)
    clf.dispose()
    expect(accuracy(p, test.y)).toBeGreaterThan(0.95)
    // Imitating 0.8-confident targets: confidence stays well below certainty.
    const mean = argmaxRows(p).reduce((s, c, r) => s + p.data[r * 3 + c], 0) / p.rows
    expect(mean).toBeGreaterThan(0.6)
    expect(mean).toBeLessThan(0.95)
  })

  it('same seed ⇒ identical predictions; another seed ⇒ different ones', async () => {
    const run = async (seed: number) => {
      const clf = await trainClassifier(spec, train.x, train.y, { ...options, epochs: 5, seed })
      const p = await clf.predict(test.x)
      clf.dispose()
      return p.data
    }
    const a = await run(3)
    const b = await run(3)
    const c = await run(4)
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
  })

  it('leaves tf.memory().numTensors as it was after train + predict + dispose (adam, sgd, l2, soft, onEpoch)', async () => {
    const before = tf.memory().numTensors
    const losses: number[] = []
    const a = await trainClassifier({ features: 4, hidden: [8, 8], classes: 3 }, train.x, train.y,
      { ...options, epochs: 3, l2: 1e-3, onEpoch: (_, loss) => losses.push(loss) })
    await a.predict(test.x)
    a.dispose()
    a.dispose() // twice is fine
    const soft = { data: new Float32Array(240 * 3).fill(0.2), rows: 240, cols: 3 } // rows sum to 0.6
    const b = await trainClassifier(spec, train.x, soft, { ...options, epochs: 2, optimizer: 'sgd' })
    await b.predict(test.x)
    b.dispose()
    // No hidden layer (multinomial logistic regression), one batch larger than the data.
    const c = await trainClassifier({ features: 4, hidden: [], classes: 3 }, train.x, train.y, { ...options, epochs: 150, learningRate: 0.05, batchSize: 1000 })
    expect(accuracy(await c.predict(test.x), test.y)).toBeGreaterThan(0.9)
    c.dispose()
    expect(tf.memory().numTensors).toBe(before)
    expect(losses).toHaveLength(3)
    expect(losses.every(Number.isFinite)).toBe(true)
  })

  it('reports a decreasing epoch loss through onEpoch', async () => {
    const seen: Array<[number, number]> = []
    const clf = await trainClassifier(spec, train.x, train.y, { ...options, epochs: 8, onEpoch: (e, l) => seen.push([e, l]) })
    clf.dispose()
    expect(seen.map(([e]) => e)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(seen[7][1]).toBeLessThan(seen[0][1] / 2)
  })

  it('predicts in batches (rows beyond the first 4096 get their own answers)', async () => {
    const big = blobs(5000, 3)
    const clf = await trainClassifier(spec, train.x, train.y, { ...options, epochs: 2 })
    const all = await clf.predict(big.x)
    const tail = await clf.predict({ data: big.x.data.subarray(4090 * 4), rows: 910, cols: 4 })
    clf.dispose()
    const fromAll = all.data.subarray(4090 * 3)
    for (let i = 0; i < tail.data.length; i++) expect(fromAll[i]).toBeCloseTo(tail.data[i], 6)
  })

  it.each(ENGINES)('computes the gradient tfjs autodiff computes (one full-batch SGD step, L2, un-normalised soft labels): engine %s', async (engine) => {
    const small = blobs(12, 5)
    const s: ClassifierSpec = { features: 4, hidden: [5], classes: 3 }
    const soft = new Float32Array(12 * 3)
    const r = createRng(9)
    for (let i = 0; i < soft.length; i++) soft[i] = r.next()
    const y = { data: soft, rows: 12, cols: 3 }
    const base = { batchSize: 12, learningRate: 0.1, seed: 11, optimizer: 'sgd' as const, l2: 0.05, engine }
    const init = await trainClassifier(s, small.x, y, { ...base, epochs: 0 })
    const w0 = weightsOf(init)
    init.dispose()
    const stepped = await trainClassifier(s, small.x, y, { ...base, epochs: 1 })
    const w1 = weightsOf(stepped)
    stepped.dispose()

    // Reference: the same objective differentiated by tfjs.
    const expected = tf.tidy(() => {
      const vars = w0.map((w, i) => tf.tensor(w, i % 2 === 0 ? [[4, 5], [5, 3]][i / 2] : [w.length]))
      const x = tf.tensor2d(small.x.data, [12, 4])
      const yt = tf.tensor2d(soft, [12, 3])
      const f = (...p: tf.Tensor[]) => {
        const h = tf.relu(tf.add(tf.matMul(x, p[0] as tf.Tensor2D), p[1]))
        const z = tf.add(tf.matMul(h as tf.Tensor2D, p[2] as tf.Tensor2D), p[3])
        const ce = tf.div(tf.neg(tf.sum(tf.mul(yt, tf.logSoftmax(z)))), 12)
        return tf.add(ce, tf.mul(tf.add(tf.sum(tf.square(p[0])), tf.sum(tf.square(p[2]))), base.l2)) as tf.Scalar
      }
      const grads = tf.grads(f)(vars)
      return vars.map((v, i) => tf.sub(v, tf.mul(grads[i], base.learningRate)).dataSync() as Float32Array)
    })
    let moved = 0
    for (let k = 0; k < w0.length; k++) {
      for (let i = 0; i < w0[k].length; i++) {
        expect(w1[k][i]).toBeCloseTo(expected[k][i], 5)
        moved = Math.max(moved, Math.abs(w1[k][i] - w0[k][i]))
      }
    }
    expect(moved).toBeGreaterThan(1e-3) // the step did something
  })

  it.each(ENGINES)('matches tf.train.adam (β 0.9/0.999, ε 1e-7) over two full-batch steps: engine %s', async (engine) => {
    const small = blobs(16, 6)
    const s: ClassifierSpec = { features: 4, hidden: [6], classes: 3 }
    const base = { batchSize: 16, learningRate: 0.01, seed: 12, engine }
    const init = await trainClassifier(s, small.x, small.y, { ...base, epochs: 0 })
    const w0 = weightsOf(init)
    init.dispose()
    const trained = await trainClassifier(s, small.x, small.y, { ...base, epochs: 2 })
    const w2 = weightsOf(trained)
    trained.dispose()

    const shapes = [[4, 6], [6], [6, 3], [3]]
    const vars = w0.map((w, i) => tf.variable(tf.tensor(w, shapes[i])))
    const adam = tf.train.adam(base.learningRate, 0.9, 0.999, 1e-7)
    const x = tf.tensor2d(small.x.data, [16, 4])
    const yt = tf.oneHot(tf.tensor1d(small.y, 'int32'), 3)
    for (let step = 0; step < 2; step++) {
      adam.minimize(() => {
        const h = tf.relu(tf.add(tf.matMul(x, vars[0] as tf.Tensor2D), vars[1]))
        const z = tf.add(tf.matMul(h as tf.Tensor2D, vars[2] as tf.Tensor2D), vars[3])
        return tf.div(tf.neg(tf.sum(tf.mul(yt, tf.logSoftmax(z)))), 16) as tf.Scalar
      }, false, vars)
    }
    const expected = vars.map((v) => v.dataSync() as Float32Array)
    adam.dispose()
    tf.dispose([...vars, x, yt])
    for (let k = 0; k < w0.length; k++) {
      for (let i = 0; i < w0[k].length; i++) expect(w2[k][i]).toBeCloseTo(expected[k][i], 5)
    }
  })
})

describe('trainClassifier rejects bad input, naming the argument', () => {
  const x = train.x
  const y = train.y
  const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
    ['x width ≠ spec.features', () => trainClassifier({ ...spec, features: 5 }, x, y, options), /^x: expected 5 columns \(spec\.features\), found 4$/],
    ['label count', () => trainClassifier(spec, x, y.subarray(1), options), /^y: x has 240 rows but y has 239 labels$/],
    ['label out of range', () => trainClassifier(spec, x, Int32Array.from(y, (v, i) => (i === 2 ? 3 : v)), options), /^y\[2\]: expected a class index in \[0, 3\)/],
    ['negative label', () => trainClassifier(spec, x, Int32Array.from(y, (v, i) => (i === 0 ? -1 : v)), options), /^y\[0\]: .* found -1$/],
    ['soft-label width', () => trainClassifier(spec, x, { data: new Float32Array(240 * 2), rows: 240, cols: 2 }, options), /^y: expected soft-label rows of width 3 \(spec\.classes\), found 2$/],
    ['soft-label rows', () => trainClassifier(spec, x, { data: new Float32Array(10 * 3), rows: 10, cols: 3 }, options), /^y: x has 240 rows but the soft labels have 10$/],
    ['soft label outside [0, 1]', () => trainClassifier(spec, x, { data: new Float32Array(240 * 3).fill(-0.5), rows: 240, cols: 3 }, options), /^y\[0\]\[0\]: expected a probability in \[0, 1\], found -0\.5$/],
    ['all-zero soft row', () => trainClassifier(spec, x, { data: new Float32Array(240 * 3), rows: 240, cols: 3 }, options), /^y\[0\]: the soft-label row is all zeros/],
    ['labels of the wrong type', () => trainClassifier(spec, x, [0, 1] as unknown as Int32Array, options), /^y: expected an Int32Array of class indices or a Matrix of probability rows, found an array of length 2$/],
    ['NaN feature', () => trainClassifier(spec, { ...x, data: Float32Array.from(x.data, (v, i) => (i === 9 ? NaN : v)) }, y, options), /^x\[2\]\[1\]: expected a finite number, found NaN$/],
    ['ragged matrix', () => trainClassifier(spec, { data: new Float32Array(10), rows: 3, cols: 4 }, new Int32Array(3), options), /^x: data has 10 values, expected rows × cols = 3 × 4 = 12$/],
    ['empty x', () => trainClassifier(spec, { data: new Float32Array(0), rows: 0, cols: 4 }, new Int32Array(0), options), /^x: expected at least 1 row, found 0$/],
    ['hidden width', () => trainClassifier({ ...spec, hidden: [0] }, x, y, options), /^spec\.hidden\[0\]: expected a positive integer, found 0$/],
    ['one class', () => trainClassifier({ ...spec, classes: 1 }, x, y, options), /^spec\.classes: expected an integer ≥ 2, found 1$/],
    ['batch size', () => trainClassifier(spec, x, y, { ...options, batchSize: 0 }), /^options\.batchSize: expected a positive integer, found 0$/],
    ['epochs', () => trainClassifier(spec, x, y, { ...options, epochs: 1.5 }), /^options\.epochs: expected an integer ≥ 0, found 1\.5$/],
    ['learning rate', () => trainClassifier(spec, x, y, { ...options, learningRate: 0 }), /^options\.learningRate: expected a finite number > 0, found 0$/],
    ['optimizer', () => trainClassifier(spec, x, y, { ...options, optimizer: 'rmsprop' as 'adam' }), /^options\.optimizer: expected "adam" or "sgd", found "rmsprop"$/],
    ['l2', () => trainClassifier(spec, x, y, { ...options, l2: -1 }), /^options\.l2: expected a finite number ≥ 0, found -1$/],
    ['seed', () => trainClassifier(spec, x, y, { ...options, seed: 0.5 }), /^options\.seed: expected an integer, found 0\.5$/],
  ]
  it.each(cases)('%s', async (_, call, message) => {
    const before = tf.memory().numTensors
    await expect(call()).rejects.toThrow(message)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('predict checks its input and refuses after dispose; toLayersModel refuses foreign objects', async () => {
    const clf = await trainClassifier(spec, x, y, { ...options, epochs: 1 })
    await expect(clf.predict({ data: new Float32Array(6), rows: 2, cols: 3 })).rejects.toThrow(/^x: expected 4 columns \(spec\.features\), found 3$/)
    clf.dispose()
    await expect(clf.predict(test.x)).rejects.toThrow(/^predict: the classifier was disposed$/)
    expect(() => toLayersModel(clf)).toThrow(/^toLayersModel: the classifier was disposed$/)
    expect(() => toLayersModel({ spec, predict: clf.predict, dispose: () => {} })).toThrow(/expected one returned by trainClassifier/)
  })
})
