import { renderHtmlReport } from '../report/html/page.js'
import type { LabRun } from './run-lab.js'

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
    sections: runs.map(({ row: r, charts }) => ({
      title: `${r.dataset} · seed ${r.seed}${r.dp_epsilon === '' ? '' : ` · DP-SGD ε = ${r.dp_epsilon}`}`,
      description: 'A target MLP trained on the members; max-confidence and loss membership attacks; a surrogate trained on the target\'s labels for the attacker pool.',
      table: {
        header: ['metric', 'value'],
        rows: [
          ['target train accuracy', f(r.target_train_accuracy)], ['target clean accuracy', f(r.target_clean_accuracy)],
          ['membership AUC (max-confidence, 95% CI)', `${f(r.membership_auc)} (${f(r.membership_auc_lo)}–${f(r.membership_auc_hi)})`],
          ['membership advantage', f(r.membership_advantage)], ['membership AUC (loss)', f(r.membership_auc_loss)],
          ['surrogate fidelity', f(r.surrogate_fidelity)], ['surrogate accuracy', f(r.surrogate_accuracy)], ['queries', String(r.queries)],
          ...(r.accountant_epsilon === '' ? [] : [['accountant ε (δ = ' + String(r.dp_delta) + ')', f(r.accountant_epsilon)]]),
          ['empirical ε lower bound (95%)', f(r.empirical_epsilon)],
        ],
      },
      membership: charts.membership,
      extraction: [charts.extraction],
    })),
  })
}
