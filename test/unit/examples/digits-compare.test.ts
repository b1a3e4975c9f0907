import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareRuns } from '../../../src/compare/compare-runs.js'
import { readReport, type RunReport } from '../../../src/compare/read-report.js'
import { toDense } from '../../../src/data/dataset.js'
import { loadDataset } from '../../../src/data/load.js'
import { loadConfig } from '../../../src/gates/config/index.js'
import { evaluateGates, type GateOutcome } from '../../../src/gates/evaluate.js'
import { createGateModel } from '../../../src/gates/model.js'
import { PrivacyGatesReporter } from '../../../src/report/reporter.js'
import { initBackend } from '../../../src/runtime/backend.js'
import { saveLayersModel } from '../../../src/runtime/model-io.js'
import { toLayersModel } from '../../../src/runtime/layers-model.js'
import { trainClassifier } from '../../../src/runtime/train-classifier.js'

// The digits example's models through the whole path: thresholds file → gates → the reporter's
// privacy-gates.json → compareRuns, and the regression option against the written baseline.
const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url))
let dir: string

/** Runs the membershipAuc gate of one model and writes its report under `dir/name/`. */
async function run(name: string, model: string, members: string, gate: Record<string, unknown> = {}): Promise<{ report: RunReport; outcomes: GateOutcome[] }> {
  const file = join(dir, `${name}.json`)
  await writeFile(file, JSON.stringify({
    models: {
      digits: {
        target: { type: 'tfjs', path: model },
        data: { members, nonMembers: fixture('data/digits-split/non-members.csv'), label: 'label', scale: 0.0625 },
        gates: { membershipAuc: { max: 0.9, ...gate } },
      },
    },
  }))
  const outcomes = await evaluateGates(await createGateModel(await loadConfig(file), 'digits'))
  const reporter = new PrivacyGatesReporter({ outDir: name, html: false })
  reporter.onInit({ config: { root: dir }, logger: { log: () => {} } })
  await reporter.write(outcomes.map((o) => ({ record: o.record, test: 'digits passes its gates', file: 'digits.test.ts' })))
  return { report: await readReport(join(dir, name, 'privacy-gates.json')), outcomes }
}

describe('examples/digits: release-to-release comparison', () => {
  let base: RunReport
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-digits-compare-'))
    await initBackend()
    // The regularised recipe of scripts/make-fixtures.ts, retrained on another seed.
    const members = toDense(await loadDataset(fixture('data/digits-split/members.csv'), { scale: 1 / 16 }), 'members')
    const classifier = await trainClassifier({ features: 64, hidden: [64], classes: 10 }, members.x, members.y, { epochs: 20, batchSize: 32, learningRate: 1e-3, l2: 3e-3, seed: 7 })
    const layers = toLayersModel(classifier)
    classifier.dispose()
    await saveLayersModel(layers, join(dir, 'reseeded'))
    layers.dispose()
    base = (await run('base', fixture('models/digits-regularised/model.json'), fixture('data/digits-split/members.csv'))).report
  }, 120_000)
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('flags the leaky model\'s membership AUC as a significant regression (unpaired: other members)', async () => {
    const { report, outcomes } = await run('leaky', fixture('models/digits-leaky/model.json'), fixture('data/digits-split/members-leaky.csv'), {
      regression: { max: 0.02, baseline: join(dir, 'base', 'privacy-gates.json') },
    })
    const [g] = compareRuns(base, report).gates
    expect(g).toMatchObject({ model: 'digits', gate: 'membershipAuc', method: 'unpaired DeLong', note: 'different records (members 600 → 100)', verdict: 'regression' })
    expect(g.difference).toBeGreaterThan(0.1)
    expect(g.p).toBeLessThan(0.001)
    // the gate's own limit (0.9) passes; its regression check fails
    expect(outcomes.map((o) => [o.record.gate, o.record.pass])).toEqual([['membershipAuc', true], ['membershipAuc.regression', false]])
  }, 60_000)

  it('does not flag the regularised model retrained on another seed (paired: same records)', async () => {
    const { report, outcomes } = await run('reseeded', join(dir, 'reseeded', 'model.json'), fixture('data/digits-split/members.csv'), {
      regression: { max: 0.02, baseline: join(dir, 'base', 'privacy-gates.json') },
    })
    expect(report.pairing[0].records).toBe(base.pairing[0].records)
    const [g] = compareRuns(base, report).gates
    expect(g).toMatchObject({ method: 'paired DeLong', significant: false, verdict: 'no significant change' })
    expect(Math.abs(g.difference!)).toBeLessThan(0.02)
    expect(outcomes.map((o) => [o.record.gate, o.record.pass])).toEqual([['membershipAuc', true], ['membershipAuc.regression', true]])
  }, 60_000)
})
