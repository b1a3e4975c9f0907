import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../../../src/data/load.js'
import { encodeNpy } from '../../../src/data/npy.js'
import { runCli as run } from './run-cli.js'

// `privacy-gates check` on a thresholds file whose data are .npy pairs: the digits splits saved as
// NumPy would (uint8 pixels [rows, 8, 8], int64 labels) gate like the CSV files; a missing file or
// a pair whose row counts differ is an input error (exit 2) naming the file.
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-npy-data-'))
  for (const split of ['members-leaky', 'non-members']) {
    const ds = await loadDataset(join(fixtures, 'data/digits-split', `${split}.csv`), { label: 'label' })
    await writeFile(join(dir, `${split}-x.npy`), encodeNpy({ dtype: 'uint8', shape: [ds.rows, 8, 8], data: Uint8Array.from(ds.x as Float32Array) }))
    await writeFile(join(dir, `${split}-y.npy`), encodeNpy({ dtype: 'int64', shape: [ds.rows], data: Int32Array.from(ds.y) }))
  }
  await writeFile(join(dir, 'short-y.npy'), encodeNpy({ dtype: 'int64', shape: [7], data: new Int32Array(7) }))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function config(name: string, members: { x: string; y: string }): Promise<string> {
  const file = join(dir, `${name}.json`)
  const data = { members, nonMembers: { x: 'non-members-x.npy', y: 'non-members-y.npy' }, scale: 0.0625 }
  await writeFile(file, JSON.stringify({ models: { digits: { target: { type: 'tfjs', path: join(fixtures, 'models/digits-leaky/model.json') }, data, gates: { cleanAccuracy: { min: 0.8 } } } } }))
  return file
}

describe('privacy-gates check with .npy data pairs', () => {
  it('gates as with the CSV files', async () => {
    const { code, out, err } = await run(['check', '--config', await config('good', { x: 'members-leaky-x.npy', y: 'members-leaky-y.npy' })])
    expect(code, out + err).toBe(0)
    expect(out).toMatch(/digits\s+cleanAccuracy\s+0\.89\d/)
  })

  it('a missing file is an input error at its pointer', async () => {
    const { code, out, err } = await run(['check', '--config', await config('missing', { x: 'members-x.npy', y: 'members-leaky-y.npy' })])
    expect(code).toBe(2)
    expect(out + err).toContain(`/models/digits/data/members/x: file not found: ${join(dir, 'members-x.npy')}`)
  })

  it('a pair whose row counts differ is an input error naming both files', async () => {
    const { code, out, err } = await run(['check', '--config', await config('short', { x: 'members-leaky-x.npy', y: 'short-y.npy' })])
    expect(code).toBe(2)
    expect(out + err).toContain(`${join(dir, 'short-y.npy')}: holds 7 labels, but ${join(dir, 'members-leaky-x.npy')} holds`)
  })
})
