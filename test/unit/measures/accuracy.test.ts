import { describe, expect, it } from 'vitest'
import { toDense } from '../../../src/data/dataset.js'
import { recordsDigest } from '../../../src/data/digest.js'
import { measureAccuracy } from '../../../src/measures/accuracy.js'
import { activeBackend } from '../../../src/runtime/backend.js'

// Class 1 when x0 > 0: right on every record except those whose label was flipped.
const predict = (rows: number[][]) => rows.map(([a]) => (a > 0 ? [0.1, 0.9] : [0.9, 0.1]))
const x = [[-2], [1], [3], [-1], [0.5], [-0.5]]
const data = { x, y: [0, 1, 0, 0, 1, 1] }

describe('measureAccuracy', () => {
  it('keeps each record\'s 0/1 outcome in order and the records\' fingerprint, for a paired comparison', async () => {
    const r = await measureAccuracy(predict, data)
    expect(r).toMatchObject({ accuracy: 4 / 6, records: 6, classes: 2 })
    expect(r.outcomes).toEqual({ records: recordsDigest(toDense(data, 'data')), correct: '110110' })
  })

  it('gives other records another fingerprint, the same records the same one', async () => {
    const same = await measureAccuracy(predict, { x: x.map((row) => [...row]), y: [...data.y] })
    const other = await measureAccuracy(predict, { x, y: [0, 1, 1, 0, 1, 1] })
    const base = await measureAccuracy(predict, data)
    expect(same.outcomes!.records).toBe(base.outcomes!.records)
    expect(other.outcomes!.records).not.toBe(base.outcomes!.records)
  })

  it('does not start tfjs for a target that is not a tfjs model (an ONNX or HTTP model pays no tfjs start-up)', async () => {
    await measureAccuracy(predict, data)
    // This file never touches tfjs: the backend is still unchosen.
    expect(() => activeBackend()).toThrow(/not chosen yet/)
  })
})
