import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { labHtml } from '../lab/lab-report.js'
import { LAB_COLUMNS, LAB_LIRA_MODELS, runLabWithCharts, type LabRow, type LabRun } from '../lab/run-lab.js'
import type { Scaling } from '../lab/preprocess.js'
import { toCsv } from '../report/csv.js'
import { formatTable } from '../report/table.js'
import { writeFileAtomic } from '../report/write-file.js'
import type { ExtractionStrategy } from '../attacks/extraction/types.js'
import { integerFlag } from './integer-flag.js'
import { UsageError } from './usage-error.js'

const STRATEGIES: readonly ExtractionStrategy[] = ['pool', 'synthetic', 'augment', 'active', 'equation-solving']

/** The bundled digits data set, the lab's default. */
export const DIGITS = fileURLToPath(new URL('../../fixtures/data/digits.csv', import.meta.url))

/** Seeds of the full (non-quick) lab. */
const FULL_SEEDS = [0, 1, 2, 3, 4]

export const LAB_HELP = `privacy-gates lab [--quick] [options]

Trains a target MLP on part of a data set, then measures its membership-inference AUC and how well
a surrogate trained on its answers copies it. Prints a table; writes CSV only with --out.

  --quick             one seed (default 0); without it: seeds ${FULL_SEEDS.join(', ')} and a mean row
  --seed N            seed for the quick lab (integer)
  --dataset FILE      CSV or JSON data set (default: the bundled digits.csv)
  --label COLUMN      label column (default: the last column)
  --scale S           a number to multiply features by, or "standardize"
                      (default: 1/16 for the bundled digits, standardize otherwise)
  --members N         target training set size (default 600, or rows/3 for
                      data sets of 1,200 rows or fewer)
  --non-members N     held-out set size, also the evaluation set (default as --members)
  --strategy S        extraction strategy: pool (default), synthetic, augment, active,
                      equation-solving
  --budget N          extraction queries (default: the whole pool)
  --dp-epsilon E,…    also train the target with DP-SGD at each ε (e.g. 1,2,4,8): one more row
                      per ε and seed with the accountant's ε and the empirical ε lower bound;
                      every row then adds offline LiRA's AUC (${LAB_LIRA_MODELS} reference models trained
                      the target's way, DP-SGD included)
  --out FILE          write the results as CSV (one row per seed)
  --html FILE         write an HTML report (ROC curves, score histograms, fidelity and
                      surrogate accuracy against budget; measures two more budgets)
`

/** `privacy-gates lab`: parses its arguments, runs the lab, prints a table, writes the CSV. */
export async function labCommand(argv: string[], log: (s: string) => void): Promise<LabRow[]> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      seed: { type: 'string' },
      dataset: { type: 'string' },
      label: { type: 'string' },
      scale: { type: 'string' },
      members: { type: 'string' },
      'non-members': { type: 'string' },
      out: { type: 'string' },
      html: { type: 'string' },
      strategy: { type: 'string' },
      budget: { type: 'string' },
      'dp-epsilon': { type: 'string' },
    },
  })
  const dataset = values.dataset ?? DIGITS
  const scaling = parseScale(values.scale, dataset === DIGITS)
  if (values.seed !== undefined && !values.quick) throw new UsageError('--seed: only with --quick (the full lab runs seeds ' + FULL_SEEDS.join(', ') + ')')
  const seeds = values.quick ? [integerFlag(values.seed ?? '0', '--seed')] : FULL_SEEDS
  const members = values.members === undefined ? undefined : integerFlag(values.members, '--members', 1)
  const nonMembers = values['non-members'] === undefined ? undefined : integerFlag(values['non-members'], '--non-members', 1)

  const strategy = values.strategy as ExtractionStrategy | undefined
  if (strategy !== undefined && !STRATEGIES.includes(strategy)) {
    throw new UsageError(`--strategy: expected one of ${STRATEGIES.join(', ')}, found "${values.strategy}"`)
  }
  const budget = values.budget === undefined ? undefined : integerFlag(values.budget, '--budget', 1)
  const dpEpsilons = values['dp-epsilon'] === undefined ? [] : parseEpsilons(values['dp-epsilon'])
  // The last run's files go first: a lab that fails or is interrupted must not leave them looking current.
  await Promise.all([values.out, values.html].map((f) => (f === undefined ? undefined : rm(f, { force: true }))))
  const runs: LabRun[] = []
  // The non-private row gets LiRA too when there are DP rows: the privacy–utility curve's ε = ∞ point.
  const liraModels = dpEpsilons.length > 0 ? LAB_LIRA_MODELS : 0
  for (const seed of seeds) {
    for (const dpEpsilon of [undefined, ...dpEpsilons]) {
      runs.push(await runLabWithCharts({ dataset, label: values.label, seed, scaling, members, nonMembers, strategy, budget, budgetCurve: values.html !== undefined, dpEpsilon, liraModels }))
    }
  }
  const rows = runs.map((r) => r.row)
  log(renderLabTable(rows))
  if (values.out) {
    await writeFileAtomic(values.out, toCsv(rows as unknown as Record<string, number | string>[], LAB_COLUMNS))
    log(`wrote ${values.out}`)
  }
  if (values.html) {
    await writeFileAtomic(values.html, labHtml(runs))
    log(`wrote ${values.html}`)
  }
  return rows
}

function parseEpsilons(s: string): number[] {
  const out = s.split(',').map((part) => Number(part.trim()))
  if (out.some((e) => !Number.isFinite(e) || e <= 0)) throw new UsageError(`--dp-epsilon: expected a comma-separated list of ε > 0 (e.g. 1,2,4,8), found "${s}"`)
  return out
}

function renderLabTable(rows: LabRow[]): string {
  const f = (v: number) => v.toFixed(4)
  const private_ = rows.some((r) => r.dp_epsilon !== '')
  const dpCells = (r: LabRow) => (private_ ? [r.dp_epsilon === '' ? '—' : String(r.dp_epsilon), r.accountant_epsilon === '' ? '—' : f(r.accountant_epsilon), f(r.empirical_epsilon)] : [])
  const header = ['seed', ...(private_ ? ['DP ε', 'accountant ε', 'empirical ε ≥'] : []), 'train acc', 'clean acc', 'membership AUC (95% CI)', 'loss AUC', ...(private_ ? ['LiRA AUC'] : []), 'fidelity', 'surrogate acc', 'queries', 'seconds']
  const body = rows.map((r) => [
    String(r.seed), ...dpCells(r), f(r.target_train_accuracy), f(r.target_clean_accuracy),
    `${f(r.membership_auc)} (${f(r.membership_auc_lo)}–${f(r.membership_auc_hi)})`, f(r.membership_auc_loss),
    ...(private_ ? [r.membership_auc_lira === '' ? '—' : f(r.membership_auc_lira)] : []),
    f(r.surrogate_fidelity), f(r.surrogate_accuracy), String(r.queries), r.seconds.toFixed(1),
  ])
  if (rows.length > 1 && !private_) {
    const mean = (k: keyof LabRow) => f(rows.reduce((s, r) => s + (r[k] as number), 0) / rows.length)
    body.push(['mean', mean('target_train_accuracy'), mean('target_clean_accuracy'), mean('membership_auc'), mean('membership_auc_loss'),
      mean('surrogate_fidelity'), mean('surrogate_accuracy'), '', ''])
  }
  const first = rows[0]
  return `lab on ${first.dataset} · ${first.members} members, ${first.non_members} non-members · backend ${first.backend} · training engine ${first.engine}\n` + formatTable(header, body)
}

function parseScale(s: string | undefined, isDigits: boolean): Scaling {
  if (s === undefined) return isDigits ? { kind: 'factor', factor: 1 / 16 } : { kind: 'standardize' }
  if (s === 'standardize') return { kind: 'standardize' }
  const frac = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(s)
  const v = frac ? Number(frac[1]) / Number(frac[2]) : Number(s)
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`--scale: expected a positive number, a fraction like 1/16, or "standardize"; found "${s}"`)
  return { kind: 'factor', factor: v }
}
