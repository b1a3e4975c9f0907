import type { Dataset } from '../../data/dataset.js'
import type { DatasetStream } from '../../data/dataset-stream.js'
import type { RocPoints, ScoreHistogram } from '../../metrics/index.js'
import type { MembershipAttack, AttackSettings as SchemaAttackSettings } from '../../schema/types.js'
import type { EmpiricalEpsilon } from '../../privacy/roc-epsilon.js'
import type { TrainOptions } from '../../runtime/classifier.js'

/**
 * Kebab-case ids of the membership attacks. Score attacks read the target's probabilities;
 * `shadow`, `lira` and `rmia` also train models of their own on the attacker pool; `label-gap` and
 * `label-noise` need only the predicted label, so they still work behind a label-only interface.
 * Declared once, in the thresholds schema (`strongest` there picks the worst of a suite).
 */
export type MembershipAttackId = Exclude<MembershipAttack, 'strongest'>

/**
 * The membership attacks that train models of their own on the labelled attacker pool, so they
 * need `pool`. The one list: the audit, the gates and the thresholds-file loader (which must not
 * load TensorFlow.js, hence a list here and not a flag on the attacks) all read it.
 */
export const POOL_ATTACK_IDS = ['shadow', 'lira', 'rmia'] as const satisfies readonly MembershipAttackId[]

/** Whether the attack `id` trains models on the attacker pool (see {@link POOL_ATTACK_IDS}). */
export function needsPool(id: string): boolean {
  return (POOL_ATTACK_IDS as readonly string[]).includes(id)
}

/**
 * Settings of the attacks that train models of their own (shadow, LiRA, RMIA) or perturb queries
 * (label-noise): the thresholds schema's `AttackSettings` (generated from it, so an option is
 * declared once, with its bounds, default and description) without `suite`, which `strongest`
 * takes as an option of its own. Checked at run time by the same schema definition.
 */
export type AttackSettings = Omit<SchemaAttackSettings, 'suite'>

/** The training options shadow and reference models take from the caller (see {@link MembershipOptions.referenceTraining}). */
export type ReferenceTraining = Pick<TrainOptions, 'dp' | 'engine'>

/** Options of {@link auditMembership}. */
export interface MembershipOptions {
  /**
   * Records that were in the target's training set: held (a {@link Dataset}) or read from files in
   * chunks (a {@link DatasetStream} from `streamDataset`, for sets too large to hold; see
   * docs/large-evaluation-sets.md).
   */
  members: Dataset | DatasetStream
  /** Records that were not; held or streamed, as `members`. */
  nonMembers: Dataset | DatasetStream
  /**
   * Default `max-confidence`. `strongest` runs every attack of `suite` and reports the worst case.
   */
  attack?: MembershipAttackId | 'strongest'
  /** The attacks `strongest` runs. Default: every attack the target's interface and data allow. */
  suite?: MembershipAttackId[]
  /**
   * Labelled records of the attacker's own (never the members): the training data of shadow and
   * reference models, and RMIA's population.
   */
  pool?: Dataset
  /** Settings of the model-training and perturbation attacks. */
  settings?: AttackSettings
  /**
   * How shadow and reference models train besides `settings`, to train them the target's way: e.g.
   * `{ dp: { targetEpsilon: 2, clipNorm: 1, delta: 1e-5 }, engine: 'wasm' }` for a DP-SGD target
   * (each model is calibrated to that ε on its own training half). Default: non-private, engine `auto`.
   */
  referenceTraining?: ReferenceTraining
  /** Seed of every random choice (reference models, bootstrap). Default 0. */
  seed?: number
  /** FPR levels to report TPR at, besides the standard 0.01 and 0.001 (each in (0, 1]). */
  fprLevels?: number[]
  /**
   * δ of the (ε, δ) claim `empiricalEpsilon` is computed for (0 for pure ε). Without it no
   * `empiricalEpsilon` is computed: its Clopper–Pearson bound over every threshold costs far more than
   * the AUC.
   */
  delta?: number
  /**
   * Compute the bootstrap intervals of `advantage` and of every TPR level (500 seeded replicates
   * each). Default true; `false` leaves `advantageInterval` and `tprAtFpr[level].interval` out, for
   * audits that only compare point estimates (the AUC keeps its DeLong interval, one pass).
   */
  intervals?: boolean
  /**
   * Also compute what the reports keep besides the numbers: `charts` (a thinned ROC curve, score
   * histograms) and `pairing` (the records' fingerprint and DeLong components, for `compare`).
   * Default false; the gates (matchers, `check`) and the lab ask for them.
   */
  charts?: boolean
}

/** TPR at one FPR level (docs/architecture.md#metrics). */
export interface TprAtFpr {
  tpr: number
  /** The FPR actually reached (≤ the level asked for). */
  fpr: number
  /** `false` when there are fewer than ⌈1/f⌉ non-members: the level cannot be resolved. */
  estimable: boolean
  /** Seeded bootstrap 95% interval of `tpr` (percentile method); absent with `intervals: false`. */
  interval?: [number, number]
}

/**
 * Aggregates of one membership audit. Never contains records or per-record scores of members
 * (a report of a privacy audit must not itself leak the members).
 */
export interface MembershipResult {
  attack: MembershipAttackId
  auc: number
  /** DeLong 95% interval of `auc`. */
  aucInterval: [number, number]
  advantage: number
  /** Seeded bootstrap 95% interval of `advantage` (percentile method); absent with `intervals: false`. */
  advantageInterval?: [number, number]
  /** TPR at FPR levels, keyed by the level as a string: always `"0.01"` and `"0.001"`, plus any asked for. */
  tprAtFpr: { '0.01': TprAtFpr; '0.001': TprAtFpr; [level: string]: TprAtFpr }
  /**
   * Empirical ε lower bound (Clopper–Pearson at 95% over every threshold, union-bounded) for
   * (ε, `delta`) claims: training that was (ε, δ)-DP with a smaller ε would make these scores
   * unlikely. Only when `delta` was given (results made by hand lack it too).
   */
  empiricalEpsilon?: EmpiricalEpsilon
  /** The class whose members the attack separates best (by AUC), when at least two classes have ≥ 2 members and ≥ 2 non-members. */
  worstClass?: ClassSlice
  members: number
  nonMembers: number
  seed: number
  /** Chart aggregates for reports: only with `charts: true` (the gates ask for them). */
  charts?: MembershipCharts
  /** What a paired comparison with another run needs: only with `charts: true`, like {@link MembershipResult.charts}. */
  pairing?: MembershipPairing
}

/**
 * DeLong's structural components of one attack's scores (see `delongComponents`): per member 2·m·V10
 * and per non-member 2·n·V01, in record order, plus `records`, the fingerprint of the members and
 * non-members they were measured on. Ranks against the other group only, never a score.
 */
export interface MembershipPairing {
  records: string
  members: number[]
  nonMembers: number[]
}

/**
 * What a report draws of one membership attack: aggregates only (a thinned ROC curve, bin counts),
 * never a record or a record's score.
 */
export interface MembershipCharts {
  /** The ROC curve, ≤ ~200 points, from (0, 0) to (1, 1). */
  roc: RocPoints
  /** Member and non-member score histograms on shared bins. */
  histogram: ScoreHistogram
}

/** The membership AUC restricted to the records of one true class. */
export interface ClassSlice {
  class: number
  auc: number
  aucInterval: [number, number]
  members: number
  nonMembers: number
}

/** Result of `attack: "strongest"`: the worst case over the suite, and every attack's result. */
export interface SuiteResult extends MembershipResult {
  /** Every attack run, in suite order. */
  results: MembershipResult[]
}
