import { describe, expect, it } from 'vitest'
import { DataError } from '../../../../src/data/data-error.js'
import { parseCsvArray, parseJsonArray, readArray } from '../../../../src/targets/predictions/read-array.js'

describe('parseCsvArray (numpy.savetxt with delimiter=",")', () => {
  it('reads rows, skips # comments and one header row; one column is one dimension', () => {
    const a = parseCsvArray('# written by numpy\np0,p1\n0.25,0.75\n1.5e-1,8.5e-1\n', 'o.csv')
    expect(a.shape).toEqual([2, 2])
    expect(Array.from(a.data)).toEqual([0.25, 0.75, 0.15, 0.85])
    expect(a.kind).toBe('number')
    expect(parseCsvArray('label\n3\n1\n', 'y.csv').shape).toEqual([2])
  })

  it('reads True/False as a boolean mask, nan and inf as such (checked later), and names the line of a bad value', () => {
    const m = parseCsvArray('True,False\nFalse,True\n', 'm.csv')
    expect(m.kind).toBe('bool')
    expect(Array.from(m.data)).toEqual([1, 0, 0, 1])
    expect(Array.from(parseCsvArray('nan,inf,-inf,-nan,Infinity\n', 'x.csv').data)).toEqual([NaN, Infinity, -Infinity, NaN, Infinity])
    expect(Array.from(parseCsvArray('p0,p1\n1e-3,.5\n', 'x.csv').data)).toEqual([0.001, 0.5])
    expect(() => parseCsvArray('1,2\n3,x\n', 'x.csv')).toThrow(new DataError('x.csv:2: value 2 is not a number'))
    expect(() => parseCsvArray('1,2\n3\n', 'x.csv')).toThrow('x.csv:2: has 1 values; the first row has 2')
    expect(() => parseCsvArray('1,True\n', 'x.csv')).toThrow('x.csv: mixes True/False and numbers')
  })
})

describe('parseJsonArray', () => {
  it('reads nested arrays of numbers or booleans with their shape', () => {
    expect(parseJsonArray('[[[1,2],[3,4]],[[5,6],[7,8]]]', 'r.json').shape).toEqual([2, 2, 2])
    const m = parseJsonArray('[[true,false]]', 'm.json')
    expect([m.kind, Array.from(m.data)]).toEqual(['bool', [1, 0]])
  })

  it('refuses ragged nesting, non-numbers and NaN, naming the position', () => {
    expect(() => parseJsonArray('[[1,2],[3]]', 'r.json')).toThrow('r.json: /1: expected an array of 2 items (the shape of the first item at this depth), found 1 items')
    expect(() => parseJsonArray('[[1,null]]', 'r.json')).toThrow('r.json: /0/1: expected a number, found null')
    expect(() => parseJsonArray('[[1,NaN]]', 'r.json')).toThrow(/r\.json:1:\d+: invalid JSON.*NaN and Infinity are not JSON/)
    expect(() => parseJsonArray('{"x":1}', 'r.json')).toThrow('r.json: expected an array (nested arrays of numbers), found object')
  })
})

describe('readArray', () => {
  it('refuses an unknown extension and a missing file with a DataError naming the path', async () => {
    await expect(readArray('outputs.txt', 'outputs')).rejects.toThrow(new DataError('outputs: outputs.txt: unsupported extension ".txt"; expected one of .npy, .json, .csv'))
    await expect(readArray('/nonexistent/o.npy', 'outputs')).rejects.toThrow(new DataError('/nonexistent/o.npy: file not found'))
    await expect(readArray('nonexistent/o.json', 'outputs')).rejects.toThrow(new DataError(`outputs: nonexistent/o.json: file not found (resolved from ${process.cwd()})`))
  })

  it('takes an array in memory as is', async () => {
    const a = await readArray({ dtype: 'bool', shape: [1, 2], data: Uint8Array.from([1, 0]) }, 'mask')
    expect([a.kind, a.shape, a.file]).toEqual(['bool', [1, 2], 'mask (in memory)'])
  })
})
