import { describe, expect, it, vi } from 'vitest'
import type { Matrix } from '../../../src/data/matrix.js'
import { createProgress, setProgress } from '../../../src/runtime/progress.js'
import { checkLabelRows, checkProbabilityRows, createTarget, softmaxInto, type BatchPredict, type RowTerms } from '../../../src/targets/create-target.js'
import { TargetAnswerError } from '../../../src/targets/target.js'

/** n rows × f features, row r filled with r (so answers can be traced to rows). */
function input(n: number, f = 2): Matrix {
  const data = new Float32Array(n * f)
  for (let r = 0; r < n; r++) data.fill(r, r * f, (r + 1) * f)
  return { data, rows: n, cols: f }
}

/** A predict that answers [p, 1 − p] with p = (first feature mod 10) / 10, spying on its batches. */
function uniformish() {
  return vi.fn<BatchPredict>(async (rows) => {
    const data = new Float32Array(rows.rows * 2)
    for (let r = 0; r < rows.rows; r++) {
      const p = (rows.data[r * rows.cols] % 10) / 10
      data[r * 2] = p
      data[r * 2 + 1] = 1 - p
    }
    return { data, rows: rows.rows, cols: 2 }
  })
}

/** A predict returning `answer(rows)` built from nested arrays. */
function answering(fn: (n: number, start: number) => number[][]) {
  return vi.fn<BatchPredict>(async (rows, { start }) => {
    const out = fn(rows.rows, start)
    const cols = out[0]?.length ?? 0
    return { data: Float32Array.from(out.flat()), rows: out.length, cols }
  })
}

describe('createTarget: batching and counting', () => {
  it('sends ceil(n / 512) batches of the right sizes, in order, and reassembles the answers', async () => {
    const predict = uniformish()
    const t = createTarget(predict, { name: 'spy' })
    const out = await t.query(input(1200))
    expect(predict).toHaveBeenCalledTimes(3)
    expect(predict.mock.calls.map(([m]) => m.rows)).toEqual([512, 512, 176])
    expect(predict.mock.calls.map(([, b]) => b.start)).toEqual([0, 512, 1024])
    expect(predict.mock.calls[1][0].data[0]).toBe(512)
    expect([out.rows, out.cols]).toEqual([1200, 2])
    for (const r of [0, 511, 512, 1199]) expect(out.data[r * 2]).toBeCloseTo((r % 10) / 10, 6)
    expect(t.queryCount).toBe(1200)
  })

  it('honours a custom batch size and counts across queries', async () => {
    const predict = uniformish()
    const t = createTarget(predict, { name: 'spy', batchSize: 100 })
    await t.query(input(250))
    expect(predict.mock.calls.map(([m]) => m.rows)).toEqual([100, 100, 50])
    await t.query(input(100))
    expect(predict).toHaveBeenCalledTimes(4)
    expect(t.queryCount).toBe(350)
    expect(t.name).toBe('spy')
    expect(t.outputMode).toBe('probabilities')
    expect(t.features).toBeUndefined()
  })

  it('answers a zero-row query with an empty matrix without calling predict', async () => {
    const predict = uniformish()
    const t = createTarget(predict, { name: 'spy', features: 2 })
    const out = await t.query({ data: new Float32Array(0), rows: 0, cols: 2 })
    expect(out.rows).toBe(0)
    expect(out.data.length).toBe(0)
    expect(predict).not.toHaveBeenCalled()
    expect(t.queryCount).toBe(0)
    await t.query(input(3))
    expect((await t.query({ data: new Float32Array(0), rows: 0, cols: 2 })).cols).toBe(2)
  })

  it('validates batchSize, tolerance, outputMode, name and features', () => {
    const p = uniformish()
    for (const batchSize of [0, -1, 1.5, Number.NaN, '10']) {
      expect(() => createTarget(p, { name: 't', batchSize: batchSize as number })).toThrow(/target "t": options\.batchSize: expected a positive integer, found/)
    }
    expect(() => createTarget(p, { name: 't', tolerance: -1 })).toThrow(/target "t": options\.tolerance: expected a finite number ≥ 0, found -1/)
    expect(() => createTarget(p, { name: 't', outputMode: 'top-k' as never })).toThrow(/options\.outputMode: expected 'probabilities', 'logits' or 'label', found "top-k"/)
    expect(() => createTarget(p, { name: '' })).toThrow(/createTarget: options\.name: expected a non-empty string/)
    expect(() => createTarget(p, { name: 't', features: 0 })).toThrow(/options\.features: expected a positive integer, found 0/)
    expect(() => createTarget('x' as never, { name: 't' })).toThrow(/createTarget: predict: expected a function/)
  })

  it('passes dispose through', () => {
    const dispose = vi.fn()
    const t = createTarget(uniformish(), { name: 't', dispose })
    t.dispose?.()
    expect(dispose).toHaveBeenCalledOnce()
    expect(createTarget(uniformish(), { name: 't' }).dispose).toBeUndefined()
  })
})

describe('createTarget: validation of queries and answers', () => {
  it('refuses a query with the wrong number of features', async () => {
    const predict = uniformish()
    const t = createTarget(predict, { name: 'digits', features: 64 })
    await expect(t.query(input(3, 30))).rejects.toThrow(TargetAnswerError)
    await expect(t.query(input(3, 30))).rejects.toThrow(/target "digits": query has 30 features per row, but the target expects 64/)
    expect(predict).not.toHaveBeenCalled()
  })

  it('refuses something that is not a Matrix', async () => {
    const t = createTarget(uniformish(), { name: 't' })
    await expect(t.query([[1, 2]] as never)).rejects.toThrow(/target "t": query\(rows\): expected a Matrix/)
    await expect(t.query({ data: new Float32Array(3), rows: 2, cols: 2 })).rejects.toThrow(/data\.length = rows × cols, found \{ data: Float32Array\(3\), rows: 2, cols: 2 \}/)
  })

  it('an answer with the wrong row count', async () => {
    const t = createTarget(answering((n) => Array.from({ length: n - 1 }, () => [0.5, 0.5])), { name: 'short' })
    await expect(t.query(input(4))).rejects.toThrow(/target "short": answer to rows 0\.\.3: expected 4 output rows \(one per input row\), found 3/)
  })

  it('an answer that is not a Matrix', async () => {
    const t = createTarget(async () => [[0.5, 0.5]] as never, { name: 'raw' })
    await expect(t.query(input(1))).rejects.toThrow(/target "raw": answer to rows 0\.\.0: expected a Matrix/)
  })

  it('an answer whose width changes between batches (the first batch fixes it)', async () => {
    const t = createTarget(answering((n, start) => Array.from({ length: n }, () => (start === 0 ? [0.5, 0.5] : [0.2, 0.3, 0.5]))), { name: 'w', batchSize: 2 })
    await expect(t.query(input(4))).rejects.toThrow(/target "w": answer to rows 2\.\.3 has 3 columns; expected 2 classes \(as in the answer to rows 0\.\.1\)/)
  })

  it('an answer whose width differs from the declared class count', async () => {
    const t = createTarget(answering((n) => Array.from({ length: n }, () => [0.5, 0.5])), { name: 'k', classes: 3 })
    await expect(t.query(input(2))).rejects.toThrow(/answer to rows 0\.\.1 has 2 columns; expected 3 classes \(as the model declares\)/)
  })

  it('an answer with zero columns', async () => {
    const t = createTarget(async (rows) => ({ data: new Float32Array(0), rows: rows.rows, cols: 0 }), { name: 'z' })
    await expect(t.query(input(2))).rejects.toThrow(/expected at least one class column, found 0 columns/)
  })

  it('NaN and Infinity name the row in the caller’s matrix, the column and the value', async () => {
    const nanAt = answering((n, start) => Array.from({ length: n }, (_, i) => (start + i === 600 ? [0.5, Number.NaN] : [0.5, 0.5])))
    await expect(createTarget(nanAt, { name: 'n' }).query(input(700))).rejects.toThrow(/target "n": answer for row 600, column 1: expected a finite number, found NaN/)
    const infAt = answering((n) => Array.from({ length: n }, (_, i) => (i === 2 ? [-Infinity, 0] : [0, 0])))
    await expect(createTarget(infAt, { name: 'i', outputMode: 'logits' }).query(input(3))).rejects.toThrow(/answer for row 2, column 0: expected a finite number, found -Infinity/)
  })

  it('a probability outside [0, 1]', async () => {
    const t = createTarget(answering((n) => Array.from({ length: n }, (_, i) => (i === 1 ? [1.5, -0.5] : [0.5, 0.5]))), { name: 'p' })
    await expect(t.query(input(3))).rejects.toThrow(
      /target "p": answer for row 1, column 0: expected a probability in \[0, 1\], found 1\.5; if the model returns logits, pass \{ outputMode: 'logits' \}/,
    )
  })

  it('a row whose sum is off by more than the tolerance names the first bad row only, with the sum and the hint', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => (i === 3 ? [0.5, 0.6] : i === 7 ? [0.1, 0.1] : [0.25, 0.75]))
    const t = createTarget(answering(rows), { name: 's' })
    const err = (await t.query(input(10)).catch((e: unknown) => e)) as Error
    expect(err).toBeInstanceOf(TargetAnswerError)
    expect(err.message).toMatch(/^target "s": answer for row 3: probabilities sum to 1\.1, expected 1 ± 0\.001; if the model returns logits, pass \{ outputMode: 'logits' \}$/)
    expect(err.message).not.toMatch(/row 7/)
  })

  it('a row with several problems reports the non-finite value first, whatever its column', async () => {
    const t = createTarget(answering((n) => Array.from({ length: n }, (_, i) => (i === 2 ? [1.5, Number.NaN, 0] : [0.2, 0.3, 0.5]))), { name: 'm' })
    await expect(t.query(input(4))).rejects.toThrow(/target "m": answer for row 2, column 1: expected a finite number, found NaN/)
    const inf = createTarget(answering((n) => Array.from({ length: n }, () => [Infinity, 0])), { name: 'i' })
    await expect(inf.query(input(1))).rejects.toThrow(/answer for row 0, column 0: expected a finite number, found Infinity/)
  })

  it('a single sigmoid column gets an extra hint', async () => {
    const t = createTarget(answering((n) => Array.from({ length: n }, () => [0.3])), { name: 'sig' })
    await expect(t.query(input(1))).rejects.toThrow(/sum to 0\.3, .*a single output column \(a sigmoid\?\) is not a distribution/)
  })

  it('tolerance is configurable', async () => {
    const off = answering((n) => Array.from({ length: n }, () => [0.5, 0.505]))
    await expect(createTarget(off, { name: 't' }).query(input(1))).rejects.toThrow(/sum to 1\.005, expected 1 ± 0\.001/)
    const out = await createTarget(off, { name: 't', tolerance: 0.01 }).query(input(1))
    expect(out.data[1]).toBeCloseTo(0.505, 6)
  })

  it('wraps an error thrown by the interface with the target name and row range', async () => {
    const cause = new Error('connection reset')
    const t = createTarget(async () => { throw cause }, { name: 'http', batchSize: 5 })
    const err = (await t.query(input(7)).catch((e: unknown) => e)) as Error
    expect(err.message).toBe('target "http": the interface failed on rows 0..4 of the query: connection reset')
    expect(err.cause).toBe(cause)
    expect(t.queryCount).toBe(0)
  })
})

describe('createTarget: logits', () => {
  it('applies a numerically stable softmax', async () => {
    const t = createTarget(answering(() => [[0, Math.log(3)], [1000, 1001], [-1000, -1000]]), { name: 'l', outputMode: 'logits' })
    const out = await t.query(input(3))
    expect(t.outputMode).toBe('logits')
    expect(out.data[0]).toBeCloseTo(0.25, 6)
    expect(out.data[1]).toBeCloseTo(0.75, 6)
    expect(out.data[2]).toBeCloseTo(1 / (1 + Math.E), 6)
    expect(out.data[3]).toBeCloseTo(Math.E / (1 + Math.E), 6)
    expect(out.data[4]).toBeCloseTo(0.5, 6)
    for (const v of out.data) expect(Number.isFinite(v)).toBe(true)
  })

  it('does not modify the interface’s answer buffer', async () => {
    const buffer = new Float32Array([2, 1])
    const t = createTarget(async () => ({ data: buffer, rows: 1, cols: 2 }), { name: 'l', outputMode: 'logits' })
    await t.query(input(1))
    expect(Array.from(buffer)).toEqual([2, 1])
  })
})

describe('createTarget progress', () => {
  it('a query of several batches reports its rows per batch; one batch reports nothing', async () => {
    const written: string[] = []
    setProgress(createProgress({ stream: { isTTY: false, write: (s: string) => written.push(s) }, interval: 0 }))
    try {
      const t = createTarget(uniformish(), { name: 'slow-api', batchSize: 4 })
      await t.query(input(3))
      expect(written).toEqual([])
      await t.query(input(10))
      expect(written.map((l) => l.replace(/, [\d.]+ s(, ETA [\d.]+ s)?/, ''))).toEqual([
        'privacy-gates: querying slow-api: 4/10 rows (40%)\n',
        'privacy-gates: querying slow-api: 8/10 rows (80%)\n',
        'privacy-gates: querying slow-api: 10/10 rows (100%)\n',
        'privacy-gates: querying slow-api: 10/10 rows (100%) done\n',
      ])
    } finally {
      setProgress(undefined)
    }
  })
})

describe('createTarget: fresh answers', () => {
  /** A predict writing every answer into one buffer of its own, as a runtime with an output pool might. */
  function reusing() {
    let buffer = new Float32Array(0)
    return vi.fn<BatchPredict>(async (rows) => {
      if (buffer.length !== rows.rows * 2) buffer = new Float32Array(rows.rows * 2)
      for (let r = 0; r < rows.rows; r++) {
        const p = (rows.data[r * rows.cols] % 10) / 10
        buffer[r * 2] = p
        buffer[r * 2 + 1] = 1 - p
      }
      return { data: buffer, rows: rows.rows, cols: 2 }
    })
  }

  it('copies every answer by default, so a predict may reuse its buffer between calls', async () => {
    const t = createTarget(reusing(), { name: 'pool' })
    const a = await t.query(input(3))
    const b = await t.query({ data: new Float32Array([5, 5, 6, 6, 7, 7]), rows: 3, cols: 2 })
    expect(Array.from(a.data)).toEqual(Array.from(Float32Array.from([0, 1, 0.1, 0.9, 0.2, 0.8])))
    expect(Array.from(b.data)).toEqual(Array.from(Float32Array.from([0.5, 0.5, 0.6, 0.4, 0.7, 0.3])))
  })

  it('with freshAnswers, a query answered in one call returns that answer itself, checked', async () => {
    const answers: Float32Array[] = []
    const predict = vi.fn<BatchPredict>(async (rows) => {
      const m = await uniformish()(rows, { start: 0 })
      answers.push(m.data)
      return m
    })
    const t = createTarget(predict, { name: 'fresh', freshAnswers: true, batchSize: 10 })
    const one = await t.query(input(10))
    expect(one.data).toBe(answers[0])
    // Several calls: assembled into a new array, as without the option.
    const three = await t.query(input(25))
    expect(answers.slice(1).some((a) => a === three.data)).toBe(false)
    expect(three.data[24 * 2]).toBeCloseTo(0.4, 6)
    // The check still runs on the answer it keeps.
    const bad = createTarget(async (rows) => ({ data: new Float32Array(rows.rows * 2).fill(0.7), rows: rows.rows, cols: 2 }), { name: 'bad', freshAnswers: true })
    await expect(bad.query(input(3))).rejects.toThrow('target "bad": answer for row 0: probabilities sum to 1.4, expected 1 ± 0.001')
  })

  it('with freshAnswers, logits become probabilities in place, as they would in a copy', async () => {
    const logits = (rows: Matrix) => ({ data: Float32Array.from({ length: rows.rows * 3 }, (_, i) => (i % 7) - 3), rows: rows.rows, cols: 3 })
    const inPlace = await createTarget(async (rows) => logits(rows), { name: 'l', outputMode: 'logits', freshAnswers: true }).query(input(5))
    const copied = await createTarget(async (rows) => logits(rows), { name: 'l', outputMode: 'logits' }).query(input(5))
    expect(Array.from(inPlace.data)).toEqual(Array.from(copied.data))
    expect(inPlace.data[0] + inPlace.data[1] + inPlace.data[2]).toBeCloseTo(1, 6)
  })

  it('refuses a freshAnswers that is not a boolean', () => {
    expect(() => createTarget(uniformish(), { name: 't', freshAnswers: 'yes' as never })).toThrow('target "t": options.freshAnswers: expected true or false, found string')
  })
})

describe('row checks in other terms (rows read from a file)', () => {
  class FileError extends Error {}
  const terms: RowTerms = { row: 'record', logitsHint: 'set outputMode "logits"', error: FileError }
  const rows = (values: number[], cols: number): Matrix => ({ data: Float32Array.from(values), rows: values.length / cols, cols })

  it('name the row with their noun and throw their error class, after the same rule', () => {
    const sum = () => checkProbabilityRows(rows([0.5, 0.5, 0.7, 0.7], 2), 10, 1e-3, 'f.npy', terms)
    expect(sum).toThrow(FileError)
    expect(sum).toThrow(/^f\.npy: record 11: probabilities sum to 1\.4, expected 1 ± 0\.001; set outputMode "logits"$/)
    expect(() => checkProbabilityRows(rows([0.5, 0.5, 1.5, -0.5], 2), 0, 1e-3, 'f.npy', terms))
      .toThrow(new FileError('f.npy: record 1, column 0: expected a probability in [0, 1], found 1.5; set outputMode "logits"'))
    expect(() => checkProbabilityRows(rows([Number.NaN, 1], 2), 0, 1e-3, 'f.npy', terms)).toThrow(new FileError('f.npy: record 0, column 0: expected a finite number, found NaN'))
    expect(() => checkLabelRows(rows([0, 4], 1), 3, 0, 'f.npy', terms)).toThrow(FileError)
    expect(() => softmaxInto(rows([1, Number.POSITIVE_INFINITY], 2), new Float32Array(2), 5, 'f.npy', terms))
      .toThrow(new FileError('f.npy: record 5, column 1: expected a finite number, found Infinity'))
  })

  it('speak of answers of a target by default', () => {
    expect(() => checkProbabilityRows(rows([0.5, 0.7], 2), 0, 1e-3, 'target "m"'))
      .toThrow(new TargetAnswerError("target \"m\": answer for row 0: probabilities sum to 1.2, expected 1 ± 0.001; if the model returns logits, pass { outputMode: 'logits' }"))
    expect(() => checkLabelRows(rows([2.5], 1), 3, 0, 'target "m"')).toThrow(TargetAnswerError)
  })
})
