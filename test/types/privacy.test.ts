import { describe, expect, it } from 'vitest'
import { compileCase as compile } from './compile.js'

describe('differential-privacy API types (Vitest 4)', () => {
  it('a correct user test file compiles', () => {
    const { code, out } = compile('privacy-good.ts')
    expect(out).toBe('')
    expect(code).toBe(0)
  })
})
