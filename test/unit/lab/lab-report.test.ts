import { describe, expect, it } from 'vitest'
import { labHtml } from '../../../src/lab/lab-report.js'
import type { LabRun } from '../../../src/lab/run-lab.js'

const run = (seed: number): LabRun => ({
  row: {
    dataset: 'digits<x>', seed, backend: 'wasm', engine: 'wasm', members: 10, non_members: 10, target_train_accuracy: 1, target_clean_accuracy: 0.9,
    membership_auc: 0.6, membership_auc_lo: 0.5, membership_auc_hi: 0.7, membership_advantage: 0.2, membership_auc_loss: 0.61, membership_auc_lira: '',
    surrogate_fidelity: 0.8, surrogate_accuracy: 0.75, queries: 40, dp_epsilon: '', accountant_epsilon: '', dp_delta: '', empirical_epsilon: 0.1, seconds: 1,
  },
  charts: {
    membership: [{ attack: 'max-confidence', auc: 0.6, members: 10, nonMembers: 10, roc: { fpr: [0, 0.5, 1], tpr: [0, 0.7, 1] }, histogram: { lo: 0, hi: 1, members: [3, 7], nonMembers: [6, 4] } }],
    extraction: { strategy: 'pool', labels: 'hard', budget: 40, targetAccuracy: 0.9, points: [{ budget: 10, fidelity: 0.6, surrogateAccuracy: 0.55 }, { budget: 40, fidelity: 0.8, surrogateAccuracy: 0.75 }] },
  },
})

describe('labHtml', () => {
  it('one section per seed with its numbers and charts; text escaped', () => {
    const html = labHtml([run(0), run(1)], '2026-01-01T00:00:00Z')
    expect(html).toContain('<title>Privacy and extraction lab: digits&lt;x&gt;</title>')
    expect([...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual(['digits&lt;x&gt; · seed 0', 'digits&lt;x&gt; · seed 1'])
    expect(html).toContain('<td>0.6000 (0.5000–0.7000)</td>')
    expect([...html.matchAll(/data-chart="(s0-[^"]+)"/g)].map((m) => m[1])).toEqual(['s0-roc-linear', 's0-roc-log', 's0-hist-0', 's0-budget-0'])
  })

  it('with DP-SGD rows: a privacy–utility section per seed, its chart over ε and its table', () => {
    const dpRun = (eps: number, acc: number): LabRun => {
      const r = run(0)
      return { ...r, row: { ...r.row, dp_epsilon: eps, accountant_epsilon: eps, dp_delta: 1e-4, empirical_epsilon: 0, target_clean_accuracy: acc } }
    }
    const html = labHtml([run(0), dpRun(8, 0.88), dpRun(1, 0.65)], '2026-01-01T00:00:00Z')
    const titles = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1])
    expect(titles).toEqual(['digits&lt;x&gt; · seed 0 · privacy–utility', 'digits&lt;x&gt; · seed 0', 'digits&lt;x&gt; · seed 0 · DP-SGD ε = 8', 'digits&lt;x&gt; · seed 0 · DP-SGD ε = 1'])
    expect(html).toContain('data-chart="privacy-utility-0"')
    // Table rows: non-private first, then by ε ascending.
    const rows = [...html.matchAll(/<tr><td>(non-private|\d+)<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]])
    expect(rows).toEqual([['non-private', '—'], ['1', '1.0000'], ['8', '8.0000']])
    expect(html).toContain('<td>accountant ε (δ = 0.0001)</td><td>8.0000</td>')
  })

  it('with LiRA in the rows: the chart draws LiRA\'s AUC against ε (non-private dashed), the tables show it', () => {
    const withLira = (r: LabRun, auc: number, eps?: number): LabRun => ({
      ...r, row: { ...r.row, membership_auc_lira: auc, ...(eps === undefined ? {} : { dp_epsilon: eps, accountant_epsilon: eps, dp_delta: 1e-4, empirical_epsilon: 0 }) },
    })
    const html = labHtml([withLira(run(0), 0.7), withLira(run(0), 0.52, 1), withLira(run(0), 0.58, 8)], '2026-01-01T00:00:00Z')
    const series = [...html.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1])
    expect(series).toEqual(expect.arrayContaining(['membership AUC (LiRA)', 'membership AUC (LiRA), non-private']))
    expect(html).toMatch(/<th>AUC LiRA<\/th>/)
    expect(html).toContain('<td>membership AUC (offline LiRA)</td><td>0.5800</td>')
    // Without LiRA in the DP rows there is no LiRA series.
    expect(labHtml([run(0), withLira(run(0), 0.5, 1)].map((r) => ({ ...r, row: { ...r.row, membership_auc_lira: '' as const } })))).not.toContain('data-series="membership AUC (LiRA)"')
  })
})
