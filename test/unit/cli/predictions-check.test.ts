import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeNpy, readNpy } from '../../../src/data/npy.js'
import { runCli as run } from './run-cli.js'

// The thresholds-file target type "predictions" end to end, on the committed fixture that NumPy
// wrote (fixtures/predictions/make-fixture.py, the snippet of docs/predictions.md).
const fixture = fileURLToPath(new URL('../../../fixtures/predictions/', import.meta.url))
const FILES = ['outputs.npy', 'labels.npy', 'membership.npy', 'ref-outputs.npy', 'ref-inside.npy', 'privacy-gates.json']

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'pg-predictions-check-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('privacy-gates check on a "predictions" target', () => {
  it('gates the NumPy-written outputs with lira, rmia (a tuned) and max-confidence, training nothing', async () => {
    const html = join(dir, 'ok.html')
    const { code, out, err } = await run(['check', '--config', join(fixture, 'privacy-gates.json'), '--html', html])
    expect(code, out + err).toBe(0)
    expect(out).toMatch(/digits-numpy\s+membershipAuc\s+0\.6\d\d\s+< 0\.800\s+error\s+pass/)
    expect(out).toMatch(/digits-numpy\s+membershipTpr\s+0\.\d+\s+< 0\.500\s+error\s+pass/)
    expect(out).toMatch(/digits-numpy\s+membershipAdvantage\s+0\.\d+\s+< 0\.500\s+error\s+pass/)
    expect(await readFile(html, 'utf8')).toContain('digits-numpy')
  }, 60_000)

  it('a broken file fails the model with exit 2, naming the file and the record, and no gate passes', async () => {
    for (const f of FILES) await copyFile(join(fixture, f), join(dir, f))
    const inside = await readNpy(join(fixture, 'ref-inside.npy'))
    const n = inside.shape[1]
    for (let j = 0; j < inside.shape[0]; j++) inside.data[j * n + 7] = 1
    await writeFile(join(dir, 'ref-inside.npy'), encodeNpy(inside))
    const html = join(dir, 'broken.html')
    const { code, out, err } = await run(['check', '--config', join(dir, 'privacy-gates.json'), '--html', html])
    expect(code, out + err).toBe(2)
    expect(err).toMatch(/ref-inside\.npy: record 7 \(a member\) is IN for all 4 reference models/)
    expect(out).not.toMatch(/\bpass\b/)
  }, 60_000)

  it('refuses, when the file is read, gates that query the model and attacks that need queries, naming where', async () => {
    const file = join(dir, 'bad-gates.json')
    const config = JSON.parse(await readFile(join(fixture, 'privacy-gates.json'), 'utf8'))
    const model = config.models['digits-numpy']
    for (const key of ['outputs', 'labels', 'membership']) model.target[key] = join(fixture, model.target[key])
    delete model.target.references
    model.gates = { membershipAuc: { max: 0.8, attack: 'shadow' }, membershipTpr: { max: 0.5, attack: 'rmia' }, cleanAccuracy: { min: 0.5 } }
    await writeFile(file, JSON.stringify(config))
    const { code, out, err } = await run(['check', '--config', file, '--html', join(dir, 'bad.html')])
    expect(code, out + err).toBe(2)
    expect(err).toContain('/models/digits-numpy/gates/membershipAuc/attack: attack "shadow" needs queries or training on pool records')
    expect(err).toContain('/models/digits-numpy/target: missing "references": attack "rmia" (gate membershipTpr)')
    expect(err).toContain('/models/digits-numpy/gates/cleanAccuracy: gate cleanAccuracy queries the model')
  })
})
