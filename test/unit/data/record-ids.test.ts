import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/data/csv.js'
import { DataError } from '../../../src/data/data-error.js'
import { parseJsonDataset } from '../../../src/data/json.js'
import { recordIds, uniqueIds } from '../../../src/data/record-ids.js'

describe('id column (option id)', () => {
  it('CSV: keeps the column as ids, not as a feature', () => {
    const ds = parseCsv('a,record,b,label\n1,p-17,2,0\n3,p-4,4,1\n', 'm.csv', { id: 'record' })
    expect(ds.columns).toEqual(['a', 'b'])
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4])
    expect(ds.ids).toEqual(['p-17', 'p-4'])
    expect(parseCsv('a,label\n1,0\n', 'm.csv').ids).toBeUndefined()
  })

  it('CSV: an empty or repeated id names the line, never the value', () => {
    const repeated = () => parseCsv('a,record,label\n1,secret-id,0\n2,secret-id,1\n', 'm.csv', { id: 'record' })
    expect(repeated).toThrow(DataError)
    expect(repeated).toThrow('m.csv:3: id column "record": repeats the id of line 2; every record needs its own id')
    expect(() => parseCsv('a,record,label\n1, ,0\n', 'm.csv', { id: 'record' })).toThrow('m.csv:2: id column "record": is empty')
    expect(() => parseCsv('a,label\n1,0\n', 'm.csv', { id: 'record' })).toThrow(/m\.csv: .*id column "record"/)
    expect(() => parseCsv('record,label\nx,0\n', 'm.csv', { id: 'record' })).toThrow(/only the label and id columns/)
  })

  it('idOptional: a file without the column is read without ids (the data besides the members)', () => {
    expect(parseCsv('a,label\n1,0\n', 'pool.csv', { id: 'record', idOptional: true }).ids).toBeUndefined()
    const withColumn = parseCsv('record,a,label\nq,1,0\n', 'pool.csv', { id: 'record', idOptional: true })
    expect(withColumn.columns).toEqual(['a'])
    expect(parseJsonDataset('[{"f":1,"label":0}]', 'pool.json', { id: 'id', idOptional: true }).ids).toBeUndefined()
  })

  it('JSON rows: the id key is not a feature; numbers become strings', () => {
    const ds = parseJsonDataset('[{"f":1,"id":7,"label":0},{"f":2,"id":"b","label":1}]', 'm.json', { id: 'id' })
    expect(ds.columns).toEqual(['f'])
    expect(ds.ids).toEqual(['7', 'b'])
    expect(() => parseJsonDataset('[{"f":1,"id":"a","label":0},{"f":2,"id":"a","label":1}]', 'm.json', { id: 'id' }))
      .toThrow('m.json: /1/id: repeats the id of /0; every record needs its own id')
    expect(() => parseJsonDataset('{"x":[[1]],"y":[0]}', 'm.json', { id: 'id' })).toThrow(/options\.id .* applies to an array of row objects/)
  })
})

describe('recordIds', () => {
  it('returns the ids of a data set, checked', () => {
    expect(recordIds({ x: [[0], [1]], y: [0, 1], ids: ['a', 2] }, 2, 'members')).toEqual(['a', 2])
    expect(recordIds({ x: [[0]], y: [0] }, 1, 'members')).toBeUndefined()
  })

  it('names the position of a bad id, never its value', () => {
    expect(() => recordIds({ x: [[0], [1]], y: [0, 1], ids: ['a'] }, 2, 'members')).toThrow('members.ids: expected one id per row (2), found 1')
    expect(() => recordIds({ x: [[0], [1]], y: [0, 1], ids: ['secret', 'secret'] }, 2, 'members')).toThrow('members.ids[1]: repeats the id of ids[0]; every record needs its own id')
    expect(() => recordIds({ x: [[0], [1]], y: [0, 1], ids: ['a', Number.NaN] }, 2, 'members')).toThrow('members.ids[1]: expected a non-empty string or a finite number, found number')
  })
})

describe('uniqueIds', () => {
  it('refuses an id seen before, naming both positions in the words and error class it is given', () => {
    const check = uniqueIds({ at: (line) => `f.csv:${line}: id column "id"`, first: (line) => `line ${line}` }, DataError)
    check('a', 2)
    check('b', 3)
    expect(() => check('a', 7)).toThrow(new DataError('f.csv:7: id column "id": repeats the id of line 2; every record needs its own id'))
    const byDefault = uniqueIds({ at: (i) => `ids[${i}]`, first: (i) => `ids[${i}]` })
    byDefault(1, 0)
    byDefault('1', 1) // compared as given: the number 1 and the string "1" differ
    expect(() => byDefault(1, 2)).toThrow(RangeError)
  })
})
