import { measureAccuracy } from '../attacks/accuracy.js'
import { auditExtraction } from '../attacks/extraction/audit.js'
import type { ExtractionOptions, ExtractionResult } from '../attacks/extraction/types.js'
import { auditMembership } from '../attacks/membership/audit.js'
import type { MembershipAttackId, MembershipResult } from '../attacks/membership/types.js'
import { fmt } from './format.js'
import { memo, need, type AuditSource, type DataKey } from './source.js'

/** Ids of the gates, as keys of `gates` in the thresholds file. */
export type GateId = 'membershipAuc' | 'membershipAdvantage' | 'membershipTpr' | 'surrogateFidelity' | 'surrogateAccuracy' | 'cleanAccuracy'

/**
 * Settings a gate's measurement takes: the thresholds file's gate keys other than the limit, plus
 * the surrogate's training options (for tests that need small budgets; not in the file).
 */
export type GateSettings = Pick<ExtractionOptions, 'budget' | 'strategy' | 'hidden' | 'epochs' | 'batchSize' | 'learningRate'> & {
  attack?: MembershipAttackId
  bound?: 'point' | 'upper'
  atFpr?: number
}

/** What one gate measured. `compared` is what meets the limit (the value, or an interval end). */
export interface Measurement {
  value: number
  compared: number
  interval?: [number, number]
  attack?: string
  /** Shown in messages, in order. */
  facts: Array<[string, string | number]>
  /** Kept in test metadata and reports. Aggregates only. */
  details: Record<string, number | string | boolean>
}

/** How one gate is measured, compared and explained. */
export interface GateSpec {
  id: GateId
  /** Metric name in reports. */
  metric: string
  /** Readable name for messages ("Membership AUC"). */
  label: string
  /** `below`: passes when the measured value is under the limit; `above`: over it. */
  direction: 'below' | 'above'
  /** The limit's key in the thresholds file. */
  limitKey: 'max' | 'min'
  /** Data the gate needs. */
  needs: DataKey[]
  /** One line on what usually moves the metric the right way. */
  hint: string
  measure(source: AuditSource, settings: GateSettings): Promise<Measurement>
}

const MEMBERSHIP_HINT =
  'return fewer or rounded probabilities (top-1, a label only), regularise the model (weight decay, dropout) or stop training earlier.'
const EXTRACTION_HINT =
  'return labels or top-1 instead of full probabilities, limit and monitor queries per client (rate limits, budgets), or add a watermark to detect copies.'

function membership(source: AuditSource, settings: GateSettings, who: string): Promise<MembershipResult> {
  const attack = settings.attack ?? 'max-confidence'
  // Every FPR level any gate of the source reads, so that one audit serves them all.
  const wanted = [...(source.fprLevels ?? []), ...(settings.atFpr === undefined ? [] : [settings.atFpr])]
  const fprLevels = [...new Set(wanted)].sort((a, b) => a - b)
  return memo(source, `membership:${attack}:${fprLevels.join(',')}`, () =>
    auditMembership(source.target, {
      members: need(source, 'members', who),
      nonMembers: need(source, 'nonMembers', who),
      attack,
      seed: source.seed,
      fprLevels,
    }),
  )
}

function membershipFacts(r: MembershipResult): Array<[string, string | number]> {
  return [['attack', r.attack], ['members', r.members], ['non-members', r.nonMembers], ['seed', r.seed]]
}

function extraction(source: AuditSource, settings: GateSettings, who: string): Promise<ExtractionResult> {
  const options: ExtractionOptions = {
    pool: need(source, 'pool', who),
    evaluation: need(source, 'evaluation', who),
    budget: settings.budget,
    strategy: settings.strategy,
    hidden: settings.hidden,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    seed: source.seed,
  }
  const key = `extraction:${JSON.stringify([options.budget, options.strategy, options.hidden, options.epochs, options.batchSize, options.learningRate])}`
  return memo(source, key, () => auditExtraction(source.target, options))
}

function extractionFacts(r: ExtractionResult): Array<[string, string | number]> {
  return [['strategy', r.strategy], ['queries', `${r.queriesUsed} of budget ${r.budget}`], ['evaluation records', r.evaluation], ['seed', r.seed]]
}

function extractionDetails(r: ExtractionResult): Record<string, number | string> {
  return { budget: r.budget, queriesUsed: r.queriesUsed, evaluation: r.evaluation, seed: r.seed, fidelity: r.fidelity, surrogateAccuracy: r.surrogateAccuracy, targetAccuracy: r.targetAccuracy }
}

/** A gate on one number of an extraction audit; `other` is shown beside it. */
function extractionGate(
  id: GateId,
  metric: string,
  label: string,
  value: 'fidelity' | 'surrogateAccuracy',
  other: 'fidelity' | 'surrogateAccuracy',
): GateSpec {
  return {
    id, metric, label, direction: 'below', limitKey: 'max', needs: ['pool', 'evaluation'], hint: EXTRACTION_HINT,
    async measure(source, settings) {
      const r = await extraction(source, settings, id)
      return {
        value: r[value],
        compared: r[value],
        attack: `extraction:${r.strategy}`,
        facts: [...extractionFacts(r), [other === 'fidelity' ? 'fidelity' : 'surrogate accuracy', fmt(r[other])], ['target accuracy', fmt(r.targetAccuracy)]],
        details: extractionDetails(r),
      }
    },
  }
}

/** Every gate, by id. One implementation serves the matchers, `toPassReleaseGates` and `check`. */
export const GATES: Readonly<Record<GateId, GateSpec>> = {
  membershipAuc: {
    id: 'membershipAuc', metric: 'membership_auc', label: 'Membership AUC', direction: 'below', limitKey: 'max',
    needs: ['members', 'nonMembers'], hint: MEMBERSHIP_HINT,
    async measure(source, settings) {
      const r = await membership(source, settings, 'membershipAuc')
      const upper = settings.bound === 'upper'
      return {
        value: r.auc,
        compared: upper ? r.aucInterval[1] : r.auc,
        interval: r.aucInterval,
        attack: r.attack,
        facts: [...membershipFacts(r), ...(upper ? [['bound', 'upper end of the 95% interval'] as [string, string]] : []), ['advantage', fmt(r.advantage)], ['TPR at 1% FPR', fmt(r.tprAtFpr['0.01'].tpr)]],
        details: { members: r.members, nonMembers: r.nonMembers, seed: r.seed, bound: upper ? 'upper' : 'point', advantage: r.advantage, tprAt1PctFpr: r.tprAtFpr['0.01'].tpr },
      }
    },
  },
  membershipAdvantage: {
    id: 'membershipAdvantage', metric: 'membership_advantage', label: 'Membership advantage', direction: 'below', limitKey: 'max',
    needs: ['members', 'nonMembers'], hint: MEMBERSHIP_HINT,
    async measure(source, settings) {
      const r = await membership(source, settings, 'membershipAdvantage')
      return {
        value: r.advantage,
        compared: r.advantage,
        attack: r.attack,
        facts: [...membershipFacts(r), ['AUC', fmt(r.auc)]],
        details: { members: r.members, nonMembers: r.nonMembers, seed: r.seed, auc: r.auc },
      }
    },
  },
  membershipTpr: {
    id: 'membershipTpr', metric: 'membership_tpr', label: 'Membership TPR', direction: 'below', limitKey: 'max',
    needs: ['members', 'nonMembers'], hint: MEMBERSHIP_HINT,
    async measure(source, settings) {
      const atFpr = settings.atFpr ?? 0.01
      const r = await membership(source, { ...settings, atFpr }, 'membershipTpr')
      const t = r.tprAtFpr[String(atFpr)]
      return {
        value: t.tpr,
        compared: t.tpr,
        attack: r.attack,
        facts: [...membershipFacts(r), ['at FPR', `${atFpr} (reached ${fmt(t.fpr)})`], ...(t.estimable ? [] : [['estimable', `no: fewer than ${Math.ceil(1 / atFpr)} non-members`] as [string, string]])],
        details: { members: r.members, nonMembers: r.nonMembers, seed: r.seed, atFpr, fprReached: t.fpr, estimable: t.estimable },
      }
    },
  },
  surrogateFidelity: extractionGate('surrogateFidelity', 'surrogate_fidelity', 'Surrogate fidelity', 'fidelity', 'surrogateAccuracy'),
  surrogateAccuracy: extractionGate('surrogateAccuracy', 'surrogate_accuracy', 'Surrogate accuracy', 'surrogateAccuracy', 'fidelity'),
  cleanAccuracy: {
    id: 'cleanAccuracy', metric: 'clean_accuracy', label: 'Clean accuracy', direction: 'above', limitKey: 'min',
    needs: ['evaluation'],
    hint: 'a control that perturbs answers (noise, rounding) or heavier regularisation costs accuracy: loosen it, or retrain.',
    async measure(source) {
      const r = await memo(source, 'accuracy', () => measureAccuracy(source.target, need(source, 'evaluation', 'cleanAccuracy')))
      return { value: r.accuracy, compared: r.accuracy, facts: [['evaluation records', r.records]], details: { evaluation: r.records } }
    },
  },
}

/** Gate ids in the order reports list them. */
export const GATE_IDS = Object.keys(GATES) as GateId[]

/** Whether `value` is on the passing side of `limit` for `spec` (strictly below / above). */
export function passes(spec: GateSpec, compared: number, limit: number): boolean {
  return spec.direction === 'below' ? compared < limit : compared > limit
}
