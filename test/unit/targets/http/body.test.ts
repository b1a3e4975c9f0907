import { describe, expect, it } from 'vitest'
import { formatSize } from '../../../../src/data/describe.js'
import { describeBody, MAX_QUOTED_BODY } from '../../../../src/targets/http/body.js'

describe('describeBody', () => {
  it('says the size and the kind of the first bytes, and quotes the error field of a JSON body', () => {
    expect(describeBody('{"error":"model not found"}', [])).toBe('27 B of JSON: "model not found"')
    expect(describeBody('{"message":"busy"}', [])).toBe('18 B of JSON: "{\\"message\\":\\"busy\\"}"')
    expect(describeBody('<html><body>Bad gateway</body></html>', [])).toBe('37 B of HTML: "<html><body>Bad gateway</body></html>"')
    expect(describeBody('upstream   overloaded\n', [])).toBe('22 B of text: "upstream overloaded"')
    expect(describeBody('', [])).toBe('an empty body')
    expect(describeBody('\u0000\u0001\u0002PK', [])).toBe('5 B of binary data')
  })

  it('never quotes anything shaped like request rows: TF Serving echoes the instance on a type error', () => {
    const echo = JSON.stringify({ error: 'Failed to process element: 0 of \'instances\' list. JSON Value: [0.8125, 0.4375, 0.0625] Type: Array is not of expected type: float' })
    const text = describeBody(echo, [])
    expect(text).toBe(`${echo.length} B of JSON (not quoted: it holds a list of numbers, perhaps the request rows)`)
    for (const body of ['{"error":"bad row 0.5;0.25"}', 'values 0.1 0.2 0.3 rejected', '[[1,2,3]]', '{"instances": [[0.8125]], "e": "x"} trailing']) {
      expect(describeBody(body, []), body).toMatch(/not quoted/)
    }
    // A lone integer (a count, a status) is quoted; a lone decimal may be one feature of a row and is not.
    expect(describeBody('{"error":"expected 64 features"}', [])).toBe('32 B of JSON: "expected 64 features"')
    for (const body of ['{"error":"value 0.8125 for feature age out of range"}', 'bad input .5', 'got -3.25']) {
      expect(describeBody(body, []), body).toMatch(/not quoted: it holds a decimal number/)
    }
  })

  it('redacts before it cuts, so a secret across the cut is hidden whole', () => {
    const token = 'tok-Q7f3Zx9LmP2wK8vB'
    const body = JSON.stringify({ error: `${'x'.repeat(MAX_QUOTED_BODY - 5)}${token}${'y'.repeat(50)}` })
    const text = describeBody(body, [token])
    expect(text).toMatch(/x\[reda…"$/)
    expect(text).not.toContain('tok-Q')
  })

  it('formats sizes in decimal units', () => {
    expect([0, 999, 1000, 2140, 999_999, 3_400_000].map(formatSize)).toEqual(['0 B', '999 B', '1.0 kB', '2.1 kB', '1000.0 kB', '3.4 MB'])
  })
})
