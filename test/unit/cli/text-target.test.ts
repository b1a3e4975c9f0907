import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli as run } from './run-cli.js'

// `privacy-gates check` on the text-shaped ONNX fixture: two int64 inputs fed from CSV columns
// through the thresholds file's `inputs`; the model memorises its members, so a strict
// membership gate fails and a loose one passes.
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
const TOKENS = join(fixtures, 'data/text-tokens')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-text-target-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function config(gates: object, inputs: object, data: object = {}): Promise<string> {
  const file = join(dir, `text-${Math.random().toString(36).slice(2)}.json`)
  const target = { type: 'onnx', path: join(fixtures, 'models/text-bag-onnx/model.onnx'), inputs }
  const files = { members: join(TOKENS, 'members.csv'), nonMembers: join(TOKENS, 'non-members.csv'), label: 'label', ...data }
  await writeFile(file, JSON.stringify({ models: { 'text-bag': { target, data: files, gates } } }))
  return file
}

const INPUTS = { input_ids: { columns: 'tok_', dtype: 'int64' }, attention_mask: { columns: { from: 'mask_0', to: 'mask_15' }, dtype: 'int64' } }

describe('privacy-gates check on a text classifier with int64 input_ids and attention_mask', () => {
  it('measures membership AUC through the named inputs: a strict gate fails, a loose one passes', async () => {
    const strict = await run(['check', '--config', await config({ membershipAuc: { max: 0.6 }, cleanAccuracy: { min: 0.5 } }, INPUTS)])
    expect(strict.code, strict.out + strict.err).toBe(1)
    expect(strict.out).toMatch(/text-bag\s+membershipAuc\s+0\.69\d\s+< 0\.600\s+error\s+FAIL/)
    expect(strict.out).toMatch(/text-bag\s+cleanAccuracy\s+0\.67\d\s+> 0\.500\s+error\s+pass/)
    const loose = await run(['check', '--config', await config({ membershipAuc: { max: 0.8 } }, INPUTS)])
    expect(loose.code, loose.out + loose.err).toBe(0)
  })

  it('a prefix that matches no column is a data error (exit 2) naming the file and the mapping', async () => {
    const { code, out, err } = await run(['check', '--config', await config({ membershipAuc: { max: 0.8 } }, { ...INPUTS, input_ids: { columns: 'token_', dtype: 'int64' } })])
    expect(code).toBe(2)
    expect(out + err).toMatch(/members\.csv: no feature column starts with "token_" \(\/models\/text-bag\/target\/inputs\/input_ids\/columns\)/)
  })

  it('scale with an integer input is a configuration error (exit 2)', async () => {
    const { code, out, err } = await run(['check', '--config', await config({ membershipAuc: { max: 0.8 } }, INPUTS, { scale: 0.5 })])
    expect(code).toBe(2)
    expect(out + err).toContain('/models/text-bag/data/scale: "scale" multiplies every column, including those of the integer input "input_ids" (int64)')
  })
})
