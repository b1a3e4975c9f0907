import type { MembershipRunChart } from '../../gates/record.js'
import { fmt } from '../../gates/format.js'
import { limitText, referenceCounts, type ReportMeta } from '../gate-formats.js'
import type { CollectedRecord, GateRow } from '../gate-rows.js'
import type { GateHistory } from './history-charts.js'
import { problemsSection, problemsSummary, type RunProblem } from '../run-problems.js'
import { renderHtmlReport, type ReportSection } from './page.js'

const NO_MODEL = '(targets without a model name)'

/**
 * One report section per model of the gate rows (in order of first appearance): its gates table,
 * the charts of every distinct attack run and extraction audit its records carry, and its gates'
 * `history` charts. Several gates
 * reading one audit (AUC, advantage and TPR of one attack) draw it once.
 */
export function gateSections(rows: readonly GateRow[], collected: readonly CollectedRecord[], history: readonly GateHistory[] = []): ReportSection[] {
  const models = [...new Set(rows.map((r) => r.model))]
  return models.map((model) => {
    const records = collected.map((c) => c.record).filter((r) => (r.model ?? '') === model)
    return {
      title: model || NO_MODEL,
      table: {
        header: ['gate', 'value', 'limit', 'interval (95%)', 'level', 'status', 'attack', 'sample / budget', 'test'],
        statusColumn: 5,
        rows: rows.filter((r) => r.model === model).map((r) => [
          r.gate, fmt(r.value), limitText(r),
          r.interval_lo === '' || r.interval_hi === '' ? '—' : `${fmt(r.interval_lo)}–${fmt(r.interval_hi)}`,
          r.level, r.status, r.attack || '—', sample(r), r.test,
        ]),
      },
      membership: distinct(records.flatMap((r) => r.charts?.membership ?? []), membershipKey),
      extraction: distinct(records.flatMap((r) => (r.charts?.extraction ? [r.charts.extraction] : [])), (e) => JSON.stringify(e)),
      exposure: distinct(records.flatMap((r) => (r.charts?.exposure ? [r.charts.exposure] : [])), (e) => JSON.stringify(e)),
      history: history.filter((h) => h.model === model),
    }
  })
}

/**
 * `privacy-report.html` of a gate run: the run's facts, then what could not be measured (when any
 * `problems`), then per model its gates table, ROC curves (linear and log-log), score histograms and
 * extraction budget charts.
 */
export function gatesHtml(
  rows: readonly GateRow[],
  collected: readonly CollectedRecord[],
  meta: Partial<ReportMeta>,
  problems: readonly RunProblem[] = [],
  history: readonly GateHistory[] = [],
): string {
  const summary = (['pass', 'warn', 'fail'] as const).map((s) => `${rows.filter((r) => r.status === s).length} ${s}`).join(', ')
  const references = referenceCounts(rows)
  return renderHtmlReport({
    title: 'Privacy gates report',
    meta: [
      ...(problems.length > 0 ? [['run', problemsSummary(problems)] as const] : []),
      ['gates', `${rows.length} (${summary})`],
      ...(references ? [['reference models', references] as const] : []),
      ...(meta.date ? [['date', meta.date] as const] : []),
      ...(meta.packageVersion ? [['vitest-privacy-gates', meta.packageVersion] as const] : []),
      ...(meta.vitest ? [['vitest', meta.vitest] as const] : []),
      ...(meta.backend ? [['backend', meta.backend] as const] : []),
    ],
    sections: [...(problems.length > 0 ? [problemsSection(problems)] : []), ...gateSections(rows, collected, history)],
  })
}

function membershipKey(r: MembershipRunChart): string {
  return JSON.stringify([r.attack, r.auc, r.members, r.nonMembers, r.roc.fpr.length])
}

function distinct<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((t) => {
    const k = key(t)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

function sample(r: GateRow): string {
  const refs = r.reference_trained === '' && r.reference_cached === '' ? '' : ` · reference models ${r.reference_trained || 0} trained, ${r.reference_cached || 0} cached`
  if (r.members !== '' && r.non_members !== '') return `${r.members} / ${r.non_members}${refs}`
  if (r.budget !== '') return `${r.queries === '' ? '?' : r.queries} of ${r.budget} queries`
  return '—'
}
