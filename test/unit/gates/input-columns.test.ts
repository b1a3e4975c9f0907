import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/data/csv.js'
import { DataError } from '../../../src/data/data-error.js'
import { checkIntegerInputs, resolveInputColumns } from '../../../src/gates/input-columns.js'

const columns = ['id', 'tok_0', 'tok_1', 'mask_0', 'mask_1', 'ids/0', 'ids/1']
const at = '/models/m/target/inputs'

describe('resolveInputColumns', () => {
  it('maps a prefix, a range and a JSON array field to column indices', () => {
    expect(
      resolveInputColumns(
        { a: { columns: 'tok_', dtype: 'int64' }, b: { columns: { from: 'mask_0', to: 'mask_1' } }, c: { columns: 'ids', dtype: 'int32' } },
        columns,
        'd.csv',
        at,
      ),
    ).toEqual({ a: { columns: [1, 2], dtype: 'int64' }, b: { columns: [3, 4], dtype: 'float32' }, c: { columns: [5, 6], dtype: 'int32' } })
  })

  it('names the file, the mapping and the columns when nothing matches', () => {
    expect(() => resolveInputColumns({ a: { columns: 'token_' } }, columns, 'd.csv', at)).toThrow(DataError)
    expect(() => resolveInputColumns({ a: { columns: 'token_' } }, columns, 'd.csv', at)).toThrow(
      'd.csv: no feature column starts with "token_" (/models/m/target/inputs/a/columns); the file\'s columns are "id", "tok_0", "tok_1", "mask_0", "mask_1", "ids/0", … (7)',
    )
    expect(() => resolveInputColumns({ a: { columns: { from: 'mask_1', to: 'mask_0' } } }, columns, 'd.csv', at)).toThrow('"mask_0" comes before "mask_1"')
  })
})

describe('checkIntegerInputs', () => {
  it('a fractional token id is a DataError naming the file, the record and the column, not the value', () => {
    const ds = parseCsv('tok_0,tok_1,label\n3,4,0\n5,6.25,1\n', 'tokens.csv')
    const run = () => checkIntegerInputs(ds, { input_ids: { columns: [0, 1], dtype: 'int64' } })
    expect(run).toThrow(DataError)
    expect(run).toThrow('tokens.csv: record 1 (row index), column "tok_1" (input "input_ids", int64): expected a whole number below 2^24, found a fractional value')
    expect(() => checkIntegerInputs(ds, { x: { columns: [0, 1], dtype: 'float32' } })).not.toThrow()
    expect(() => checkIntegerInputs(parseCsv('t,label\n16777217,0\n', 'big.csv'), { t: { columns: [0], dtype: 'int32' } })).toThrow(/big\.csv: record 0 \(row index\), column "t".*magnitude ≥ 2\^24/)
  })
})
