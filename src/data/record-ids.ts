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
  const unique = uniqueIds({ at: (i) => `${what}.ids[${i}]`, first: (i) => `ids[${i}]` })
  ids.forEach((id, i) => {
    const ok = (typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id))
    if (!ok) throw new TypeError(`${what}.ids[${i}]: expected a non-empty string or a finite number, found ${id === '' ? 'an empty string' : typeof id}`)
    unique(id, i)
  })
  return ids
}

/** How {@link uniqueIds} names positions in its message. */
export interface IdPositions {
  /** Where the repeat is, first in the message (`members.csv:7: id column "record"`). */
  at: (position: number) => string
  /** Where the id was first seen, as the message refers to it (`line 3`). */
  first: (position: number) => string
}

/**
 * The check that no record's id is another's, fed one record at a time: `check(id, position)`
 * remembers where `id` is (a row index, a file line) and, when an earlier record had it, throws
 * `error` with `<at(position)>: repeats the id of <first(earlier)>; every record needs its own id`.
 * The one check behind {@link recordIds} and the CSV and JSON loaders' id columns; messages name
 * positions, never an id's value (ids may identify people). Ids compare as given: `1` and `'1'`
 * differ (the loaders hand in strings).
 *
 * @example
 * const check = uniqueIds({ at: (r) => `m.json: /${r}/id`, first: (r) => `/${r}` })
 * check('a', 0); check('a', 1) // RangeError: m.json: /1/id: repeats the id of /0; every record needs its own id
 */
export function uniqueIds(positions: IdPositions, error: new (message: string) => Error = RangeError): (id: string | number, position: number) => void {
  const seen = new Map<string | number, number>()
  return (id, position) => {
    const earlier = seen.get(id)
    if (earlier !== undefined) throw new error(`${positions.at(position)}: repeats the id of ${positions.first(earlier)}; every record needs its own id`)
    seen.set(id, position)
  }
}
