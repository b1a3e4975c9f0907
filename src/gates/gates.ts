import { measureAccuracy, type AccuracyResult } from '../measures/accuracy.js'
import { generalizationGap } from '../measures/generalization-gap.js'
import { watermarkAgreement } from '../measures/watermark-agreement.js'
import { auditExtraction } from '../attacks/extraction/audit.js'
import type { ExtractionOptions, ExtractionResult } from '../attacks/extraction/types.js'
import { auditMembership } from '../attacks/membership/audit.js'
import { EXPOSURE_ATTACK_IDS, needsPool, type AttackSettings, type MembershipAttackId, type MembershipResult } from '../attacks/membership/types.js'
import type { Dataset } from '../data/dataset.js'
import type { ReferenceCacheOption } from '../runtime/cache/location.js'
import { sampleSpread, wilsonInterval } from '../metrics/index.js'
import { SCHEMA_DEFAULTS } from '../schema/defaults.js'
import { isPredictionsTarget } from '../targets/predictions/types.js'
import { fmt } from './format.js'
import type { GateCharts, RecordOutcomes } from './record.js'
import { GATE_CATALOGUE, type GateEntry, type GateId } from './catalogue.js'
import { memo, need, type AuditSource } from './source.js'

/**
 * Settings a gate's measurement takes: the thresholds file's gate keys other than the limit, plus
 * the surrogate's training options (for tests that need small budgets; not in the file).
 */
export type GateSettings = Omit<ExtractionOptions, 'pool' | 'evaluation' | 'seed'> & {
  /** surrogateFidelity: measure agreement on the evaluation set (default) or on uniform random inputs. */
  on?: 'evaluation' | 'uniform'
  attack?: MembershipAttackId | 'strongest'
  /**
   * Compare the point estimate (default) or the end of its 95% interval that can fail the gate:
   * `upper` for "below" gates, `lower` for "above" gates (see {@link comparedValue}).
   */
  bound?: 'point' | 'upper' | 'lower'
  /** membershipAuc: all records, or the worst class. */
  slice?: 'all' | 'worst-class'
  atFpr?: number
  /** Settings of the model-training and perturbation attacks (over the thresholds file's `attackSettings`). */
  settings?: AttackSettings
  /** The attacks `strongest` runs. */
  suite?: MembershipAttackId[]
  /** generalizationGap: gap in accuracy (default) or in cross-entropy loss. */
  metric?: 'accuracy' | 'loss'
  /** empiricalEpsilon: δ of the (ε, δ) training claim (the thresholds file's `training.delta`). */
  delta?: number
  /** recordsAtRisk: the per-record risk level members are counted at, in (0, 1). */
  risk?: number
  /** Where shadow and reference models are cached (over the source's `referenceCache`); see `auditMembership`'s `cache`. */
  cache?: ReferenceCacheOption
}

/**
 * The number a gate meets its limit with: the point estimate, or with `bound` the end of its 95%
 * interval on the failing side (`upper` for a "below" gate, `lower` for an "above" gate), so that
 * the gate passes only when the data show the value on the passing side.
 *
 * @throws RangeError naming the gate when `bound` is the other end.
 */
export function comparedValue(
  id: GateId, direction: 'below' | 'above', value: number, interval: readonly [number, number] | undefined, bound: GateSettings['bound'],
): number {
  if (bound === undefined || bound === 'point') return value
  // The gates always ask the audit for intervals; a result made without them cannot meet a bound.
  if (interval === undefined) throw new RangeError(`${id}: bound "${bound}" needs the value's interval, but the result has none (made with intervals: false)`)
  const side = direction === 'below' ? 'upper' : 'lower'
  if (bound !== side) {
    throw new RangeError(`${id}: bound: expected "point" or "${side}" (the end that can fail this "${direction}" gate), found ${JSON.stringify(bound)}`)
  }
  return side === 'upper' ? interval[1] : interval[0]
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
  /** Said beside the result without failing it (e.g. a TPR level the data cannot resolve). */
  warnings?: string[]
  /** What the HTML report draws (aggregates only). */
  charts?: GateCharts
  /** A rate's per-record 0/1 outcomes, when it is one (for a paired comparison). */
  outcomes?: RecordOutcomes
}

/** A gate of the catalogue with how it is measured: one implementation serves the matchers, `toPassReleaseGates` and `check`. */
export interface GateSpec extends GateEntry<GateId> {
  measure(source: AuditSource, settings: GateSettings): Promise<Measurement>
}

/**
 * The membership audit a gate reads: one result per attack (several for `strongest`). Gates of a
 * source that ask for the same attack, settings and suite share it; the FPR levels are those any
 * gate of the source reads, so one audit serves them all.
 */
function membership(source: AuditSource, settings: GateSettings, who: string): Promise<MembershipResult[]> {
  const attack = settings.attack ?? SCHEMA_DEFAULTS.MembershipAttack
  const wanted = [...(source.fprLevels ?? []), ...(settings.atFpr === undefined ? [] : [settings.atFpr])]
  const fprLevels = [...new Set(wanted)].sort((a, b) => a - b)
  const riskLevels = [...new Set([...(source.riskLevels ?? []), ...(settings.risk === undefined ? [] : [settings.risk])])].sort((a, b) => a - b)
  const { suite: configuredSuite, ...configured } = source.attackSettings ?? {}
  const attackSettings = { ...configured, ...settings.settings }
  const suite = settings.suite ?? configuredSuite
  const usesPool = attack === 'strongest' || needsPool(attack)
  const pool = usesPool && source.pool !== undefined && !Array.isArray(source.pool) ? (source.pool as Dataset) : undefined
  // δ only changes the empirical ε, but an audit computed for another δ cannot be reused for it.
  const delta = settings.delta
  // Where models are cached changes nothing measured, so it is not part of the key.
  const cache = settings.cache ?? source.referenceCache
  const key = `membership:${JSON.stringify([attack, fprLevels, attackSettings, attack === 'strongest' ? suite : null, ...(delta === undefined ? [] : [delta]), ...(riskLevels.length === 0 ? [] : [riskLevels])], functionIds)}`
  return memo(source, key, async () => {
    const common = {
      attack,
      ...(attack === 'strongest' && suite ? { suite } : {}),
      ...(pool ? { pool } : {}),
      settings: attackSettings,
      seed: source.seed,
      fprLevels,
      ...(delta === undefined ? {} : { delta }),
      ...(riskLevels.length === 0 ? {} : { riskLevels }),
      ...(cache === undefined ? {} : { cache }),
      // The records keep both for the reports (HTML charts, the JSON report's pairing section).
      charts: true,
    }
    // Outputs computed elsewhere carry their own records, labels and reference outputs.
    const result = isPredictionsTarget(source.target)
      ? await auditMembership(source.target, common)
      : await auditMembership(source.target, { ...common, members: need(source, 'members', who), nonMembers: need(source, 'nonMembers', who) })
    return 'results' in result ? (result as { results: MembershipResult[] }).results : [result]
  })
}

/**
 * Shadow and reference models the results' attacks trained and read from the cache, summed over
 * the suite, for the report (`{}` when no attack trained any).
 */
function referenceDetails(results: MembershipResult[]): Record<string, number> {
  const counted = results.filter((r) => r.referenceModels !== undefined)
  if (counted.length === 0) return {}
  return {
    referenceModelsTrained: counted.reduce((s, r) => s + r.referenceModels!.trained, 0),
    referenceModelsCached: counted.reduce((s, r) => s + r.referenceModels!.cached, 0),
  }
}

const functionNumbers = new WeakMap<object, number>()

/**
 * JSON replacer that writes a function (a recipe in `settings`) as a number of its own, which
 * `JSON.stringify` would otherwise drop: audits with different recipe functions, or with one and
 * without, must not share a result.
 */
function functionIds(_key: string, value: unknown): unknown {
  if (typeof value !== 'function') return value
  let n = functionNumbers.get(value)
  if (n === undefined) functionNumbers.set(value, (n = ++functionCount))
  return `function #${n}`
}
let functionCount = 0

/**
 * Chart aggregates of every attack run (results made without charts are left out). `pairing: false`
 * leaves the runs' paired-test components out (a gate whose record names members keeps no per-record
 * rank beside them).
 */
function membershipCharts(results: MembershipResult[], pairing = true): GateCharts {
  const runs = results.flatMap((r) =>
    r.charts ? [{ attack: r.attack, auc: r.auc, members: r.members, nonMembers: r.nonMembers, roc: r.charts.roc, histogram: r.charts.histogram, ...(pairing && r.pairing ? { pairing: r.pairing } : {}) }] : [],
  )
  return runs.length > 0 ? { membership: runs } : {}
}

/** The budget points of an extraction audit: its curve when measured, else the one point at its budget. */
function extractionCharts(r: ExtractionResult): GateCharts {
  const curve = r.curve ?? []
  const points = curve.some((p) => p.budget === r.budget) ? curve : [...curve, { budget: r.budget, fidelity: r.fidelity, surrogateAccuracy: r.surrogateAccuracy }]
  return {
    extraction: {
      strategy: r.strategy, labels: r.labels, budget: r.budget, targetAccuracy: r.targetAccuracy,
      points: points.map((p) => ({ budget: p.budget, fidelity: p.fidelity, surrogateAccuracy: p.surrogateAccuracy })),
    },
  }
}

/** The result with the largest `value` (the worst case for a "below" gate), with its value. */
function worst(results: MembershipResult[], value: (r: MembershipResult) => number): { r: MembershipResult; v: number } {
  let best = { r: results[0], v: value(results[0]) }
  for (const r of results.slice(1)) {
    const v = value(r)
    if (v > best.v) best = { r, v }
  }
  return best
}

/** Attack name for messages: `lira`, or `strongest → lira` with the others' values. */
function attackName(r: MembershipResult, settings: GateSettings): string {
  return settings.attack === 'strongest' ? `strongest → ${r.attack}` : r.attack
}

function suiteFact(results: MembershipResult[], value: (r: MembershipResult) => number, settings: GateSettings): Array<[string, string]> {
  if (settings.attack !== 'strongest') return []
  return [['suite', results.map((x) => `${x.attack} ${fmt(value(x))}`).join(', ')]]
}

function membershipFacts(r: MembershipResult): Array<[string, string | number]> {
  return [['members', r.members], ['non-members', r.nonMembers], ['seed', r.seed], ...(r.tuned ? [['a (tuned)', r.tuned.a] as [string, number]] : [])]
}

/** What an attack tuned itself (RMIA's `a`), for the reports. */
function tunedDetails(r: MembershipResult): Record<string, number> {
  return r.tuned ? { tunedA: r.tuned.a, tunedReferenceAuc: r.tuned.referenceAuc } : {}
}

/** The options of `auditExtraction` a gate may set (everything but the data and the seed). */
const EXTRACTION_KEYS = [
  'budget', 'budgets', 'strategy', 'labels', 'featureRanges', 'distribution', 'seedSize', 'roundSize', 'roundEpochs',
  'lambda', 'uniformPoints', 'verifyQueries', 'tolerance', 'hidden', 'epochs', 'batchSize', 'learningRate', 'repeats',
] as const satisfies ReadonlyArray<keyof ExtractionOptions>

function extraction(source: AuditSource, settings: GateSettings, who: string): Promise<ExtractionResult> {
  const chosen: Partial<ExtractionOptions> = {}
  for (const k of EXTRACTION_KEYS) if (settings[k] !== undefined) (chosen as Record<string, unknown>)[k] = settings[k]
  const options: ExtractionOptions = { ...chosen, pool: source.pool, evaluation: need(source, 'evaluation', who), seed: source.seed }
  if (options.strategy !== 'synthetic' && options.strategy !== 'equation-solving') need(source, 'pool', who)
  const run = memo(source, `extraction:${JSON.stringify(chosen)}`, () => auditExtraction(source.target, options))
  // The audit measured the target's accuracy on the same evaluation set (argmax against the labels,
  // as measureAccuracy does): the cleanAccuracy gate reuses it instead of querying 600 rows again.
  if (source.cache && !source.cache.has('accuracy')) {
    const accuracy = run.then((r) => ({
      accuracy: r.targetAccuracy, records: r.evaluation,
      ...(r.outcomes ? { outcomes: { records: r.outcomes.records, correct: r.outcomes.targetCorrect } } : {}),
    }))
    source.cache.set('accuracy', accuracy)
    accuracy.catch(() => source.cache?.delete('accuracy'))
  }
  return run
}

function extractionFacts(r: ExtractionResult): Array<[string, string | number]> {
  return [['strategy', r.strategy], ['labels', r.labels], ['queries', `${r.queriesUsed} of budget ${r.budget}`], ['evaluation records', r.evaluation], ['seed', r.seed]]
}

/** The runs' spread of one rate (sample sd, min, max), when the audit was repeated. */
function runSpread(r: ExtractionResult, rate: (x: { fidelity: number; surrogateAccuracy: number; fidelityUniform: number | null }) => number): { sd: number; min: number; max: number } | null {
  return r.runs ? sampleSpread(r.runs.map(rate)) : null
}

function extractionDetails(r: ExtractionResult): Record<string, number | string> {
  return {
    strategy: r.strategy, labels: r.labels, budget: r.budget, queriesUsed: r.queriesUsed, evaluation: r.evaluation, seed: r.seed, repeats: r.repeats,
    fidelity: r.fidelity, surrogateAccuracy: r.surrogateAccuracy, targetAccuracy: r.targetAccuracy,
    ...(r.fidelityUniform === null ? {} : { fidelityUniform: r.fidelityUniform, uniformPoints: r.uniform }),
  }
}

/** A gate on one number of an extraction audit; `other` is shown beside it. */
function extractionGate(
  id: 'surrogateFidelity' | 'surrogateAccuracy',
  value: 'fidelity' | 'surrogateAccuracy',
  other: 'fidelity' | 'surrogateAccuracy',
): GateSpec {
  return {
    ...GATE_CATALOGUE[id],
    async measure(source, settings) {
      const r = await extraction(source, settings, id)
      const uniform = value === 'fidelity' && settings.on === 'uniform'
      if (uniform && r.fidelityUniform === null) {
        throw new RangeError(`${id}: on "uniform" needs feature ranges (from the pool, or featureRanges) and uniformPoints > 0`)
      }
      const v = uniform ? r.fidelityUniform! : r[value]
      const interval = uniform ? r.fidelityUniformInterval! : value === 'fidelity' ? r.fidelityInterval : r.surrogateAccuracyInterval
      const compared = comparedValue(id, 'below', v, interval, settings.bound)
      const spread = runSpread(r, (x) => (uniform ? x.fidelityUniform! : x[value]))
      return {
        value: v,
        compared,
        interval,
        attack: `extraction:${r.strategy}`,
        facts: [
          ...extractionFacts(r), ['on', uniform ? `${r.uniform} uniform random inputs` : 'the evaluation set'],
          ...(spread ? [['runs', `${r.repeats} reseeded attackers: mean ${fmt(v)}, sd ${fmt(spread.sd)}, ${fmt(spread.min)}–${fmt(spread.max)}`] as [string, string]] : []),
          ...(settings.bound === 'upper' ? [['bound', `upper end of the 95% Wilson interval${r.repeats > 1 ? ', widened by the runs\' spread' : ''}`] as [string, string]] : []),
          [other === 'fidelity' ? 'fidelity' : 'surrogate accuracy', fmt(r[other])], ['target accuracy', fmt(r.targetAccuracy)],
          ...(r.fidelityUniform !== null && !uniform ? [['fidelity on uniform inputs', fmt(r.fidelityUniform)] as [string, string]] : []),
        ],
        details: {
          ...extractionDetails(r), on: uniform ? 'uniform' : 'evaluation', bound: settings.bound === 'upper' ? 'upper' : 'point',
          ...(spread ? { runsSd: spread.sd, runsMin: spread.min, runsMax: spread.max } : {}),
        },
        charts: extractionCharts(r),
        ...(!uniform && r.outcomes?.[value] ? { outcomes: { records: r.outcomes.records, outcomes: r.outcomes[value] } } : {}),
      }
    },
  }
}

/** Every gate of the catalogue with its measurement, by id. One implementation serves the matchers, `toPassReleaseGates` and `check`. */
export const GATES: Readonly<Record<GateId, GateSpec>> = {
  membershipAuc: {
    ...GATE_CATALOGUE.membershipAuc,
    async measure(source, settings) {
      const results = await membership(source, settings, 'membershipAuc')
      const upper = settings.bound === 'upper'
      const byClass = settings.slice === 'worst-class'
      const slice = (r: MembershipResult) => {
        if (!byClass) return { auc: r.auc, interval: r.aucInterval }
        if (!r.worstClass) {
          throw new RangeError('membershipAuc: slice "worst-class" needs at least two classes with 2 members and 2 non-members each')
        }
        return { auc: r.worstClass.auc, interval: r.worstClass.aucInterval }
      }
      const compared = (r: MembershipResult) => comparedValue('membershipAuc', 'below', slice(r).auc, slice(r).interval, settings.bound)
      const { r, v } = worst(results, compared)
      const { auc, interval } = slice(r)
      return {
        value: auc,
        compared: v,
        interval,
        attack: attackName(r, settings),
        facts: [
          ['attack', attackName(r, settings)], ...suiteFact(results, compared, settings), ...membershipFacts(r),
          ...(byClass ? [['slice', `worst class ${r.worstClass!.class} (${r.worstClass!.members} members, ${r.worstClass!.nonMembers} non-members)`] as [string, string]] : []),
          ...(upper ? [['bound', 'upper end of the 95% interval'] as [string, string]] : []),
          ['advantage', fmt(r.advantage)], ['TPR at 1% FPR', fmt(r.tprAtFpr['0.01'].tpr)],
        ],
        details: {
          members: r.members, nonMembers: r.nonMembers, seed: r.seed, ...tunedDetails(r), bound: upper ? 'upper' : 'point', slice: byClass ? 'worst-class' : 'all',
          advantage: r.advantage, tprAt1PctFpr: r.tprAtFpr['0.01'].tpr, ...(byClass ? { class: r.worstClass!.class } : {}), ...referenceDetails(results),
        },
        charts: membershipCharts(results),
      }
    },
  },
  membershipAdvantage: {
    ...GATE_CATALOGUE.membershipAdvantage,
    async measure(source, settings) {
      const results = await membership(source, settings, 'membershipAdvantage')
      const upper = settings.bound === 'upper'
      const compared = (r: MembershipResult) => comparedValue('membershipAdvantage', 'below', r.advantage, r.advantageInterval, settings.bound)
      const { r, v } = worst(results, compared)
      return {
        value: r.advantage,
        compared: v,
        interval: r.advantageInterval,
        attack: attackName(r, settings),
        facts: [
          ['attack', attackName(r, settings)], ...suiteFact(results, compared, settings), ...membershipFacts(r),
          ...(upper ? [['bound', 'upper end of the DKW 95% interval'] as [string, string]] : []), ['AUC', fmt(r.auc)],
        ],
        details: { members: r.members, nonMembers: r.nonMembers, seed: r.seed, ...tunedDetails(r), bound: upper ? 'upper' : 'point', auc: r.auc, ...referenceDetails(results) },
        charts: membershipCharts(results),
      }
    },
  },
  membershipTpr: {
    ...GATE_CATALOGUE.membershipTpr,
    async measure(source, settings) {
      const atFpr = settings.atFpr ?? SCHEMA_DEFAULTS.Gates.membershipTpr.atFpr
      const results = await membership(source, { ...settings, atFpr }, 'membershipTpr')
      const upper = settings.bound === 'upper'
      const level = String(atFpr)
      const compared = (r: MembershipResult) => comparedValue('membershipTpr', 'below', r.tprAtFpr[level].tpr, r.tprAtFpr[level].interval, settings.bound)
      const { r, v } = worst(results, compared)
      const t = r.tprAtFpr[level]
      const needed = Math.ceil(1 / atFpr - 1e-9)
      const warnings = t.estimable
        ? []
        : [`TPR at FPR ${atFpr} is not estimable with ${r.nonMembers} non-members: at least ${needed} are needed to resolve it (the value shown is at FPR ${fmt(t.fpr)})`]
      return {
        value: t.tpr,
        compared: v,
        interval: t.interval,
        attack: attackName(r, settings),
        facts: [
          ['attack', attackName(r, settings)], ...suiteFact(results, compared, settings), ...membershipFacts(r),
          ['at FPR', `${atFpr} (reached ${fmt(t.fpr)})`], ...(upper ? [['bound', 'upper end of the bootstrap 95% interval'] as [string, string]] : []),
          ...(t.estimable ? [] : [['estimable', `no: needs ≥ ${needed} non-members`] as [string, string]]),
        ],
        details: { members: r.members, nonMembers: r.nonMembers, seed: r.seed, ...tunedDetails(r), atFpr, fprReached: t.fpr, estimable: t.estimable, bound: upper ? 'upper' : 'point', ...referenceDetails(results) },
        warnings,
        charts: membershipCharts(results),
      }
    },
  },
  surrogateFidelity: extractionGate('surrogateFidelity', 'fidelity', 'surrogateAccuracy'),
  surrogateAccuracy: extractionGate('surrogateAccuracy', 'surrogateAccuracy', 'fidelity'),
  cleanAccuracy: {
    ...GATE_CATALOGUE.cleanAccuracy,
    async measure(source, settings) {
      // Either this measurement or the extraction audit's (see extraction()): accuracy and records only.
      const r = await memo<Pick<AccuracyResult, 'accuracy' | 'records' | 'outcomes'>>(source, 'accuracy', () => measureAccuracy(source.target, need(source, 'evaluation', 'cleanAccuracy')))
      const interval = wilsonInterval(r.accuracy, r.records)
      const compared = comparedValue('cleanAccuracy', 'above', r.accuracy, interval, settings.bound)
      return {
        value: r.accuracy, compared, interval,
        facts: [['evaluation records', r.records], ...(settings.bound === 'lower' ? [['bound', 'lower end of the 95% Wilson interval'] as [string, string]] : [])],
        details: { evaluation: r.records, bound: settings.bound === 'lower' ? 'lower' : 'point' },
        ...(r.outcomes ? { outcomes: { records: r.outcomes.records, outcomes: r.outcomes.correct } } : {}),
      }
    },
  },
  generalizationGap: {
    ...GATE_CATALOGUE.generalizationGap,
    async measure(source, settings) {
      const metric = settings.metric ?? SCHEMA_DEFAULTS.Gates.generalizationGap.metric
      if (metric !== 'accuracy' && metric !== 'loss') throw new TypeError(`generalizationGap: metric: expected 'accuracy' or 'loss', found ${JSON.stringify(metric)}`)
      const r = await memo(source, 'generalizationGap', () =>
        generalizationGap(source.target, { train: need(source, 'members', 'generalizationGap'), heldOut: need(source, 'nonMembers', 'generalizationGap') }))
      const value = metric === 'accuracy' ? r.accuracyGap : r.lossGap
      return {
        value,
        compared: value,
        facts: [
          ['metric', metric === 'accuracy' ? 'train − held-out accuracy' : 'held-out − train cross-entropy'],
          ['accuracy', `train ${fmt(r.trainAccuracy)} · held-out ${fmt(r.heldOutAccuracy)}`], ['loss', `train ${fmt(r.trainLoss)} · held-out ${fmt(r.heldOutLoss)}`],
          ['records', `members ${r.train} · non-members ${r.heldOut}`],
        ],
        details: { metric, members: r.train, nonMembers: r.heldOut, trainAccuracy: r.trainAccuracy, heldOutAccuracy: r.heldOutAccuracy, trainLoss: r.trainLoss, heldOutLoss: r.heldOutLoss },
      }
    },
  },
  watermarkAgreement: {
    ...GATE_CATALOGUE.watermarkAgreement,
    async measure(source) {
      const r = await memo(source, 'watermark', () => watermarkAgreement(source.target, need(source, 'triggers', 'watermarkAgreement')))
      return {
        value: r.agreement,
        compared: r.agreement,
        facts: [['triggers matched', `${r.matched} of ${r.triggers}`], ['chance', fmt(r.chance)]],
        details: { triggers: r.triggers, matched: r.matched, chance: r.chance },
      }
    },
  },
  empiricalEpsilon: {
    ...GATE_CATALOGUE.empiricalEpsilon,
    async measure(source, settings) {
      const delta = settings.delta
      if (delta === undefined) {
        throw new TypeError('empiricalEpsilon: needs delta, the δ of the (ε, δ) claim — pass { delta } to the matcher, or set training.delta for the model in the thresholds file')
      }
      const results = await membership(source, settings, 'empiricalEpsilon')
      const bound = (r: MembershipResult) => r.empiricalEpsilon?.epsilon ?? 0
      const { r, v } = worst(results, bound)
      const e = r.empiricalEpsilon!
      const warnings = settings.attack === 'strongest'
        ? [`the worst of ${results.length} attacks' bounds holds at ${fmt(1 - e.alpha * results.length)} jointly (each at ${fmt(1 - e.alpha)})`]
        : []
      return {
        value: v,
        compared: v,
        attack: attackName(r, settings),
        facts: [
          ['attack', attackName(r, settings)], ...suiteFact(results, bound, settings), ...membershipFacts(r),
          ['confidence', `${fmt(1 - e.alpha)} (Clopper–Pearson, union bound over ${e.thresholds} thresholds)`], ['delta', e.delta], ['AUC', fmt(r.auc)],
        ],
        details: { members: r.members, nonMembers: r.nonMembers, seed: r.seed, ...tunedDetails(r), delta: e.delta, alpha: e.alpha, thresholds: e.thresholds, auc: r.auc, ...referenceDetails(results) },
        warnings,
        charts: membershipCharts(results),
      }
    },
  },
  recordsAtRisk: {
    ...GATE_CATALOGUE.recordsAtRisk,
    async measure(source, settings) {
      const risk = settings.risk ?? SCHEMA_DEFAULTS.Gates.recordsAtRisk.risk
      if (typeof risk !== 'number' || !(risk > 0 && risk < 1)) throw new RangeError(`recordsAtRisk: risk: expected a per-record risk level in (0, 1), found ${String(risk)}`)
      const attack = settings.attack ?? SCHEMA_DEFAULTS.Gates.recordsAtRisk.attack
      const results = await membership(source, { ...settings, attack, risk }, 'recordsAtRisk')
      const key = String(risk)
      const tested = results.filter((r) => r.exposure?.atRisk[key] !== undefined)
      if (tested.length === 0) {
        throw new RangeError(`recordsAtRisk: attack "${attack}" is not calibrated per record (a high score marks easy records, not exposed ones); use ${EXPOSURE_ATTACK_IDS.map((a) => `"${a}"`).join(' or ')} (or "strongest" with one of them in the suite)`)
      }
      const count = (r: MembershipResult) => r.exposure!.atRisk[key].members
      const { r, v } = worst(tested, count)
      const e = r.exposure!.atRisk[key]
      const alpha = 1 - risk
      // 1 − 0.995 prints as 0.005, not 0.0050000000000000044.
      const alphaText = String(Number(alpha.toPrecision(6)))
      const warnings = e.estimable
        ? []
        : [`no member can reach risk ${risk}: a member's p-value is at least 1/(non-members + 1) = ${fmt(r.exposure!.minimumPValue)}; this level needs at least ${Math.ceil(1 / alpha - 1 - 1e-6)} non-members`]
      return {
        value: v,
        compared: v,
        attack: attackName(r, settings),
        facts: [
          ['attack', attackName(r, settings)], ...suiteFact(tested, count, settings), ...membershipFacts(r),
          ['risk level', `${risk} (p ≤ ${alphaText} for "not trained on", ranked among ${r.nonMembers} non-members)`],
          ['by chance', `${fmt(e.expectedByChance)} of ${r.members} members would be at risk if none were more exposed than a non-member`],
          // Ids may be personal data and CI logs are widely read: the reports (artifacts) name the members, the message does not.
          ...(v > 0 ? [['most exposed', `the JSON and HTML reports list the ids of ${e.exposed.length === v ? 'all' : `the first ${e.exposed.length}`} of them`] as [string, string]] : []),
        ],
        details: {
          members: r.members, nonMembers: r.nonMembers, seed: r.seed, ...tunedDetails(r), risk, expectedByChance: e.expectedByChance, estimable: e.estimable, auc: r.auc,
          ...referenceDetails(results),
        },
        warnings,
        charts: {
          ...membershipCharts(results, false),
          exposure: { attack: r.attack, risk, members: r.members, nonMembers: r.nonMembers, membersAtRisk: v, expectedByChance: e.expectedByChance, exposed: e.exposed },
        },
      }
    },
  },
}
