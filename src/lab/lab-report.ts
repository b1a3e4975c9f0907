import { renderHtmlReport, type ReportSection } from '../report/html/page.js'
import { lineChart } from '../report/html/svg/line-chart.js'
import type { LabRow, LabRun } from './run-lab.js'

/**
 * The lab's HTML report: one section per seed with its numbers, the ROC curves and score histograms
 * of its two membership attacks, and fidelity and surrogate accuracy against the budget. DP-SGD runs
 * (`--dp-epsilon`) get their own sections with the accountant's ε and the empirical lower bound.
 */
export function labHtml(runs: readonly LabRun[], date = new Date().toISOString()): string {
  const f = (v: number) => v.toFixed(4)
  const first = runs[0].row
  return renderHtmlReport({
    title: `Privacy and extraction lab: ${first.dataset}`,
    meta: [
      ['date', date], ['backend', first.backend], ['training engine', first.engine], ['members', String(first.members)], ['non-members', String(first.non_members)],
      ['seeds', runs.map((r) => r.row.seed).join(', ')],
    ],
    sections: [...privacyUtilitySections(runs), ...runs.map(({ row: r, charts }) => ({
      title: `${r.dataset} · seed ${r.seed}${r.dp_epsilon === '' ? '' : ` · DP-SGD ε = ${r.dp_epsilon}`}`,
      description: 'A target MLP trained on the members; max-confidence and loss (and, beside DP rows, offline LiRA) membership attacks; a surrogate trained on the target\'s labels for the attacker pool.',
      table: {
        header: ['metric', 'value'],
        rows: [
          ['target train accuracy', f(r.target_train_accuracy)], ['target clean accuracy', f(r.target_clean_accuracy)],
          ['membership AUC (max-confidence, 95% CI)', `${f(r.membership_auc)} (${f(r.membership_auc_lo)}–${f(r.membership_auc_hi)})`],
          ['membership advantage', f(r.membership_advantage)], ['membership AUC (loss)', f(r.membership_auc_loss)],
          ...(r.membership_auc_lira === '' ? [] : [['membership AUC (offline LiRA)', f(r.membership_auc_lira)]]),
          ['surrogate fidelity', f(r.surrogate_fidelity)], ['surrogate accuracy', f(r.surrogate_accuracy)], ['queries', String(r.queries)],
          ...(r.accountant_epsilon === '' ? [] : [['accountant ε (δ = ' + String(r.dp_delta) + ')', f(r.accountant_epsilon)]]),
          ['empirical ε lower bound (95%)', f(r.empirical_epsilon)],
        ],
      },
      membership: charts.membership,
      extraction: [charts.extraction],
    }))],
  })
}

/**
 * One section per seed that has DP-SGD rows: clean accuracy, the membership AUCs (max-confidence,
 * loss, and LiRA when the rows have it) and surrogate fidelity against the ε the target was trained
 * to (log axis), the non-private row's accuracy and AUCs dashed.
 */
function privacyUtilitySections(runs: readonly LabRun[]): ReportSection[] {
  const seeds = [...new Set(runs.filter((r) => r.row.dp_epsilon !== '').map((r) => r.row.seed))]
  return seeds.map((seed) => {
    const rows = runs.map((r) => r.row).filter((r) => r.seed === seed)
    const dp = rows.filter((r) => r.dp_epsilon !== '').sort((a, b) => (a.dp_epsilon as number) - (b.dp_epsilon as number))
    const plain = rows.find((r) => r.dp_epsilon === '')
    const eps = dp.map((r) => r.dp_epsilon as number)
    const lo = Math.min(...eps) / 1.5, hi = Math.max(...eps) * 1.5
    const withLira = dp.every((r) => r.membership_auc_lira !== '')
    const lira = (r: LabRow) => r.membership_auc_lira as number
    const metrics: [string, (r: LabRow) => number][] = [
      ['clean accuracy', (r) => r.target_clean_accuracy],
      ['membership AUC (max-confidence)', (r) => r.membership_auc],
      ...(withLira ? [['membership AUC (LiRA)', lira] as [string, (r: LabRow) => number]] : []),
      ['membership AUC (loss)', (r) => r.membership_auc_loss],
      ['surrogate fidelity', (r) => r.surrogate_fidelity],
    ]
    const dashed = metrics.slice(0, withLira && plain?.membership_auc_lira !== '' ? 3 : 2)
    const svg = lineChart({
      id: `privacy-utility-${seed}`, title: 'Privacy–utility: DP-SGD target against ε', xLabel: 'ε (DP-SGD target)', yLabel: 'value',
      x: { kind: 'log', domain: [lo, hi] }, y: { kind: 'linear', domain: [0.4, 1] },
      series: [
        ...metrics.map(([name, v]) => ({ name, x: eps, y: dp.map(v), markers: true })),
        ...(plain ? dashed.map(([name, v]) => ({ name: `${name}, non-private`, x: [lo, hi], y: [v(plain), v(plain)], dashed: true })) : []),
      ],
    })
    const f = (v: number) => v.toFixed(4)
    return {
      title: `${rows[0].dataset} · seed ${seed} · privacy–utility`,
      description: 'The target trained with DP-SGD at each ε (clip norm 1, Poisson batches, δ = 1/(10·members)); offline LiRA\'s reference models trained the same way; the accountant\'s ε and the attacks\' empirical lower bound (95%) beside the utility and leakage figures.',
      table: {
        header: ['ε (target)', 'accountant ε', 'empirical ε ≥', 'clean accuracy', 'AUC max-confidence', 'AUC loss', 'AUC LiRA', 'surrogate fidelity'],
        rows: [...(plain ? [plain] : []), ...dp].map((r) => [
          r.dp_epsilon === '' ? 'non-private' : String(r.dp_epsilon), r.accountant_epsilon === '' ? '—' : f(r.accountant_epsilon), f(r.empirical_epsilon),
          f(r.target_clean_accuracy), f(r.membership_auc), f(r.membership_auc_loss), r.membership_auc_lira === '' ? '—' : f(r.membership_auc_lira), f(r.surrogate_fidelity),
        ]),
      },
      membership: [],
      extraction: [],
      curves: { heading: 'Accuracy and AUC against ε', svgs: [svg] },
    }
  })
}
