import { describe, expect, it } from 'vitest'
import { toolchain } from '../e2e/toolchain.js'
import { compileCase as compile } from './compile.js'

describe(`interface-control matcher types (Vitest ${toolchain.vitestVersion}, TypeScript ${toolchain.typescriptVersion})`, () => {
  it('a correct user test file compiles', () => {
    const { code, out } = compile('controls-good.ts')
    expect(out).toBe('')
    expect(code).toBe(0)
  })

  it('a missing within, an unknown sample, a misspelt option and an unknown metric fail to compile', () => {
    const { code, out } = compile('controls-wrong.ts')
    expect(code).not.toBe(0)
    expect(out).toMatch(/controls-wrong\.ts\(9,.*is not assignable to parameter of type 'FlagExtractionOptions'/)
    expect(out).toMatch(/controls-wrong\.ts\(10,.*"staging"/)
    expect(out).toMatch(/controls-wrong\.ts\(11,.*'minAgrement' does not exist/)
    expect(out).toMatch(/controls-wrong\.ts\(12,.*"auc"/)
  })
})
