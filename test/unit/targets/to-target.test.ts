import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { silenceCpuAdvert } from '../../../src/runtime/backend.js'
import { fromRows } from '../../../src/data/matrix.js'
import { createTarget } from '../../../src/targets/create-target.js'
import { isTarget, toTarget } from '../../../src/targets/to-target.js'

beforeAll(async () => {
  silenceCpuAdvert()
  await tf.setBackend('cpu')
})

describe('toTarget', () => {
  it('returns a Target as is', () => {
    const t = createTarget(async (m) => m, { name: 'already' })
    expect(toTarget(t)).toBe(t)
    expect(isTarget(t)).toBe(true)
  })

  it('adapts a function', async () => {
    const t = toTarget(function predict(rows: number[][]) { return rows.map(() => [1, 0]) }, { batchSize: 1 })
    expect(t.name).toBe('function predict')
    expect((await t.query(fromRows([[1], [2]]))).rows).toBe(2)
    expect(t.queryCount).toBe(2)
  })

  it('adapts a tfjs model', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] })
    try {
      const t = toTarget(model)
      expect(t.features).toBe(3)
      expect(t.name).toMatch(/^tfjs LayersModel/)
      expect((await t.query(fromRows([[1, 2, 3]]))).cols).toBe(2)
    } finally {
      model.dispose()
    }
  })

  it('refuses anything else, saying what it received and listing the accepted kinds', () => {
    const kinds = /Accepted: \(1\) a Target object .*; \(2\) a predict function .*; \(3\) a tfjs LayersModel or GraphModel/
    const cases: Array<[unknown, RegExp]> = [
      [null, /toTarget: expected a model under test, found null\./],
      [undefined, /found undefined\./],
      [42, /found number 42\./],
      ['model.json', /found the string "model\.json"\./],
      [{ weights: [] }, /found an object with keys \[weights\]\./],
      [{ predict: () => 0 }, /found an object with predict\(\) but no inputs/],
      [{ query: () => 0 }, /found an object with query\(\) but no queryCount/],
      [[1, 2], /found an array of length 2\./],
    ]
    for (const [v, re] of cases) {
      expect(() => toTarget(v as never)).toThrow(TypeError)
      expect(() => toTarget(v as never)).toThrow(re)
      expect(() => toTarget(v as never)).toThrow(kinds)
    }
  })
})
