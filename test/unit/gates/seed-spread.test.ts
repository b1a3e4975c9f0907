import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { loadConfig, type ResolvedConfig } from '../../../src/gates/config/index.js'
import { evaluateGates } from '../../../src/gates/evaluate.js'
import { createGateModel } from '../../../src/gates/model.js'
import { seedSpread, type GateSpread } from '../../../src/gates/seed-spread.js'
import type { TfModelTarget } from '../../../src/targets/from-tf-model.js'

// Every model file loaded, counted where the thresholds file's targets load them.
const loads = vi.hoisted(() => ({ tfjs: 0, onnx: 0 }))
vi.mock('../../../src/runtime/model-io.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../../src/runtime/model-io.js')>()
  return { ...m, loadTfModel: (...a: Parameters<typeof m.loadTfModel>) => { loads.tfjs++; return m.loadTfModel(...a) } }
})
vi.mock('../../../src/targets/onnx/onnx-target.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../../src/targets/onnx/onnx-target.js')>()
  return { ...m, onnxTarget: (...a: Parameters<typeof m.onnxTarget>) => { loads.onnx++; return m.onnxTarget(...a) } }
})

const repo = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pg-seed-spread-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const data = {
  members: repo('fixtures/data/digits-split/members.csv'),
  nonMembers: repo('fixtures/data/digits-split/non-members.csv'),
  pool: repo('fixtures/data/digits-split/pool.csv'),
}

/** The same MLP as a tfjs model and as ONNX; a seed-independent gate and one that moves with the seed. */
async function config(): Promise<ResolvedConfig> {
  const file = join(dir, 'privacy-gates.json')
  writeFileSync(file, JSON.stringify({
    defaults: {
      data: { label: 'label', scale: 0.0625 },
      gates: { membershipAuc: { max: 0.6 }, surrogateFidelity: { max: 0.96, budget: 100, repeats: 1 } },
      seed: 3,
      cache: false,
    },
    models: {
      tfjs: { target: { type: 'tfjs', path: repo('fixtures/models/digits-regularised/model.json') }, data },
      onnx: { target: { type: 'onnx', path: repo('fixtures/models/digits-regularised-onnx/model.onnx') }, data },
    },
  }))
  return loadConfig(file)
}

const values = (spread: GateSpread[]) => spread.map((g) => ({ model: g.model, gate: g.gate, seeds: g.seeds, values: g.values, passes: g.passes }))

describe('seedSpread', () => {
  it('loads each model once for every seed, and measures what models built anew for each seed measure', async () => {
    const c = await config()
    const names = ['tfjs', 'onnx']
    loads.tfjs = loads.onnx = 0
    const spread = await seedSpread(c, names, 3)
    expect(loads).toEqual({ tfjs: 1, onnx: 1 })

    // The reference: a model built from the file for each seed, as `check --repeats` did before.
    const anew = []
    for (const name of names) {
      const runs = []
      for (const seed of [3, 4, 5]) {
        runs.push(await evaluateGates(await createGateModel({ ...c, models: { ...c.models, [name]: { ...c.models[name], seed } } }, name)))
      }
      for (const [k, o] of runs[0].entries()) {
        anew.push({ model: name, gate: o.spec.id, seeds: [3, 4, 5], values: runs.map((r) => r[k].record.value), passes: runs.map((r) => r[k].record.pass) })
      }
    }
    expect(values(spread)).toEqual(anew)
    // The seed matters to the surrogate: the values compared are not one number three times.
    expect(new Set(spread.find((g) => g.model === 'tfjs' && g.gate === 'surrogateFidelity')!.values).size).toBeGreaterThan(1)

    // A check run's models serve the next seeds: nothing is loaded again.
    const models = new Map(await Promise.all(names.map(async (n) => [n, await createGateModel(c, n)] as const)))
    const first = (await Promise.all(names.map((n) => evaluateGates(models.get(n)!)))).flat()
    // Its faster path was checked and trusted: reusing it takes dispose() starting the check over.
    expect((models.get('tfjs')!.target as TfModelTarget).inference).not.toBe('tfjs')
    loads.tfjs = loads.onnx = 0
    expect(values(await seedSpread(c, names, 3, { first, models }))).toEqual(anew)
    expect(loads).toEqual({ tfjs: 0, onnx: 0 })

    // A tfjs target whose faster path has not been checked (here: never queried) is built anew
    // for the next seed, which then serves the one after.
    const unqueried = new Map([['tfjs', await createGateModel(c, 'tfjs')]])
    loads.tfjs = 0
    expect(values(await seedSpread(c, ['tfjs'], 3, { first, models: unqueried }))).toEqual(anew.filter((g) => g.model === 'tfjs'))
    expect(loads.tfjs).toBe(1)
  })

  it('refuses a name the file does not hold, as createGateModel does', async () => {
    const c = await config()
    await expect(seedSpread(c, ['onxx'], 2)).rejects.toThrow(`${c.file} has no model named "onxx"; did you mean "onnx"? Known models: tfjs, onnx`)
  })
})
