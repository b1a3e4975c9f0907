import { describe, expect, it } from 'vitest'
import { toolchain } from '../e2e/toolchain.js'
import { compileCase as compile } from './compile.js'

describe(`matcher types (Vitest ${toolchain.vitestVersion}, TypeScript ${toolchain.typescriptVersion})`, () => {
  it('a raw target needs a limit and its data; only models from the thresholds file default them', () => {
    const { code, out } = compile('raw-target-without-data.ts')
    expect(code).not.toBe(0)
    expect(out).toMatch(/raw-target-without-data\.ts\(7,.*Expected 2 arguments, but got 0/)
    expect(out).toMatch(/raw-target-without-data\.ts\(8,.*Expected 2 arguments, but got 1/)
  })

  it('a correct user test file compiles', () => {
    const { code, out } = compile('good.ts')
    expect(out).toBe('')
    expect(code).toBe(0)
  })

  it('a misspelt matcher fails to compile', () => {
    const { code, out } = compile('misspelt-matcher.ts')
    expect(code).not.toBe(0)
    expect(out).toMatch(/misspelt-matcher\.ts\(9,.*Property 'toHaveMembershipAUCBelow' does not exist/)
  })

  it('a wrong option, attack id or threshold type fails to compile', () => {
    const { code, out } = compile('wrong-option.ts')
    expect(code).not.toBe(0)
    expect(out).toMatch(/wrong-option\.ts\(9,.*'atack' does not exist/)
    expect(out).toMatch(/wrong-option\.ts\(10,.*"lira-typo"/)
    expect(out).toMatch(/wrong-option\.ts\(11,.*Argument of type 'string' is not assignable to parameter of type 'number'/)
  })
})
