/**
 * The lab's DP-SGD rows (`privacy-gates lab --quick --dp-epsilon …`) against the non-private quick
 * lab row, in one process and interleaved (one of each per round, after one untimed warm-up round of
 * a plain and a DP row, so module loading and JIT compilation count against no row), so load changes
 * hit all alike. Each DP row trains the target with DP-SGD (Poisson batches, per-example clipping by
 * ghost norms, noise; σ calibrated to ε), then runs the same attacks and surrogate as the plain row,
 * plus offline LiRA with `LAB_LIRA_MODELS` reference models trained the target's way (DP-SGD at the
 * same ε), as `privacy-gates lab --dp-epsilon` does (each ε also without LiRA, to show what LiRA
 * adds).
 *
 * The baseline is the plain quick lab row without LiRA (what `lab --quick` runs); `plain + LiRA` is
 * the non-private row of a `--dp-epsilon` run. The bar: each `ε … + LiRA` row within 3× the
 * baseline. Prints, per row, the median wall seconds with its ratio to the baseline (`×plain`, the
 * bar) and to `plain + LiRA`; the median CPU seconds of the process (all threads: LiRA's references
 * train on worker lanes) with its ratio to the baseline's, which other processes' load distorts
 * less than wall time; and the rows' accuracy, AUC and ε figures, so speed is never read without
 * the numbers.
 *
 *   npx tsx bench/dp-lab.ts [runs] [epsilons]     # default 3 rounds, ε 1,8
 */
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { LAB_LIRA_MODELS, runLab, type LabOptions, type LabRow } from '../src/lab/run-lab.js'
import { median } from './timing.js'

const digits = fileURLToPath(new URL('../fixtures/data/digits.csv', import.meta.url))
const runs = Math.max(1, Number(process.argv[2] ?? 3))
const epsilons = (process.argv[3] ?? '1,8').split(',').map(Number)
const base = { dataset: digits, seed: 0, scaling: { kind: 'factor', factor: 1 / 16 } as const }

const variants: [string, Partial<LabOptions>][] = [
  ['plain', {}], ['plain + LiRA', { liraModels: LAB_LIRA_MODELS }],
  ...epsilons.flatMap((eps): [string, Partial<LabOptions>][] => [
    [`ε ${eps}`, { dpEpsilon: eps, liraModels: 0 }], [`ε ${eps} + LiRA`, { dpEpsilon: eps, liraModels: LAB_LIRA_MODELS }],
  ]),
]
await runLab(base)
await runLab({ ...base, dpEpsilon: epsilons[0], liraModels: LAB_LIRA_MODELS })

const wall = new Map<string, number[]>()
const cpu = new Map<string, number[]>()
const rows = new Map<string, LabRow>()
const loads: number[] = []
for (let i = 0; i < runs; i++) {
  loads.push(os.loadavg()[0])
  for (const [key, extra] of variants) {
    const t = performance.now()
    const c = process.cpuUsage()
    const row = await runLab({ ...base, ...extra })
    const used = process.cpuUsage(c)
    wall.set(key, [...(wall.get(key) ?? []), (performance.now() - t) / 1000])
    cpu.set(key, [...(cpu.get(key) ?? []), (used.user + used.system) / 1e6])
    rows.set(key, row)
  }
}
const plain = median(wall.get('plain')!), plainLira = median(wall.get('plain + LiRA')!), plainCpu = median(cpu.get('plain')!)
const f = (v: number | '') => (v === '' ? '—' : v.toFixed(3))
console.log(`lab --quick on digits, seed 0, engine ${rows.get('plain')!.engine}; LiRA with ${LAB_LIRA_MODELS} reference models; ${runs} rounds after a warm-up; load average at round starts: ${loads.map((l) => l.toFixed(1)).join(', ')}`)
console.log('row                wall s  ×plain  ×plain+LiRA   cpu s  cpu ×plain  train acc  clean acc  AUC max-conf  AUC loss  AUC LiRA  fidelity  accountant ε  empirical ε ≥')
for (const [key] of variants) {
  const r = rows.get(key)!
  const m = median(wall.get(key)!), c = median(cpu.get(key)!)
  console.log(
    `${key.padEnd(17)} ${m.toFixed(2).padStart(7)} ${(m / plain).toFixed(2).padStart(7)} ${(m / plainLira).toFixed(2).padStart(12)} ${c.toFixed(2).padStart(7)} ${(c / plainCpu).toFixed(2).padStart(11)}` +
    `  ${f(r.target_train_accuracy).padStart(9)}  ${f(r.target_clean_accuracy).padStart(9)}` +
    `  ${f(r.membership_auc).padStart(12)}  ${f(r.membership_auc_loss).padStart(8)}  ${f(r.membership_auc_lira).padStart(8)}  ${f(r.surrogate_fidelity).padStart(8)}  ${f(r.accountant_epsilon).padStart(12)}  ${f(r.empirical_epsilon).padStart(13)}`,
  )
}
