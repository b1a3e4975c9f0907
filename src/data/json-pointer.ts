/**
 * The value at a JSON pointer (RFC 6901) in `doc`, or `undefined` when a step is missing. `''` is
 * the whole document.
 *
 * @example
 * getPointer({ result: { rows: [[1]] } }, '/result/rows') // [[1]]
 */
export function getPointer(doc: unknown, pointer: string): unknown {
  let v = doc
  for (const token of tokens(pointer)) {
    if (v === null || typeof v !== 'object') return undefined
    if (Array.isArray(v)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined
      v = v[Number(token)]
    } else {
      if (!Object.prototype.hasOwnProperty.call(v, token)) return undefined
      v = (v as Record<string, unknown>)[token]
    }
  }
  return v
}

/**
 * A deep copy of `template` (plain JSON) with `value` placed at `pointer`, creating objects on the
 * way. `''` returns `value` itself.
 *
 * @example
 * setPointer({ signature: 'serving' }, '/inputs/x', [[1, 2]]) // { signature: 'serving', inputs: { x: [[1, 2]] } }
 */
export function setPointer(template: unknown, pointer: string, value: unknown): unknown {
  const path = tokens(pointer)
  if (path.length === 0) return value
  const root = template === undefined ? {} : (structuredClone(template) as unknown)
  if (root === null || typeof root !== 'object') throw new TypeError(`setPointer: the template must be an object to place a value at ${pointer}`)
  let v = root as Record<string, unknown>
  for (const token of path.slice(0, -1)) {
    const child = v[token]
    if (child === null || typeof child !== 'object') v[token] = {}
    v = v[token] as Record<string, unknown>
  }
  v[path[path.length - 1]] = value
  return root
}

/**
 * Whether `pointer` is a syntactically valid JSON pointer (`''` or `/`-separated tokens with `~0`
 * and `~1` escapes only).
 *
 * @example
 * isPointer('/predictions') // true
 * isPointer('predictions')  // false
 */
export function isPointer(pointer: unknown): pointer is string {
  return typeof pointer === 'string' && (pointer === '' || (pointer.startsWith('/') && !/~[^01]|~$/.test(pointer)))
}

/**
 * Escapes one JSON-pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`), the inverse of
 * what {@link getPointer} reads.
 *
 * @example
 * `/models/${pointerToken('a/b')}` // '/models/a~1b'
 */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

function tokens(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}
