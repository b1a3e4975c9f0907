import { describe, expect, it } from 'vitest'
import type { Matrix } from '../../../../src/data/matrix.js'
import { createRng } from '../../../../src/data/rng.js'
import type { Classifier, EngineName, TrainOptions } from '../../../../src/runtime/classifier.js'
import { weightsGetter } from '../../../../src/runtime/classifier-weights.js'
import { trainClassifier } from '../../../../src/runtime/train-classifier.js'
import { dpsgdEpsilon } from '../../../../src/privacy/rdp.js'
import { normalCdf } from '../../../../src/metrics/normal.js'

/** Two Gaussian blobs in 6 dimensions, 120 rows. */
function blobs(seed: number, n = 120): { x: Matrix; y: Int32Array } {
  const rng = createRng(seed)
  const f = 6
  const data = new Float32Array(n * f)
  const y = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    y[i] = i % 2
    for (let j = 0; j < f; j++) data[i * f + j] = rng.normal() + (y[i] === 1 ? 1.5 : -1.5)
  }
  return { x: { data, rows: n, cols: f }, y }
}

const spec = { features: 6, hidden: [8], classes: 2 }
const { x, y } = blobs(1)
const base: TrainOptions = { epochs: 3, batchSize: 20, learningRate: 0.05, optimizer: 'sgd', seed: 4 }

async function probs(clf: Classifier): Promise<Float32Array> {
  try { return (await clf.predict(x)).data } finally { clf.dispose() }
}

function flatWeights(clf: Classifier): Float64Array {
  return Float64Array.from(weightsGetter(clf)!().flatMap((l) => [...l.kernel, ...l.bias]))
}

describe('DP-SGD on the engine', () => {
  for (const engine of ['js', 'wasm'] as EngineName[]) {
    it(`${engine}: the same seed gives the same bits; another seed differs`, async () => {
      const opts = { ...base, engine, dp: { noiseMultiplier: 1, clipNorm: 1 } }
      const a = await probs(await trainClassifier(spec, x, y, opts))
      const b = await probs(await trainClassifier(spec, x, y, opts))
      const c = await probs(await trainClassifier(spec, x, y, { ...opts, seed: 5 }))
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true)
      expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false)
    })

    it(`${engine}: with q = 1, no noise and no effective clipping it is full-batch SGD`, async () => {
      const opts = { ...base, epochs: 5, batchSize: x.rows, engine }
      const plain = await probs(await trainClassifier(spec, x, y, opts))
      const dp = await probs(await trainClassifier(spec, x, y, { ...opts, dp: { noiseMultiplier: 0, clipNorm: 1e9, sampleRate: 1 } }))
      let worst = 0
      for (let i = 0; i < plain.length; i++) worst = Math.max(worst, Math.abs(plain[i] - dp[i]))
      // Only the float32 summation order differs (per-example sums against one batched product).
      expect(worst).toBeLessThan(1e-4)
    })
  }

  for (const engine of ['js', 'wasm'] as EngineName[]) {
    it(`${engine}: a sample larger than one pass (256 rows) sums its passes: still full-batch SGD`, async () => {
      const big = blobs(2, 300)
      const opts = { ...base, epochs: 2, batchSize: big.x.rows, engine }
      const run = async (o: TrainOptions): Promise<Float32Array> => {
        const clf = await trainClassifier(spec, big.x, big.y, o)
        try { return (await clf.predict(big.x)).data } finally { clf.dispose() }
      }
      const plain = await run(opts)
      const dp = await run({ ...opts, dp: { noiseMultiplier: 0, clipNorm: 1e9, sampleRate: 1 } })
      let worst = 0
      for (let i = 0; i < plain.length; i++) worst = Math.max(worst, Math.abs(plain[i] - dp[i]))
      expect(worst).toBeLessThan(1e-4)
    })

    it(`${engine}: the noise is N(0, σ²C²) per parameter (Kolmogorov–Smirnov over one step)`, async () => {
      // One full-batch SGD step with lr 1: w0 − w1 = (clipped sum + σC·z) / n. With σ = 1000 the
      // clipped sum (norm ≤ n·C) is under 1% of the noise per coordinate.
      const wide = { features: 6, hidden: [200], classes: 2 }
      const opts = { ...base, epochs: 0, batchSize: x.rows, learningRate: 1, engine }
      const sigma = 1000, clip = 1
      const w0 = flatWeights(await trainClassifier(wide, x, y, opts))
      const w1 = flatWeights(await trainClassifier(wide, x, y, { ...opts, epochs: 1, dp: { noiseMultiplier: sigma, clipNorm: clip, sampleRate: 1 } }))
      const z = w0.map((v, k) => ((v - w1[k]) * x.rows) / (sigma * clip)).sort()
      let d = 0
      for (let i = 0; i < z.length; i++) {
        const c = normalCdf(z[i])
        d = Math.max(d, c - i / z.length, (i + 1) / z.length - c)
      }
      expect(z.length).toBe(6 * 200 + 200 + 200 * 2 + 2)
      expect(d).toBeLessThan(1.95 / Math.sqrt(z.length))
      const variance = z.reduce((s, v) => s + v * v, 0) / z.length
      expect(Math.abs(variance - 1)).toBeLessThan(0.15)
    })
  }

  it('clips: one noiseless SGD step over the whole set moves the weights by at most lr·C', async () => {
    const clipNorm = 0.01, lr = 1
    const opts = { ...base, epochs: 0, batchSize: x.rows, learningRate: lr, engine: 'js' as const }
    const w0 = flatWeights(await trainClassifier(spec, x, y, opts))
    const w1 = flatWeights(await trainClassifier(spec, x, y, { ...opts, epochs: 1, dp: { noiseMultiplier: 0, clipNorm, sampleRate: 1 } }))
    let d2 = 0
    for (let i = 0; i < w0.length; i++) d2 += (w1[i] - w0[i]) ** 2
    expect(Math.sqrt(d2)).toBeLessThanOrEqual(lr * clipNorm * (1 + 1e-5))
    // …and the unclipped gradient was much larger, so clipping did act.
    const w2 = flatWeights(await trainClassifier(spec, x, y, { ...opts, epochs: 1, dp: { noiseMultiplier: 0, clipNorm: 1e9, sampleRate: 1 } }))
    let e2 = 0
    for (let i = 0; i < w0.length; i++) e2 += (w2[i] - w0[i]) ** 2
    expect(Math.sqrt(e2)).toBeGreaterThan(10 * lr * clipNorm)
  })

  it('clips each record\'s own gradient: one step equals the mean of separately computed, clipped gradients', async () => {
    const rows = [0, 1, 2, 3]
    const sub = { data: Float32Array.from(rows.flatMap((r) => [...x.data.subarray(r * 6, r * 6 + 6)])), rows: rows.length, cols: 6 }
    const suby = Int32Array.from(rows.map((r) => y[r]))
    const opts = { ...base, epochs: 1, learningRate: 1, engine: 'js' as const }
    const w0 = flatWeights(await trainClassifier(spec, sub, suby, { ...opts, epochs: 0, batchSize: 1 }))
    // Each record alone, one plain SGD step with lr 1: w1 − w0 = −gᵢ (same seed, same initial weights).
    const grads = await Promise.all(rows.map(async (_, i) => {
      const one = { data: sub.data.slice(i * 6, i * 6 + 6), rows: 1, cols: 6 }
      const w1 = flatWeights(await trainClassifier(spec, one, suby.slice(i, i + 1), { ...opts, batchSize: 1 }))
      return w1.map((v, k) => w0[k] - v)
    }))
    const clipNorm = 0.5 * Math.min(...grads.map((g) => Math.hypot(...g)))
    const expected = w0.map((v, k) => v - grads.reduce((s, g) => s + g[k] * Math.min(1, clipNorm / Math.hypot(...g)), 0) / rows.length)
    const got = flatWeights(await trainClassifier(spec, sub, suby, { ...opts, batchSize: 4, dp: { noiseMultiplier: 0, clipNorm, sampleRate: 1 } }))
    for (let k = 0; k < got.length; k++) expect(Math.abs(got[k] - expected[k])).toBeLessThan(1e-5)
  })

  it('reports the accountant ε of the run, and calibrates σ to a target ε', async () => {
    const clf = await trainClassifier(spec, x, y, { ...base, engine: 'js', dp: { noiseMultiplier: 1.2, clipNorm: 1, delta: 1e-4 } })
    clf.dispose()
    const q = 20 / 120
    expect(clf.privacy).toMatchObject({ noiseMultiplier: 1.2, sampleRate: q, stepsPerEpoch: 6, steps: 18, delta: 1e-4 })
    expect(clf.privacy!.epsilon).toBe(dpsgdEpsilon({ noiseMultiplier: 1.2, sampleRate: q, steps: 18, delta: 1e-4 }).epsilon)
    const target = await trainClassifier(spec, x, y, { ...base, engine: 'js', dp: { targetEpsilon: 2, clipNorm: 1, delta: 1e-4 } })
    target.dispose()
    expect(target.privacy!.epsilon).toBeLessThanOrEqual(2)
    expect(target.privacy!.epsilon).toBeGreaterThan(1.99)
  })

  it('refuses the tfjs engine and bad settings, naming the option and the fix', async () => {
    await expect(trainClassifier(spec, x, y, { ...base, engine: 'tfjs', dp: { noiseMultiplier: 1, clipNorm: 1 } }))
      .rejects.toThrow(/options.dp: DP-SGD needs per-example gradients.*set options.engine to "wasm" or "js"/)
    await expect(trainClassifier(spec, x, y, { ...base, dp: { noiseMultiplier: 1, clipNorm: 0 } })).rejects.toThrow(/options.dp.clipNorm: expected a finite L2 norm > 0, found 0/)
    await expect(trainClassifier(spec, x, y, { ...base, dp: { noiseMultiplier: -0.5, clipNorm: 1 } })).rejects.toThrow(/options.dp.noiseMultiplier: expected a finite number ≥ 0/)
    await expect(trainClassifier(spec, x, y, { ...base, dp: { noiseMultiplier: 1, clipNorm: 1, sampleRate: 2 } })).rejects.toThrow(/options.dp.sampleRate: expected a sampling probability in \(0, 1\]/)
    await expect(trainClassifier(spec, x, y, { ...base, dp: { clipNorm: 1 } })).rejects.toThrow(/options.dp: give exactly one of noiseMultiplier and targetEpsilon, found neither/)
  })

  it('warns when δ is not below 1/records', async () => {
    const warnings: string[] = []
    const listen = (w: Error): void => { warnings.push(w.message) }
    process.on('warning', listen)
    try {
      const clf = await trainClassifier(spec, x, y, { ...base, epochs: 1, engine: 'js', dp: { noiseMultiplier: 1, clipNorm: 1, delta: 0.01 } })
      clf.dispose()
      await new Promise((r) => setImmediate(r))
      expect(clf.privacy!.warning).toMatch(/options.dp.delta: 0.01 is not below 1\/records = 0.008333333333333333 \(120 records\).*use δ < /)
      expect(warnings.some((w) => w.startsWith('options.dp.delta'))).toBe(true)
    } finally {
      process.off('warning', listen)
    }
  })
})
