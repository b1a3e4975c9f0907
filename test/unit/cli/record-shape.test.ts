import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli as run } from './run-cli.js'

// data.recordShape in the thresholds file: the digits are 8×8×1 images to a [batch, 64] model
// (fits: flat rows); a shape of another size is an input error (exit 2) naming both shapes.
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-record-shape-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function config(recordShape: number[]): Promise<string> {
  const file = join(dir, `shape-${recordShape.join('x')}.json`)
  const data = { members: join(fixtures, 'data/digits-split/members-leaky.csv'), nonMembers: join(fixtures, 'data/digits-split/non-members.csv'), label: 'label', scale: 0.0625, recordShape }
  await writeFile(file, JSON.stringify({ models: { digits: { target: { type: 'tfjs', path: join(fixtures, 'models/digits-leaky/model.json') }, data, gates: { cleanAccuracy: { min: 0.8 } } } } }))
  return file
}

describe('privacy-gates check with data.recordShape', () => {
  it('a record shape that holds the row width gates as before', async () => {
    const { code, out, err } = await run(['check', '--config', await config([8, 8, 1])])
    expect(code, out + err).toBe(0)
    expect(out).toMatch(/digits\s+cleanAccuracy\s+0\.89\d/)
  })

  it('a record shape of another size is an input error naming it and the model\'s input', async () => {
    const { code, out, err } = await run(['check', '--config', await config([7, 9, 1])])
    expect(code).toBe(2)
    expect(out + err).toContain('record shape [7, 9, 1] (63 values) does not fit the model\'s input')
    expect(out + err).toContain('a flattened record has 63 values; the model takes 64')
  })
})
