/**
 * Extraction budget curves on the regularised digits fixture: fidelity (evaluation set, and on
 * uniform inputs in brackets) per strategy and budget, one query stream per strategy
 * (`auditExtraction` with `budgets`). Prints a Markdown table and whether, at 100 queries,
 * `active` or `augment` beats `pool`.
 *
 *   npx tsx bench/extraction-curves.ts [seed]
 *
 * Target: fixtures/models/digits-regularised; pool: fixtures/data/digits-split/pool.csv (597 rows,
 * so `pool` and `active` stop at 597); evaluation: non-members.csv; pixels scaled by 1/16.
 * Surrogate: 64-64-10 MLP, 100 epochs, Adam 1e-3, batch 32; augment/active: the defaults (seed set 40,
 * rounds of 20 queries, 60 epochs per intermediate surrogate).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { auditExtraction } from '../src/attacks/extraction/audit.js'
import type { ExtractionStrategy } from '../src/attacks/extraction/types.js'
import { loadCsv } from '../src/data/csv.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'
import { loadTfModel } from '../src/runtime/model-io.js'
import { fromTfModel } from '../src/targets/from-tf-model.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BUDGETS = [50, 100, 200, 400, 600]
const POOL_CAP = 597
const STRATEGIES: ExtractionStrategy[] = ['pool', 'synthetic', 'augment', 'active']
const seed = Number(process.argv[2] ?? 0)

await initBackend()
const model = await loadTfModel(path.join(ROOT, 'fixtures/models/digits-regularised/model.json'))
const pool = await loadCsv(path.join(ROOT, 'fixtures/data/digits-split/pool.csv'), { scale: 1 / 16 })
const evaluation = await loadCsv(path.join(ROOT, 'fixtures/data/digits-split/non-members.csv'), { scale: 1 / 16 })

const rows: Record<string, Map<number, string>> = {}
const at100: Record<string, number> = {}
for (const strategy of STRATEGIES) {
  const capped = strategy === 'pool' || strategy === 'active'
  const budgets = BUDGETS.map((b) => (capped ? Math.min(b, POOL_CAP) : b))
  const started = performance.now()
  const r = await auditExtraction(fromTfModel(model), {
    pool, evaluation, strategy, budgets, hidden: [64], epochs: 100, seed,
  })
  const seconds = (performance.now() - started) / 1000
  const cells = new Map<number, string>()
  for (const p of r.curve ?? []) {
    cells.set(p.budget, `${p.fidelity.toFixed(3)} (${p.fidelityUniform?.toFixed(3) ?? '–'})`)
    if (p.budget === 100) at100[strategy] = p.fidelity
  }
  rows[strategy] = cells
  console.error(`${strategy}: ${r.queriesUsed} queries, ${seconds.toFixed(1)} s`)
}

console.log(`Fidelity on non-members.csv (on 1000 uniform inputs in brackets); backend ${activeBackend()}, seed ${seed}.\n`)
console.log(`| strategy | ${BUDGETS.map((b) => (b === 600 ? `${b} (pool/active ${POOL_CAP})` : String(b))).join(' | ')} |`)
console.log(`| --- | ${BUDGETS.map(() => '---').join(' | ')} |`)
for (const strategy of STRATEGIES) {
  const capped = strategy === 'pool' || strategy === 'active'
  const cells = BUDGETS.map((b) => rows[strategy].get(capped ? Math.min(b, POOL_CAP) : b) ?? '–')
  console.log(`| ${strategy} | ${cells.join(' | ')} |`)
}
const best = at100.active >= at100.augment ? 'active' : 'augment'
const beats = Math.max(at100.active, at100.augment) > at100.pool
console.log(`\nAt 100 queries: pool ${at100.pool.toFixed(3)}, active ${at100.active.toFixed(3)}, augment ${at100.augment.toFixed(3)} → ${beats ? `${best} beats pool` : 'neither active nor augment beats pool'}.`)
