import type { ExtractionChart, MembershipRunChart } from '../../gates/record.js'
import { histogramChart } from './svg/histogram.js'
import { lineChart } from './svg/line-chart.js'

/**
 * ROC curves of every attack run on one pair of charts: linear axes (the whole curve, AUC in the
 * legend) and log-log axes (the low-FPR region, where a few confidently identified members show).
 * The log axes start at the decade below 1 / (records): the smallest non-zero rate the data resolve.
 */
export function rocCharts(runs: readonly MembershipRunChart[], id: string): string[] {
  const series = runs.map((r) => ({ name: `${r.attack} (${r.auc.toFixed(3)})`, x: r.roc.fpr, y: r.roc.tpr }))
  const chance = { name: 'chance', x: [0, 1], y: [0, 1], dashed: true, color: '#999999' }
  const decade = (n: number) => 10 ** Math.floor(Math.log10(1 / Math.max(1, n)))
  const xLo = Math.min(...runs.map((r) => decade(r.nonMembers)), 0.1)
  const yLo = Math.min(...runs.map((r) => decade(r.members)), 0.1)
  // The chance line on log-log axes is y = x from the lower corner; drawn through enough points to be straight.
  const logChance = { ...chance, x: [Math.min(xLo, yLo), 1], y: [Math.min(xLo, yLo), 1] }
  return [
    lineChart({
      id: `${id}-roc-linear`, title: 'ROC curves, linear axes (AUC in legend)', xLabel: 'false-positive rate (non-members flagged)',
      yLabel: 'true-positive rate (members caught)', x: { kind: 'linear', domain: [0, 1] }, y: { kind: 'linear', domain: [0, 1] },
      series: [...series, chance],
    }),
    lineChart({
      id: `${id}-roc-log`, title: 'ROC curves, log-log axes (AUC in legend)', xLabel: 'false-positive rate (log)', yLabel: 'true-positive rate (log)',
      x: { kind: 'log', domain: [xLo, 1] }, y: { kind: 'log', domain: [yLo, 1] }, series: [...series, logChance],
    }),
  ]
}

/** One histogram per attack run: member against non-member scores (higher = "more likely a member"). */
export function histogramCharts(runs: readonly MembershipRunChart[], id: string): string[] {
  return runs.map((r, i) =>
    histogramChart({
      id: `${id}-hist-${i}`, title: `Attack scores: ${r.attack}`, xLabel: `${r.attack} score (higher = more likely a member)`,
      lo: r.histogram.lo, hi: r.histogram.hi,
      groups: [
        { name: 'members', counts: r.histogram.members, color: '#D55E00' },
        { name: 'non-members', counts: r.histogram.nonMembers, color: '#0072B2' },
      ],
    }),
  )
}

/** Fidelity and surrogate accuracy against the query budget, with the target's accuracy for reference. */
export function budgetChart(e: ExtractionChart, id: string): string {
  const budgets = e.points.map((p) => p.budget)
  const maxBudget = Math.max(...budgets, 1)
  const values = [...e.points.flatMap((p) => [p.fidelity, p.surrogateAccuracy]), e.targetAccuracy]
  const yLo = Math.max(0, Math.floor(Math.min(...values) * 10 - 0.5) / 10)
  return lineChart({
    id, title: `Extraction (${e.strategy}, ${e.labels} labels) against budget`, xLabel: 'queries (budget)', yLabel: 'share of evaluation records',
    x: { kind: 'linear', domain: [0, maxBudget * 1.05] }, y: { kind: 'linear', domain: [yLo, 1] },
    series: [
      { name: 'fidelity', x: budgets, y: e.points.map((p) => p.fidelity), markers: true },
      { name: 'surrogate accuracy', x: budgets, y: e.points.map((p) => p.surrogateAccuracy), markers: true },
      { name: 'target accuracy', x: [0, maxBudget * 1.05], y: [e.targetAccuracy, e.targetAccuracy], dashed: true, color: '#999999' },
    ],
  })
}
