import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { loadJson, parseJsonDataset } from '../../../src/data/json.js'

const rowsOf = (ds: { x: Float32Array; rows: number; features: number }): number[][] =>
  Array.from({ length: ds.rows }, (_, r) => Array.from(ds.x.subarray(r * ds.features, (r + 1) * ds.features)))

describe('parseJsonDataset: { x, y }', () => {
  it('reads nested rows and labels, naming features feature_i', () => {
    const ds = parseJsonDataset('{"x":[[1,2],[3,4],[5,6]],"y":[0,2,1]}', 'xy.json')
    expect(rowsOf(ds)).toEqual([[1, 2], [3, 4], [5, 6]])
    expect(Array.from(ds.y)).toEqual([0, 2, 1])
    expect(ds.columns).toEqual(['feature_0', 'feature_1'])
    expect(ds.classes).toBe(3)
    expect(ds.source).toBe('xy.json')
  })

  it('uses "columns", checks "features" and applies scale', () => {
    const ds = parseJsonDataset('{"x":[[16,8]],"y":[1],"columns":["p","q"],"features":2}', 'c.json', { scale: 1 / 16 })
    expect(ds.columns).toEqual(['p', 'q'])
    expect(rowsOf(ds)).toEqual([[1, 0.5]])
  })

  it('errors name the JSON pointer, what was expected and what was found', () => {
    const p = (t: string) => () => parseJsonDataset(t, 'd.json')
    expect(p('{"x":[[1,2],[3]],"y":[0,1]}')).toThrow(/^d\.json: \/x\/1: expected 2 values \(as in \/x\/0\), found 1$/)
    expect(p('{"x":[[1,2],[3,"4"]],"y":[0,1]}')).toThrow(/^d\.json: \/x\/1\/1: expected a number, found a string of 1 character$/)
    expect(p('{"x":[[1,2],[3,null]],"y":[0,1]}')).toThrow(/\/x\/1\/1: expected a number, found null/)
    expect(p('{"x":[[1e400]],"y":[0]}')).toThrow(/\/x\/0\/0: the value does not fit in a 32-bit float$/)
    expect(p('{"x":[[1],[2]],"y":[0,-1]}')).toThrow(/^d\.json: \/y\/1: expected a class index \(an integer ≥ 0\), found -1$/)
    expect(p('{"x":[[1],[2]],"y":[0,0.5]}')).toThrow(/\/y\/1: .*found 0\.5$/)
    expect(p('{"x":[[1],[2]],"y":[0]}')).toThrow(/d\.json: \/x has 2 rows but \/y has 1 labels/)
    expect(p('{"x":[],"y":[]}')).toThrow(/d\.json: \/x: is empty/)
    expect(p('{"x":[1,2],"y":[0,1]}')).toThrow(/\/x\/0: expected an array of numbers \(one row\), found a number; /)
    expect(p('{"x":{"0":[1]},"y":[0]}')).toThrow(/\/x: expected an array of rows/)
    expect(p('{"x":[[1]],"y":"0"}')).toThrow(/\/y: expected an array of class indices/)
    expect(p('{"x":[[1,2]],"y":[0],"features":3}')).toThrow(/\/features: declared 3, but \/x\/0 has 2 values/)
    expect(p('{"x":[[1,2]],"y":[0],"columns":["a"]}')).toThrow(/\/columns: has 1 names, but \/x\/0 has 2 values/)
  })

  it('refuses a label option, which has no meaning for this shape', () => {
    expect(() => parseJsonDataset('{"x":[[1]],"y":[0]}', 'd.json', { label: 'target' })).toThrow(/options\.label \("target"\) applies to an array of row objects/)
  })
})

describe('parseJsonDataset: row objects', () => {
  it('reads features in the order of the first row, label by key', () => {
    const ds = parseJsonDataset('[{"b":1,"label":1,"a":2},{"a":4,"b":3,"label":0}]', 'rows.json')
    expect(ds.columns).toEqual(['b', 'a'])
    expect(rowsOf(ds)).toEqual([[1, 2], [3, 4]])
    expect(Array.from(ds.y)).toEqual([1, 0])
    expect(ds.classes).toBe(2)
  })

  it('takes a custom label key', () => {
    const ds = parseJsonDataset('[{"f":1,"target":3}]', 'rows.json', { label: 'target' })
    expect(ds.columns).toEqual(['f'])
    expect(ds.classes).toBe(4)
  })

  it('errors name the JSON pointer', () => {
    const p = (t: string, label?: string) => () => parseJsonDataset(t, 'd.json', label === undefined ? {} : { label })
    const good = '{"f1":1,"f2":2,"label":0}'
    expect(p(`[${good},${good},${good},{"f1":1,"f2":2,"label":"1"}]`)).toThrow(
      /^d\.json: \/3\/label: expected a class index \(an integer ≥ 0\), found a string of 1 character$/,
    )
    expect(p(`[${good},{"f1":1,"f2":true,"label":0}]`)).toThrow(/^d\.json: \/1\/f2: expected a number, found a boolean$/)
    expect(p(`[${good},{"f1":1,"label":0}]`)).toThrow(/d\.json: \/1: missing key "f2" \(present in \/0\)/)
    expect(p(`[${good},{"f1":1,"f2":2}]`)).toThrow(/d\.json: \/1: missing label key "label"/)
    expect(p(`[${good},{"f1":1,"f2":2,"f3":3,"label":0}]`)).toThrow(/d\.json: \/1\/f3: unexpected key "f3" \(not in \/0\)/)
    expect(p(`[${good},[1,2,0]]`)).toThrow(/d\.json: \/1: expected a row object like \/0, found an array of length 3/)
    expect(p('[{"a/b~c":1,"label":0},{"a/b~c":"x","label":0}]')).toThrow(/d\.json: \/1\/a~1b~0c: expected a number/)
    expect(p('[]')).toThrow(/d\.json: is an empty array/)
    expect(p('[{"label":0}]')).toThrow(/\/0: has only the label key "label"/)
  })

  it('unknown label key lists the keys and suggests the closest', () => {
    expect(() => parseJsonDataset('[{"f1":1,"target":0}]', 'd.json', { label: 'targt' })).toThrow(
      /d\.json: \/0: label key "targt" not found; the 2 keys are "f1", "target"\. Did you mean "target"\?/,
    )
    expect(() => parseJsonDataset('[{"f1":1,"class":0}]', 'd.json')).toThrow(/label key "label" not found; the 2 keys are "f1", "class"/)
  })
})

describe('parseJsonDataset: syntax and top-level shape', () => {
  it('a syntax error names line and column', () => {
    const text = '{\n  "x": [[1, 2],\n    [3, 4],,\n  "y": [0, 1]\n}'
    expect(() => parseJsonDataset(text, 'bad.json')).toThrow(/^bad\.json:3:12: invalid JSON: expected a value .*, found ","$/)
    expect(() => parseJsonDataset('{"x": [[1]], "y": [0],}', 'bad.json')).toThrow(/bad\.json:1:23: invalid JSON: expected a property name in double quotes, found "}"/)
    expect(() => parseJsonDataset('{"x": [[1]]', 'bad.json')).toThrow(/bad\.json:1:12: invalid JSON: expected ',' or '}', found the end of the file/)
    expect(() => parseJsonDataset("{'x': 1}", 'bad.json')).toThrow(/bad\.json:1:2: invalid JSON: expected a property name in double quotes, found "'"/)
    expect(() => parseJsonDataset('', 'bad.json')).toThrow(/bad\.json:1:1: invalid JSON: expected a value/)
  })

  it('a valid document of the wrong shape', () => {
    expect(() => parseJsonDataset('{"rows":[]}', 'd.json')).toThrow(/d\.json: expected \{ "x": number\[\]\[\], "y": number\[\] \} or an array of row objects .*found an object with keys \[rows\]/)
    expect(() => parseJsonDataset('42', 'd.json')).toThrow(/found a number$/)
  })
})

describe('loadJson', () => {
  it('loads a file and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vpg-json-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const path = join(dir, 'd.json')
    await writeFile(path, '\ufeff{"x":[[1,2]],"y":[1]}')
    const ds = await loadJson(path)
    expect(ds.source).toBe(path)
    expect(ds.classes).toBe(2)
    await expect(loadJson(join(dir, 'missing.json'))).rejects.toThrow(/loadJson: .*missing\.json: file not found/)
  })
})

describe('parseJsonDataset: array fields of row objects', () => {
  it('reads an array of numbers as one column per element, named key/i', () => {
    const ds = parseJsonDataset('[{"input_ids":[101,7,0],"len":2,"label":1},{"input_ids":[101,9,4],"len":3,"label":0}]', 'rows.json')
    expect(ds.columns).toEqual(['input_ids/0', 'input_ids/1', 'input_ids/2', 'len'])
    expect(rowsOf(ds)).toEqual([[101, 7, 0, 2], [101, 9, 4, 3]])
  })

  it('refuses an array of another length or a non-number element, naming its pointer', () => {
    expect(() => parseJsonDataset('[{"ids":[1,2],"label":1},{"ids":[1],"label":0}]', 'rows.json')).toThrow('rows.json: /1/ids: expected an array of 2 numbers (as in /0), found an array of 1')
    expect(() => parseJsonDataset('[{"ids":[1,2],"label":1},{"ids":[1,"x"],"label":0}]', 'rows.json')).toThrow(/rows\.json: \/1\/ids\/1: expected a number/)
  })
})
