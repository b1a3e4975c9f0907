import { copyFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadDataset } from '../../../../src/data/load.js'
import { encodeNpy } from '../../../../src/data/npy.js'
import { DataError } from '../../../../src/data/data-error.js'
import { ConfigError, loadConfig } from '../../../../src/gates/config/index.js'
import { createGateModel } from '../../../../src/gates/model.js'
import { digitsModel, FIXTURES, makeProject } from './helpers.js'

// data.<key> as a pair of .npy files { x, y } in the thresholds file: resolved and checked like a
// CSV path, read through loadDataset({ x, y }) with the file's scale and record shape.
let project: Awaited<ReturnType<typeof makeProject>>
beforeEach(async () => {
  project = await makeProject()
  // These tests read the data through the model, so it needs its weights too.
  await copyFile(join(FIXTURES, 'models', 'digits-regularised', 'weights.bin'), join(project.dir, 'models', 'digits', 'weights.bin'))
  // The digits CSVs as NumPy would save them: uint8 pixels [rows, 8, 8], int64 labels.
  for (const split of ['members', 'non-members', 'pool']) {
    const ds = await loadDataset(join(project.dir, 'data', `${split}.csv`))
    await writeFile(join(project.dir, 'data', `${split}-x.npy`), encodeNpy({ dtype: 'uint8', shape: [ds.rows, 8, 8], data: Uint8Array.from(ds.x as Float32Array) }))
    await writeFile(join(project.dir, 'data', `${split}-y.npy`), encodeNpy({ dtype: 'int64', shape: [ds.rows], data: Int32Array.from(ds.y) }))
  }
})
afterEach(async () => {
  await project.cleanup()
})

const pair = (split: string) => ({ x: `data/${split}-x.npy`, y: `data/${split}-y.npy` })
const npyModel = (data: Record<string, unknown> = {}) =>
  digitsModel({ data: { members: pair('members'), nonMembers: pair('non-members'), pool: pair('pool'), recordShape: [8, 8, 1], ...data }, gates: { cleanAccuracy: { min: 0.5 } } })

async function failure(content: unknown): Promise<ConfigError> {
  const file = await project.write('privacy-gates.json', content)
  const error = await loadConfig(file).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(ConfigError)
  return error as ConfigError
}

describe('thresholds file: .npy data pairs', () => {
  it('resolves both paths against the file\'s folder and reads the same records as the CSV files, scaled and shaped', async () => {
    const file = await project.write('privacy-gates.json', { defaults: { data: { scale: 0.0625 } }, models: { npy: npyModel(), csv: digitsModel({ data: { members: 'data/members.csv', nonMembers: 'data/non-members.csv' } }) } })
    const config = await loadConfig(file)
    expect(config.models.npy.data.members).toEqual({ x: join(project.dir, 'data/members-x.npy'), y: join(project.dir, 'data/members-y.npy') })
    // evaluation defaults to the non-members pair.
    expect(config.models.npy.data.evaluation).toEqual(config.models.npy.data.nonMembers)
    const [npy, csv] = [await (await createGateModel(config, 'npy')).source(), await (await createGateModel(config, 'csv')).source()]
    expect(npy.members).toMatchObject({ rows: 600, features: 64, recordShape: [8, 8, 1] })
    expect(Array.from(npy.members!.x as Float32Array)).toEqual(Array.from(csv.members!.x as Float32Array))
    expect(Array.from(npy.nonMembers!.y)).toEqual(Array.from(csv.nonMembers!.y))
    expect(Math.max(...(npy.members!.x as Float32Array))).toBe(1) // 16 × 0.0625
  })

  it('names a missing x or y file at its own pointer', async () => {
    const e = await failure({ models: { digits: npyModel({ members: { x: 'data/member-x.npy', y: 'data/members-y.npy' }, pool: { x: 'data/pool-x.npy', y: 'data/pool-labels.npy' } }) } })
    expect(e.issues).toEqual([
      { file: e.file, pointer: '/models/digits/data/members/x', message: `file not found: ${join(project.dir, 'data/member-x.npy')}` },
      { file: e.file, pointer: '/models/digits/data/pool/y', message: `file not found: ${join(project.dir, 'data/pool-labels.npy')}` },
    ])
  })

  it('refuses a pair that is not two .npy paths, and a lone .npy path', async () => {
    const e = await failure({ models: { digits: npyModel({ members: { x: 'data/members-x.npy' }, nonMembers: 'data/non-members-x.npy' }) } })
    expect(e.issues.map((i) => [i.pointer, i.message])).toEqual([
      ['/models/digits/data/members', 'expected a path ending in .csv or .json or an object { "x", "y" }, found an object'],
      ['/models/digits/data/members', 'missing required key "y"'],
      ['/models/digits/data/nonMembers', 'expected a path ending in .csv or .json or an object { "x", "y" }, found "data/non-members-x.npy"'],
    ])
  })

  it('refuses "id" (model or defaults) and a model\'s "label" for .npy pairs, naming the keys that are pairs', async () => {
    const e = await failure({ defaults: { data: { id: 'name' } }, models: { digits: npyModel({ label: 'label' }) } })
    expect(e.issues).toEqual([
      { file: e.file, pointer: '/defaults/data/id', message: '"id" names a column, but "members", "nonMembers", "pool" are .npy pairs { "x", "y" } with no columns (records are named by row index); remove "id" from defaults.data, or give this model CSV/JSON files' },
      { file: e.file, pointer: '/models/digits/data/label', message: '"label" names a column, but "members", "nonMembers", "pool" are .npy pairs { "x", "y" } whose labels are the y file; remove "label"' },
    ])
    // A label inherited from defaults serves the CSV files of other models and is ignored here.
    const file = await project.write('privacy-gates.json', { defaults: { data: { label: 'label' } }, models: { digits: npyModel() } })
    await expect(loadConfig(file)).resolves.toBeDefined()
  })

  it('a pair whose files hold different numbers of rows fails when read, naming both files', async () => {
    await writeFile(join(project.dir, 'data', 'short-y.npy'), encodeNpy({ dtype: 'int64', shape: [10], data: new Int32Array(10) }))
    const file = await project.write('privacy-gates.json', { models: { digits: npyModel({ members: { x: 'data/members-x.npy', y: 'data/short-y.npy' } }) } })
    const source = (await createGateModel(await loadConfig(file), 'digits')).source()
    await expect(source).rejects.toBeInstanceOf(DataError)
    await expect(source).rejects.toThrow(`${join(project.dir, 'data/short-y.npy')}: holds 10 labels, but ${join(project.dir, 'data/members-x.npy')} holds 600 records`)
  })
})
