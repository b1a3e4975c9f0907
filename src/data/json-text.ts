import { pointerToken } from './json-pointer.js'

/** A place in a text: 1-based line and column. */
export interface TextPosition {
  line: number
  column: number
}

/** Where a JSON syntax error is and what was expected there. */
export interface JsonSyntaxProblem extends TextPosition {
  /** Offset in the text. */
  at: number
  /** `expected …, found …`, e.g. `expected ',' or '}', found "]"`. */
  detail: string
}

/** A key written twice in one JSON object: `JSON.parse` keeps the last value without a word. */
export interface DuplicateKey {
  /** JSON pointer of the member (RFC 6901), e.g. `/models/digits/gates/membershipAuc/max`. */
  pointer: string
  key: string
  /** Where the repeated key is written. */
  at: TextPosition
  /** Where the same key was written first in that object. */
  first: TextPosition
}

/** The 1-based line and column of offset `at` in `text` (line breaks: `\n`). */
export function lineColumn(text: string, at: number): TextPosition {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < at && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: at - lineStart + 1 }
}

/**
 * Finds the offset of the first JSON syntax error in `text` and what was expected there, or
 * `undefined` when the text is valid. Called after `JSON.parse` failed: Node 20's messages carry
 * no position.
 */
export function locateJsonError(text: string): { at: number; expected: string } | undefined {
  return scan(text).error
}

/**
 * The first JSON syntax error in `text` with its line, column and an `expected …, found …`
 * phrase, or `undefined` when the text is valid.
 *
 * @example
 * describeJsonError('{"a": 1,}') // { at: 8, line: 1, column: 9, detail: 'expected a property name in double quotes, found "}"' }
 */
export function describeJsonError(text: string): JsonSyntaxProblem | undefined {
  const found = locateJsonError(text)
  if (found === undefined) return undefined
  const what = found.at >= text.length ? 'the end of the file' : JSON.stringify(text[found.at])
  return { at: found.at, ...lineColumn(text, found.at), detail: `expected ${found.expected}, found ${what}` }
}

/**
 * Every key written twice in the same object of a JSON text, in text order (empty for valid text
 * without repeats, and for text that is not JSON). Keys are compared after unescaping, as
 * `JSON.parse` compares them (`"a"` and `"\u0061"` are the same key).
 *
 * @example
 * findDuplicateKeys('{"max": 0.6, "max": 0.99}')
 * // [{ pointer: '/max', key: 'max', at: { line: 1, column: 14 }, first: { line: 1, column: 2 } }]
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const out: DuplicateKey[] = []
  const result = scan(text, (pointer, key, at, firstAt) => {
    out.push({ pointer, key, at: lineColumn(text, at), first: lineColumn(text, firstAt) })
  })
  return result.error === undefined ? out : []
}

type OnDuplicate = (pointer: string, key: string, at: number, firstAt: number) => void

/** One pass over the text: the first syntax error, and (when asked) every repeated key. */
function scan(text: string, onDuplicate?: OnDuplicate): { error?: { at: number; expected: string } } {
  let i = 0
  const n = text.length
  class Stop { constructor(readonly at: number, readonly expected: string) {} }
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const digits = (): number => {
    const s = i
    while (i < n && text[i] >= '0' && text[i] <= '9') i++
    return i - s
  }
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++) {
      if (text[i] !== word[k]) throw new Stop(i, `"${word}"`)
      i++
    }
  }
  const string = (): void => {
    i++ // opening quote
    for (;;) {
      if (i >= n) throw new Stop(i, 'a closing " for the string')
      const c = text.charCodeAt(i)
      if (c === 0x22) { i++; return }
      if (c < 0x20) throw new Stop(i, 'no raw control character (line break, tab) inside a string; escape it')
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) throw new Stop(i + k, 'a hex digit in a \\u escape')
          i += 6
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2
        } else {
          throw new Stop(i + 1, 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)')
        }
        continue
      }
      i++
    }
  }
  const number = (): void => {
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else if (digits() === 0) throw new Stop(i, 'a digit')
    if (text[i] === '.') { i++; if (digits() === 0) throw new Stop(i, 'a digit after the decimal point') }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (digits() === 0) throw new Stop(i, 'a digit in the exponent')
    }
  }
  const value = (pointer: string): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++; ws()
      if (text[i] === '}') { i++; return }
      // Only kept when someone listens: a data file's thousands of row objects need no key map.
      const seen = onDuplicate ? new Map<string, number>() : undefined
      for (;;) {
        ws()
        if (text[i] !== '"') throw new Stop(i, 'a property name in double quotes')
        const keyAt = i
        string()
        let child = pointer
        if (seen !== undefined) {
          const key = JSON.parse(text.slice(keyAt, i)) as string
          child = `${pointer}/${pointerToken(key)}`
          const firstAt = seen.get(key)
          if (firstAt === undefined) seen.set(key, keyAt)
          else onDuplicate!(child, key, keyAt, firstAt)
        }
        ws()
        if (text[i] !== ':') throw new Stop(i, "':' after the property name")
        i++
        value(child); ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === '}') { i++; return }
        throw new Stop(i, "',' or '}'")
      }
    }
    if (c === '[') {
      i++; ws()
      if (text[i] === ']') { i++; return }
      for (let index = 0; ; index++) {
        value(onDuplicate ? `${pointer}/${index}` : pointer); ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === ']') { i++; return }
        throw new Stop(i, "',' or ']'")
      }
    }
    if (c === '"') return string()
    if (c === '-' || (c >= '0' && c <= '9')) return number()
    if (c === 't') return literal('true')
    if (c === 'f') return literal('false')
    if (c === 'n') return literal('null')
    throw new Stop(i, 'a value (object, array, string, number, true, false or null)')
  }
  try {
    value(''); ws()
    if (i < n) throw new Stop(i, 'the end of the file after the top-level value')
    return {}
  } catch (e) {
    if (e instanceof Stop) return { error: { at: e.at, expected: e.expected } }
    throw e
  }
}

/** `text` without a leading byte-order mark: legal in a UTF-8 file, not in JSON text (editors on Windows add one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
