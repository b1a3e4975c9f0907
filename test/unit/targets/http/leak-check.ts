import { inspect } from 'node:util'
import { expect } from 'vitest'
import type { Matrix } from '../../../../src/data/matrix.js'
import { HttpTargetError } from '../../../../src/targets/http/index.js'
import { leaksIn, tokenNeedles } from '../../../e2e/leak-scan.js'

// What the leak tests of HTTP targets share: the token, member-like rows, and the scan of every
// byte an error would print.

/** The secret the tests hide. */
export const TOKEN = 'tok-Q7f3Zx9LmP2wK8vB'
/** Every 6-character piece of {@link TOKEN}. */
export const TOKEN_NEEDLES = tokenNeedles(TOKEN)

/** Member-like rows with distinctive features (k/16 + 1/4096, exact in float32). */
function memberRows(n: number, features = 4): Matrix {
  const data = new Float32Array(n * features)
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7) % 16) / 16 + 1 / 4096
  return { data, rows: n, cols: features }
}
/** The rows the tests query: a leak of any of them is a leak of a member record. */
export const ROWS = memberRows(6)
/** {@link ROWS} as a leak would show them: JSON rows, joined values, single values at full precision. */
export const ROW_NEEDLES = (() => {
  const needles = new Set<string>()
  for (let r = 0; r < ROWS.rows; r++) {
    const row = Array.from(ROWS.data.subarray(r * ROWS.cols, (r + 1) * ROWS.cols))
    needles.add(JSON.stringify(row)).add(row.join(',')).add(row.join(', '))
    for (const v of row) needles.add(String(v))
  }
  return [...needles]
})()

/** Everything a test runner or a log would show of `err`, and the retry lines. */
export function printed(err: unknown, lines: readonly string[] = []): string {
  const parts = [...lines, inspect(err, { depth: 8 }), JSON.stringify(err)]
  for (let e = err as { message?: unknown; stack?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) parts.push(String(e.message), String(e.stack))
  return parts.join('\n')
}

/** Asserts that `text` holds no piece of the token, none of `extra` and none of the rows. */
export function expectNothingLeaked(text: string, extra: readonly string[] = []): void {
  expect(leaksIn(text, [...TOKEN_NEEDLES, ...extra]), text).toEqual([])
  expect(leaksIn(text, ROW_NEEDLES), text).toEqual([])
}

/** The HttpTargetError `p` rejects with. */
export async function failure(p: Promise<unknown>): Promise<HttpTargetError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(HttpTargetError)
  return err as HttpTargetError
}

/** What `f` throws. */
export function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a throw')
}

