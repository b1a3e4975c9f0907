import { describe, expect, it } from 'vitest'
import { DataError } from '../../../src/data/data-error.js'
import { feedBatch, hwcToChw, planInput, planNamedInputs, recordValue } from '../../../src/targets/input-shape.js'

const where = 'target "m"'
const m = (values: number[], rows: number) => ({ data: Float32Array.from(values), rows, cols: values.length / rows })

describe('hwcToChw', () => {
  it('moves channels first, record by record (hand-computed 2×2×2 case)', () => {
    // record 0: pixel (y, x) has channels [10yx+0, 10yx+1] written as y*100 + x*10 + c
    const hwc = [0, 1, 10, 11, 100, 101, 110, 111]
    const chw = [0, 10, 100, 110, 1, 11, 101, 111]
    expect(Array.from(hwcToChw(Float32Array.from([...hwc, ...hwc.map((v) => v + 1000)]), 2, [2, 2, 2]))).toEqual([...chw, ...chw.map((v) => v + 1000)])
  })
})

describe('planInput', () => {
  it('[batch, features] keeps rows flat; a record shape must hold features values', () => {
    expect(planInput({ declared: [null, 784], where, input: 'x' })).toMatchObject({ dims: undefined, width: 784 })
    expect(planInput({ declared: [null, 784], recordShape: [28, 28, 1], where, input: 'x' }).width).toBe(784)
    expect(() => planInput({ declared: [null, 784], recordShape: [27, 29, 1], where, input: 'x' })).toThrow(
      'target "m": record shape [27, 29, 1] (783 values) does not fit the model\'s input "x" [?, 784]: a flattened record has 783 values; the model takes 784',
    )
  })

  it('NHWC [null, 28, 28, 1] is fed as is; NCHW [N, 1, 28, 28] needs no copy for one channel', () => {
    expect(planInput({ declared: [null, 28, 28, 1], recordShape: [28, 28, 1], where, input: 'x' })).toMatchObject({ dims: [28, 28, 1], width: 784 })
    const nchw = planInput({ declared: ['N', 1, 28, 28], recordShape: [28, 28, 1], where, input: 'x' })
    expect(nchw).toMatchObject({ dims: [1, 28, 28] })
    expect(nchw.transpose).toBeUndefined()
  })

  it('NCHW with three channels transposes; without a record shape the layout is inferred and records are channels last', () => {
    expect(planInput({ declared: ['N', 3, 32, 32], recordShape: [32, 32, 3], where, input: 'x' })).toMatchObject({ dims: [3, 32, 32], transpose: [32, 32, 3] })
    expect(planInput({ declared: ['N', 3, 32, 32], where, input: 'x' })).toMatchObject({ dims: [3, 32, 32], transpose: [32, 32, 3], width: 3072 })
    const nhwc = planInput({ declared: [-1, 32, 32, 3], where, input: 'x' })
    expect(nhwc.dims).toEqual([32, 32, 3])
    expect(nhwc.transpose).toBeUndefined()
  })

  it('a record of 783 values for [28, 28, 1] names the record shape, the declared input and the first mismatching dimension', () => {
    expect(() => planInput({ declared: [null, 28, 28, 1], recordShape: [783], where, input: 'x' })).toThrow(
      'target "m": record shape [783] (783 values) does not fit the model\'s input "x" [?, 28, 28, 1]: it holds 784 values per record; record dimension 1 is 783; the model takes 28 there',
    )
    expect(() => planInput({ declared: ['N', 1, 28, 28], recordShape: [28, 27, 1], where, input: 'x' })).toThrow(
      'record shape [28, 27, 1] (756 values) does not fit the model\'s input "x" [N, 1, 28, 28] read as NCHW (records transposed from HWC): record dimension 2 is 27; the model takes 28 there',
    )
  })

  it('a shape that fits both layouts needs layout; with it, each reading is honoured', () => {
    expect(() => planInput({ declared: ['N', 3, 3, 3], recordShape: [3, 3, 3], where, input: 'x' })).toThrow(
      'target "m": record shape [3, 3, 3] (27 values) fits the model\'s input "x" [N, 3, 3, 3] both as NHWC and as NCHW; say which with layout: "NHWC" (channels last, TensorFlow) or "NCHW" (channels first, PyTorch)',
    )
    expect(() => planInput({ declared: ['N', 3, 3, 3], where, input: 'x' })).toThrow(/could be NHWC or NCHW; declare the record shape/)
    expect(planInput({ declared: ['N', 3, 3, 3], recordShape: [3, 3, 3], layout: 'NCHW', where, input: 'x' }).transpose).toEqual([3, 3, 3])
    expect(planInput({ declared: ['N', 3, 3, 3], recordShape: [3, 3, 3], layout: 'NHWC', where, input: 'x' }).transpose).toBeUndefined()
  })

  it('unknown image dimensions are filled from the record shape, or asked for', () => {
    expect(planInput({ declared: [null, null, null, 1], recordShape: [28, 28, 1], where, input: 'x' }).dims).toEqual([28, 28, 1])
    expect(() => planInput({ declared: [null, 'h', 'w', 1], where, input: 'x' })).toThrow('target "m": the model\'s input "x" [?, h, w, 1] has dimensions of unknown size; declare the record shape (recordShape, channels last, e.g. [28, 28, 1])')
  })
})

describe('feedBatch', () => {
  it('transposes HWC records for an NCHW input and keeps the batch dimension', () => {
    const plan = planInput({ declared: ['N', 2, 1, 2], recordShape: [1, 2, 2], where, input: 'x' })
    const [t] = feedBatch(m([1, 2, 3, 4, 5, 6, 7, 8], 2), [plan], 0, where)
    expect(t.dims).toEqual([2, 2, 1, 2])
    expect(Array.from(t.data as Float32Array)).toEqual([1, 3, 2, 4, 5, 7, 6, 8])
  })

  it('splits rows into named int64 and int32 inputs from their columns', () => {
    const feeds = planNamedInputs({
      inputs: { input_ids: { columns: [0, 1, 2], dtype: 'int64' }, attention_mask: { columns: [3, 4, 5], dtype: 'int32' } },
      declared: new Map([
        ['input_ids', { dims: ['batch', 3], type: 'int64' }],
        ['attention_mask', { dims: ['batch', 3], type: 'int32' }],
      ]),
      where,
    })
    const [ids, mask] = feedBatch(m([101, 7592, 0, 1, 1, 0, 5, 6, 7, 1, 1, 1], 2), feeds, 0, where)
    expect(ids.data).toEqual(BigInt64Array.from([101n, 7592n, 0n, 5n, 6n, 7n]))
    expect(ids.dims).toEqual([2, 3])
    expect(mask.data).toEqual(Int32Array.from([1, 1, 0, 1, 1, 1]))
  })

  it('a fractional value for an int64 input is a DataError naming the query row, the column and the input — not the value', () => {
    const feeds = planNamedInputs({ inputs: { input_ids: { columns: [1, 2], dtype: 'int64' } }, declared: new Map(), where })
    const run = () => feedBatch(m([0, 3, 4, 0, 5, 6.5], 2), feeds, 10, where)
    expect(run).toThrow(DataError)
    expect(run).toThrow('target "m": query row 11, column 2 (input "input_ids", int64): expected an integer below 2^24 in magnitude, found a fractional value')
    expect(() => feedBatch(m([2 ** 24, 1], 1), planNamedInputs({ inputs: { ids: { columns: [0, 1], dtype: 'int32' } }, declared: new Map(), where }), 0, where)).toThrow(/magnitude ≥ 2\^24/)
  })

  it('refuses mappings that do not fit the model', () => {
    const declared = new Map([['input_ids', { dims: ['batch', 16], type: 'int64' }], ['attention_mask', { dims: ['batch', 16], type: 'int64' }]])
    const cols = Array.from({ length: 16 }, (_, i) => i)
    expect(() => planNamedInputs({ inputs: { input_ids: { columns: cols, dtype: 'int64' } }, declared, where })).toThrow('options.inputs: the model\'s input "attention_mask" is not mapped to columns')
    expect(() => planNamedInputs({ inputs: { input_ids: { columns: cols, dtype: 'int32' }, attention_mask: { columns: cols, dtype: 'int64' } }, declared, where })).toThrow('options.inputs.input_ids.dtype: the model declares input "input_ids" as int64, the mapping says int32')
    expect(() => planNamedInputs({ inputs: { input_ids: { columns: [0, 1], dtype: 'int64' }, attention_mask: { columns: cols, dtype: 'int64' } }, declared, where })).toThrow('options.inputs.input_ids.columns: 2 columns map to input "input_ids" [batch, 16], which takes 16 values per record')
  })
})

describe('recordValue', () => {
  it('nests a record per its shape, or gives an object of named inputs', () => {
    const plan = planInput({ declared: undefined, recordShape: [2, 2, 1], where, input: 'x' })
    expect(recordValue(feedBatch(m([1, 2, 3, 4], 1), [plan], 0, where), 0)).toEqual([[[1], [2]], [[3], [4]]])
    const feeds = planNamedInputs({ inputs: { ids: { columns: [0, 1], dtype: 'int64' }, mask: { columns: [2, 3], dtype: 'int64' } }, declared: new Map(), where })
    expect(recordValue(feedBatch(m([7, 8, 1, 0], 1), feeds, 0, where), 0)).toEqual({ ids: [7, 8], mask: [1, 0] })
  })
})
