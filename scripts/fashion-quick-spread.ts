/**
 * `npx tsx scripts/fashion-quick-spread.ts [seeds] [epochs]`: the small-budget LiRA and RMIA audits
 * that test/unit/examples/fashion-mnist-gates.test.ts gates (examples/fashion-mnist/privacy-gates.json,
 * k = 2 CNN references from the quick recipe), at seeds 0 … seeds − 1 (default 3), with their AUCs,
 * TPRs at 1% FPR and times, so the test's limits can be kept clear of the values. RMIA reads the
 * reference models LiRA trained from a throw-away reference cache.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { auditMembership } from '../src/attacks/membership/audit.js'
import { loadConfig } from '../src/gates/config/index.js'
import { createGateModel } from '../src/gates/model.js'
import { sampleSpread } from '../src/metrics/index.js'
import type { Dataset } from '../src/data/dataset.js'

const seeds = Number(process.argv[2] ?? 3)
const recipe = fileURLToPath(new URL('../test/unit/examples/fashion-quick-recipe.ts', import.meta.url))
const config = await loadConfig(fileURLToPath(new URL('../examples/fashion-mnist/privacy-gates.json', import.meta.url)))
const source = await (await createGateModel(config, 'fashion-cnn')).source()
const values: Record<string, number[]> = {}
// RMIA reads LiRA's reference models (same halves, same seeds) from a throw-away cache instead of training them again.
const cache = await mkdtemp(join(tmpdir(), 'fashion-spread-'))
for (let seed = 0; seed < seeds; seed++) {
  for (const attack of ['lira', 'rmia'] as const) {
    const started = performance.now()
    const r = await auditMembership(source.target, {
      members: source.members!, nonMembers: source.nonMembers!, pool: source.pool as Dataset, attack, seed,
      settings: { k: 2, recipe }, cache,
    })
    const seconds = (performance.now() - started) / 1000
    ;(values[`${attack} auc`] ??= []).push(r.auc)
    ;(values[`${attack} tpr@1%`] ??= []).push(r.tprAtFpr['0.01'].tpr)
    console.log(`seed ${seed} ${attack}: AUC ${r.auc.toFixed(4)}, TPR@1%FPR ${r.tprAtFpr['0.01'].tpr.toFixed(3)}, ${seconds.toFixed(1)} s`)
  }
}
for (const [k, v] of Object.entries(values)) {
  const s = sampleSpread(v)
  console.log(`${k}: mean ${s.mean.toFixed(4)}, sd ${s.sd.toFixed(4)}, min ${Math.min(...v).toFixed(4)}, max ${Math.max(...v).toFixed(4)}`)
}
