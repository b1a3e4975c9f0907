import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../../../src/data/load.js'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpg-load-'))
  await writeFile(join(dir, 'a.csv'), 'f,label\n1,0\n2,1\n')
  await writeFile(join(dir, 'b.JSON'), '[{"f":1,"y":0},{"f":2,"y":1}]')
  await writeFile(join(dir, 'c.txt'), 'f,label\n1,0\n')
  await writeFile(join(dir, 'noext'), 'f,label\n1,0\n')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('loadDataset', () => {
  it('dispatches .csv to the CSV loader', async () => {
    const ds = await loadDataset(join(dir, 'a.csv'))
    expect(ds.columns).toEqual(['f'])
    expect(ds.rows).toBe(2)
  })

  it('dispatches .json (any case) to the JSON loader, passing options', async () => {
    const ds = await loadDataset(join(dir, 'b.JSON'), { label: 'y', scale: 2 })
    expect(ds.columns).toEqual(['f'])
    expect(Array.from(ds.x)).toEqual([2, 4])
  })

  it('loads the digits fixture', async () => {
    const ds = await loadDataset('fixtures/data/digits.csv')
    expect([ds.rows, ds.features, ds.classes]).toEqual([1797, 64, 10])
  })

  it('refuses other extensions, naming the path and the accepted ones', async () => {
    await expect(loadDataset(join(dir, 'c.txt'))).rejects.toThrow(/loadDataset: .*c\.txt: unsupported extension "\.txt"; expected one of \.csv, \.json/)
    await expect(loadDataset(join(dir, 'noext'))).rejects.toThrow(/loadDataset: .*noext: has no file extension; expected one of \.csv, \.json/)
    await expect(loadDataset('')).rejects.toThrow(/loadDataset: path: expected a file path, found an empty string/)
  })

  it('names a missing file', async () => {
    await expect(loadDataset(join(dir, 'missing.csv'))).rejects.toThrow(/loadCsv: .*missing\.csv: file not found/)
  })
})
