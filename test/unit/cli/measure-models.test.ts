import { describe, expect, it } from 'vitest'
import { failureProblem } from '../../../src/cli/measure-models.js'
import { EXIT, InputError } from '../../../src/errors.js'

describe('failureProblem', () => {
  it("copies this package's own input and target messages into the report", () => {
    const p = failureProblem({ model: 'm', code: EXIT.input, error: new InputError('data.csv:3: data row 2 has 3 fields') })
    expect(p).toEqual({ where: 'm', kind: 'input', message: 'data.csv:3: data row 2 has 3 fields' })
  })

  it("never copies an unexpected error's text (it could hold anything) into the report", () => {
    const p = failureProblem({ model: 'm', code: EXIT.unexpected, error: new TypeError('secret-token-123 0.25,0.5,0.75') })
    expect(p.kind).toBe('unexpected')
    expect(p.message).not.toContain('secret-token-123')
    expect(p.message).not.toContain('0.25')
    expect(p.message).toContain('stderr')
  })
})
