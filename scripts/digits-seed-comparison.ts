/**
 * What a release-to-release comparison says when nothing but the training seed changed:
 *
 *   npx tsx scripts/digits-seed-comparison.ts [first-seed] [count]     (default: seeds 3..12)
 *
 * Retrains the regularised digits recipe of scripts/make-fixtures.ts (64-64-10 MLP, L2 3e-3, 20
 * epochs on members.csv) once per seed and compares each with the committed
 * fixtures/models/digits-regularised (seed 2) on the same members and non-members, with the
 * paired DeLong test, for the max-confidence and loss attacks; then the leaky fixture against the
 * regularised one (other members: the unpaired test). Prints one line per comparison and how many
 * reseeded models the test flags at α = 0.05, and how many a `regression: { max: 0.02 }` gate
 * fails. Writes nothing outside a temporary folder.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compareRuns } from '../src/compare/compare-runs.js'
import { parseReport, type RunReport } from '../src/compare/read-report.js'
import { reportPairing } from '../src/report/pairing-section.js'
import { checkRegression } from '../src/compare/regression-gate.js'
import { toDense } from '../src/data/dataset.js'
import { loadDataset } from '../src/data/load.js'
import { loadConfig } from '../src/gates/config/index.js'
import { evaluateGates } from '../src/gates/evaluate.js'
import { GATES } from '../src/gates/gates.js'
import { createGateModel } from '../src/gates/model.js'
import type { GateRecord } from '../src/gates/record.js'
import { gatesJson } from '../src/report/gate-formats.js'
import { gateRows } from '../src/report/gate-rows.js'
import { packageVersion } from '../src/report/package-version.js'
import { initBackend } from '../src/runtime/backend.js'
import { saveLayersModel } from '../src/runtime/model-io.js'
import { toLayersModel } from '../src/runtime/layers-model.js'
import { trainClassifier } from '../src/runtime/train-classifier.js'

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url))
const first = Number(process.argv[2] ?? 3)
const count = Number(process.argv[3] ?? 10)
const dir = await mkdtemp(join(tmpdir(), 'pg-seed-comparison-'))

/** Runs the membershipAuc gate; returns the report as written (and its path) and the gate's record. */
async function report(name: string, model: string, members: string, attack: string): Promise<{ run: RunReport; path: string; record: GateRecord }> {
  const file = join(dir, `${name}-${attack}.json`)
  await writeFile(file, JSON.stringify({
    models: {
      digits: {
        target: { type: 'tfjs', path: model },
        data: { members, nonMembers: fixture('data/digits-split/non-members.csv'), label: 'label', scale: 0.0625 },
        gates: { membershipAuc: { max: 0.9, attack } },
      },
    },
  }))
  const outcomes = await evaluateGates(await createGateModel(await loadConfig(file), 'digits'))
  const collected = outcomes.map((o) => ({ record: o.record, test: 'digits', file: 'digits.test.ts' }))
  const version = await packageVersion()
  const text = gatesJson(gateRows(collected, version), { date: '', vitest: '', packageVersion: version, backend: '' }, [], { pairing: reportPairing(collected) })
  const path = join(dir, `${name}-${attack}.report.json`)
  await writeFile(path, text)
  return { run: parseReport(text, name), path, record: outcomes[0].record }
}

try {
  await initBackend()
  const members = toDense(await loadDataset(fixture('data/digits-split/members.csv'), { scale: 1 / 16 }), 'members')
  const seeds = Array.from({ length: count }, (_, i) => first + i)
  for (const seed of seeds) {
    const c = await trainClassifier({ features: 64, hidden: [64], classes: 10 }, members.x, members.y, { epochs: 20, batchSize: 32, learningRate: 1e-3, l2: 3e-3, seed })
    const layers = toLayersModel(c)
    c.dispose()
    await saveLayersModel(layers, join(dir, `seed-${seed}`))
    layers.dispose()
  }
  for (const attack of ['max-confidence', 'loss']) {
    const base = await report('regularised', fixture('models/digits-regularised/model.json'), fixture('data/digits-split/members.csv'), attack)
    const leaky = compareRuns(base.run, (await report('leaky', fixture('models/digits-leaky/model.json'), fixture('data/digits-split/members-leaky.csv'), attack)).run).gates[0]
    console.log(`${attack}: leaky vs regularised: ${line(leaky)}`)
    let flagged = 0, failed = 0
    for (const seed of seeds) {
      const head = await report(`seed-${seed}`, join(dir, `seed-${seed}`, 'model.json'), fixture('data/digits-split/members.csv'), attack)
      const g = compareRuns(base.run, head.run).gates[0]
      if (g.significant) flagged++
      // The regression gate's own decision on the same pair: the head's record against the base report.
      const gate = await checkRegression(GATES.membershipAuc, head.record, { max: 0.02, baseline: base.path })
      if (!gate!.record.pass) failed++
      console.log(`${attack}: seed ${seed} vs seed 2: ${line(g)}; regression gate: lower bound ${gate!.record.value.toFixed(4)}`)
    }
    console.log(`${attack}: ${flagged} of ${seeds.length} reseeded models significant at 0.05 (paired DeLong); ${failed} of ${seeds.length} fail regression { max: 0.02 }`)
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}

function line(g: ReturnType<typeof compareRuns>['gates'][number]): string {
  return `${g.base!.toFixed(4)} → ${g.head!.toFixed(4)} (Δ ${g.difference! >= 0 ? '+' : ''}${g.difference!.toFixed(4)}), ${g.method}${g.note ? ` [${g.note}]` : ''}, ` +
    `z ${g.z!.toFixed(2)}, p ${g.p!.toExponential(2)}, ${g.verdict}`
}
