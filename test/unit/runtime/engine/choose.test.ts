import { afterEach, describe, expect, it } from 'vitest'
import { ENGINE_ENV, resolveEngine } from '../../../../src/runtime/engine/choose.js'
import { trainClassifier } from '../../../../src/runtime/train-classifier.js'

const spec = { features: 4, hidden: [8], classes: 3 }
const before = process.env[ENGINE_ENV]
afterEach(() => {
  if (before === undefined) delete process.env[ENGINE_ENV]
  else process.env[ENGINE_ENV] = before
})

describe('resolveEngine', () => {
  it('auto: the wasm engine here (Node 20 has WebAssembly SIMD; tfjs-node is not installed)', () => {
    delete process.env[ENGINE_ENV]
    expect(resolveEngine('auto', spec, 32)).toBe('wasm')
  })

  it('auto follows PRIVACY_GATES_ENGINE; an explicit engine wins over it', () => {
    for (const e of ['wasm', 'js', 'tfjs'] as const) {
      process.env[ENGINE_ENV] = e
      expect(resolveEngine('auto', spec, 32)).toBe(e)
    }
    process.env[ENGINE_ENV] = 'tfjs'
    expect(resolveEngine('js', spec, 32)).toBe('js')
  })

  it('refuses an unknown PRIVACY_GATES_ENGINE, naming it', () => {
    process.env[ENGINE_ENV] = 'gpu'
    expect(() => resolveEngine('auto', spec, 32)).toThrow('PRIVACY_GATES_ENGINE: expected one of wasm, js, tfjs, found "gpu"')
  })
})

describe('trainClassifier options.engine', () => {
  it('refuses an unknown engine, naming the option', async () => {
    const x = { data: new Float32Array(8), rows: 2, cols: 4 }
    await expect(trainClassifier(spec, x, new Int32Array(2), { epochs: 1, batchSize: 2, learningRate: 0.1, seed: 0, engine: 'gpu' as never }))
      .rejects.toThrow('options.engine: expected one of "auto", "wasm", "js", "tfjs", found the string "gpu"')
  })
})
