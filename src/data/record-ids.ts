import type { Dataset } from './dataset.js'

/**
 * The ids of a {@link Dataset}'s `rows` records (`ds.ids`), checked: one per row, each a non-empty
 * string or a finite number, no id twice (a report naming a record must name one record).
 * `undefined` when the data set has none. Messages name the position, never an id's value (ids may
 * be identifying).
 *
 * @example
 * recordIds({ x: [[0], [1]], y: [0, 1], ids: ['a', 'b'] }, 2, 'members') // ['a', 'b']
 */
export function recordIds(ds: Dataset, rows: number, what: string): readonly (string | number)[] | undefined {
  const ids = ds.ids
  if (ids === undefined) return undefined
  if (!Array.isArray(ids)) throw new TypeError(`${what}.ids: expected an array of strings or numbers (one per row), found ${typeof ids}`)
  if (ids.length !== rows) throw new RangeError(`${what}.ids: expected one id per row (${rows}), found ${ids.length}`)
  const seen = new Map<string | number, number>()
  ids.forEach((id, i) => {
    const ok = (typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id))
    if (!ok) throw new TypeError(`${what}.ids[${i}]: expected a non-empty string or a finite number, found ${id === '' ? 'an empty string' : typeof id}`)
    const first = seen.get(id)
    if (first !== undefined) throw new RangeError(`${what}.ids[${i}]: repeats ids[${first}]; every record needs its own id`)
    seen.set(id, i)
  })
  return ids
}
