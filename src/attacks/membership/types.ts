import type { Dataset } from '../../data/dataset.js'
import type { RocPoints, ScoreHistogram } from '../../metrics/index.js'
import type { EmpiricalEpsilon } from '../../privacy/roc-epsilon.js'

/**
 * Kebab-case ids of the membership attacks. Score attacks read the target's probabilities;
 * `shadow`, `lira` and `rmia` also train models of their own on the attacker pool; `label-gap` and
 * `label-noise` need only the predicted label, so they still work behind a label-only interface.
 */
export type MembershipAttackId =
  | 'max-confidence'
  | 'loss'
  | 'entropy'
  | 'modified-entropy'
  | 'shadow'
  | 'lira'
  | 'rmia'
  | 'label-gap'
  | 'label-noise'

/**
 * Settings of the attacks that train models of their own (shadow, LiRA, RMIA) or perturb queries
 * (label-noise). Every default is stated in the attack's documentation.
 */
export interface AttackSettings {
  /** Shadow / reference models to train (≥ 1). Defaults: shadow 4, lira 8, rmia 4. */
  k?: number
  /** Hidden layers of shadow / reference models. Default `[64]`. */
  hidden?: number[]
  /** Training epochs of shadow / reference models. Default 50. */
  epochs?: number
  /** Default 32. */
  batchSize?: number
  /** Default 1e-3 (Adam). */
  learningRate?: number
  /** Worker threads that train models in parallel. Default: one per core. Results do not depend on it. */
  workers?: number
  /** LiRA: one variance shared by all records instead of one per record. Default false (but true when k < 4). */
  fixedVariance?: boolean
  /** RMIA: the likelihood-ratio threshold γ. Default 1. */
  gamma?: number
  /** RMIA offline: the `a` of Pr(x) ≈ ½((1 + a)·mean_ref + (1 − a)). Default 0.3. */
  a?: number
  /** Shadow: one attack classifier per class (true) or one global (false, default). */
  perClass?: boolean
  /** label-noise: standard deviation of the Gaussian noise added to each feature. Default 0.1. */
  noise?: number
  /** label-noise: perturbed copies per record. Default 8. */
  copies?: number
}

/** Options of {@link auditMembership}. */
export interface MembershipOptions {
  /** Records that were in the target's training set. */
  members: Dataset
  /** Records that were not. */
  nonMembers: Dataset
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
  /** Seed of every random choice (reference models, bootstrap). Default 0. */
  seed?: number
  /** FPR levels to report TPR at, besides the standard 0.01 and 0.001 (each in (0, 1]). */
  fprLevels?: number[]
  /** δ of the (ε, δ) claim `empiricalEpsilon` is computed for. Default 0 (pure ε). */
  delta?: number
}

/** TPR at one FPR level (DESIGN.md §5). */
export interface TprAtFpr {
  tpr: number
  /** The FPR actually reached (≤ the level asked for). */
  fpr: number
  /** `false` when there are fewer than ⌈1/f⌉ non-members: the level cannot be resolved. */
  estimable: boolean
  /** Seeded bootstrap 95% interval of `tpr` (percentile method). */
  interval: [number, number]
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
  /** Seeded bootstrap 95% interval of `advantage` (percentile method). */
  advantageInterval: [number, number]
  /** TPR at FPR levels, keyed by the level as a string: always `"0.01"` and `"0.001"`, plus any asked for. */
  tprAtFpr: { '0.01': TprAtFpr; '0.001': TprAtFpr; [level: string]: TprAtFpr }
  /**
   * Empirical ε lower bound (Clopper–Pearson at 95% over every threshold, union-bounded) for
   * (ε, `delta`) claims: training that was (ε, δ)-DP with a smaller ε would make these scores
   * unlikely. Absent from results made by hand.
   */
  empiricalEpsilon?: EmpiricalEpsilon
  /** The class whose members the attack separates best (by AUC), when at least two classes have ≥ 2 members and ≥ 2 non-members. */
  worstClass?: ClassSlice
  members: number
  nonMembers: number
  seed: number
  /** Chart aggregates for reports (absent from results made by hand). */
  charts?: MembershipCharts
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
