/**
 * The gate catalogue: the one place a gate is declared — its id, limit key, direction, the data it
 * needs, its names and its hint. Free of TensorFlow.js and of every measuring module, so the
 * thresholds-file loader, the reports and the CLI read it without loading a model runtime;
 * `gates.ts` adds each gate's `measure` on top, and a test checks the schema's gate list against
 * it. Adding a gate: an entry here, its `measure` in `gates.ts`, its object in the schema, a test.
 */

/** The data keys a gate may need (keys of `data` in the thresholds file), in the file's order. */
export type DataKey = 'members' | 'nonMembers' | 'pool' | 'evaluation' | 'triggers'

/** Every data key, in the order the thresholds file documents them. */
export const DATA_KEYS: readonly DataKey[] = ['members', 'nonMembers', 'pool', 'evaluation', 'triggers']

/** What a gate is, without how it is measured. */
export interface GateEntry<Id extends string = string> {
  id: Id
  /** Metric name in reports. */
  metric: string
  /** Readable name for messages ("Membership AUC"). */
  label: string
  /** `below`: passes when the measured value is under the limit; `above`: over it. */
  direction: 'below' | 'above'
  /** The limit's key in the thresholds file. */
  limitKey: 'max' | 'min'
  /** Data the gate needs (a membership gate whose attack trains models needs `pool` too: `needsPool` of the membership attacks' types). */
  needs: readonly DataKey[]
  /** One line on what usually moves the metric the right way. */
  hint: string
  /** Largest accepted limit (default 1: a probability or a share; Infinity for an ε or a count). */
  maxLimit?: number
}

const MEMBERSHIP_HINT =
  'return fewer or rounded probabilities (top-1, a label only), regularise the model (weight decay, dropout) or stop training earlier.'
const EXTRACTION_HINT =
  'return labels or top-1 instead of full probabilities, limit and monitor queries per client (rate limits, budgets), or add a watermark to detect copies.'

const membershipGate = <Id extends string>(id: Id, metric: string, label: string) =>
  ({ id, metric, label, direction: 'below', limitKey: 'max', needs: ['members', 'nonMembers'], hint: MEMBERSHIP_HINT }) as const
const extractionGate = <Id extends string>(id: Id, metric: string, label: string) =>
  ({ id, metric, label, direction: 'below', limitKey: 'max', needs: ['pool', 'evaluation'], hint: EXTRACTION_HINT }) as const

/** Every gate, by id, in the order reports list them (the schema's order). */
export const GATE_CATALOGUE = {
  membershipAuc: membershipGate('membershipAuc', 'membership_auc', 'Membership AUC'),
  membershipAdvantage: membershipGate('membershipAdvantage', 'membership_advantage', 'Membership advantage'),
  membershipTpr: membershipGate('membershipTpr', 'membership_tpr', 'Membership TPR'),
  surrogateFidelity: extractionGate('surrogateFidelity', 'surrogate_fidelity', 'Surrogate fidelity'),
  surrogateAccuracy: extractionGate('surrogateAccuracy', 'surrogate_accuracy', 'Surrogate accuracy'),
  cleanAccuracy: {
    id: 'cleanAccuracy', metric: 'clean_accuracy', label: 'Clean accuracy', direction: 'above', limitKey: 'min', needs: ['evaluation'],
    hint: 'a control that perturbs answers (noise, rounding) or heavier regularisation costs accuracy: loosen it, or retrain.',
  },
  generalizationGap: {
    id: 'generalizationGap', metric: 'generalization_gap', label: 'Generalisation gap', direction: 'below', limitKey: 'max',
    needs: ['members', 'nonMembers'], hint: 'regularise (weight decay, dropout), train on more data or stop earlier.',
  },
  watermarkAgreement: {
    id: 'watermarkAgreement', metric: 'watermark_agreement', label: 'Watermark agreement', direction: 'above', limitKey: 'min',
    needs: ['triggers'],
    hint: 'the model lost its mark (retraining, distillation or an export changed it): re-embed the trigger set, or check that data.triggers belongs to this model.',
  },
  empiricalEpsilon: {
    id: 'empiricalEpsilon', metric: 'empirical_epsilon', label: 'Empirical ε lower bound', direction: 'below', limitKey: 'max',
    needs: ['members', 'nonMembers'], maxLimit: Infinity,
    hint: "the attack proves more leakage than the claimed ε allows: check the DP training (per-example clipping, noise multiplier, Poisson sampling, the accountant's inputs) or correct the claim.",
  },
  recordsAtRisk: {
    id: 'recordsAtRisk', metric: 'records_at_risk', label: 'Members at risk', direction: 'below', limitKey: 'max',
    needs: ['members', 'nonMembers'], maxLimit: Infinity,
    hint: 'the listed members are the ones the model memorised: look for duplicates, mislabels and rare or uniquely identifying records, and drop or fix them; or regularise, or train with DP-SGD.',
  },
} as const satisfies { [Id in string]: GateEntry<Id> }

/** Ids of the gates, as keys of `gates` in the thresholds file. */
export type GateId = keyof typeof GATE_CATALOGUE

/** Gate ids in the order reports list them. */
export const GATE_IDS = Object.keys(GATE_CATALOGUE) as GateId[]

/** Whether `id` names a gate of the catalogue (report rows also carry control matchers' gates). */
export function isGateId(id: string): id is GateId {
  return Object.hasOwn(GATE_CATALOGUE, id)
}

/** Whether `compared` is on the passing side of `limit` for `gate` (strictly below / above). */
export function passes(gate: Pick<GateEntry, 'direction'>, compared: number, limit: number): boolean {
  return gate.direction === 'below' ? compared < limit : compared > limit
}


/** The direction of a report row's gate: the catalogue's for its gates, `below` for a control matcher's or a regression check's row. */
export function gateDirection(gate: string): 'below' | 'above' {
  return isGateId(gate) ? GATE_CATALOGUE[gate].direction : 'below'
}
