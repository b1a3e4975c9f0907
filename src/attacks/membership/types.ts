import type { Dataset } from '../../data/dataset.js'
import type { DatasetStream } from '../../data/dataset-stream.js'
import type { RocPoints, ScoreHistogram } from '../../metrics/index.js'
import type { MembershipAttack, AttackSettings as SchemaAttackSettings } from '../../schema/types.js'
import type { EmpiricalEpsilon } from '../../privacy/roc-epsilon.js'
import type { TrainOptions } from '../../runtime/classifier.js'
import type { ReferenceRecipe } from './recipe.js'
import type { ReferenceCacheOption } from '../../runtime/cache/location.js'

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

/**
 * The membership attacks that run on outputs computed elsewhere (a predictions target, which cannot
 * be queried): those that score the answers alone, and `lira` and `rmia` on given reference
 * outputs. The one list, read by the audit and the thresholds-file loader.
 */
export const GIVEN_OUTPUTS_ATTACK_IDS = [
  'max-confidence', 'loss', 'entropy', 'modified-entropy', 'label-gap', 'lira', 'rmia',
] as const satisfies readonly MembershipAttackId[]

/** Whether the attack `id` runs on given outputs (see {@link GIVEN_OUTPUTS_ATTACK_IDS}). */
export function runsOnGivenOutputs(id: string): boolean {
  return (GIVEN_OUTPUTS_ATTACK_IDS as readonly string[]).includes(id)
}

/** Values an attack chose itself from its reference models rather than from a setting. */
export interface TunedParameters {
  /** RMIA's `a` picked by `a: "tune"`. */
  a: number
  /** The mean AUC of RMIA against the reference models that played the target, at that `a`. */
  referenceAuc: number
}

/** Whether the attack `id` trains models on the attacker pool (see {@link POOL_ATTACK_IDS}). */
export function needsPool(id: string): boolean {
  return (POOL_ATTACK_IDS as readonly string[]).includes(id)
}

/**
 * Settings of the attacks that train models of their own (shadow, LiRA, RMIA) or perturb queries
 * (label-noise): the thresholds schema's `AttackSettings` (generated from it, so an option is
 * declared once, with its bounds, default and description) without `suite`, which `strongest`
 * takes as an option of its own. Checked at run time by the same schema definition.
 *
 * `recipe` takes, besides the file's module path (relative to the working directory here), a
 * {@link ReferenceRecipe} function, which trains in the calling thread (docs/recipes.md).
 */
export type AttackSettings = Omit<SchemaAttackSettings, 'suite' | 'recipe'> & {
  /**
   * Trains each reference model of shadow, LiRA and RMIA the target's way instead of the built-in
   * MLP: a module path (absolute, or relative to the working directory; trained in worker threads)
   * or a function (trained in the calling thread, one model after the other). See docs/recipes.md.
   */
  recipe?: string | ReferenceRecipe
}

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
  /**
   * Where the answers of shadow and reference models are cached between runs
   * (docs/reference-cache.md): a folder (relative to the working directory), `false` for no cache,
   * or `{ dir, shard }`. Default: `PRIVACY_GATES_CACHE` when set, else
   * `node_modules/.cache/vitest-privacy-gates/` under the project root (the nearest folder with a
   * package.json). A rerun with unchanged data, settings and seed trains nothing.
   */
  cache?: ReferenceCacheOption
  /** Seed of every random choice (reference models, the TPR bootstraps). Default 0. */
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
   * Per-record risk levels in (0, 1) at which to list the members exposed (`exposure`): a member is
   * at risk at ρ when its score beats all but a share 1 − ρ of the non-members (conformal p-value
   * ≤ 1 − ρ). Only attacks calibrated per record (`lira`, `rmia`) report it. Members are named by
   * `members.ids`, else by row index.
   */
  riskLevels?: number[]
  /**
   * Compute the bootstrap interval of every TPR level (500 seeded replicates each). Default true;
   * `false` leaves `tprAtFpr[level].interval` out, for audits that only compare point estimates
   * (the AUC keeps its DeLong interval, one pass, and the advantage its DKW interval, a formula).
   */
  intervals?: boolean
  /**
   * Also compute what the reports keep besides the numbers: `charts` (a thinned ROC curve, score
   * histograms) and `pairing` (the records' fingerprint and DeLong components, for `compare`).
   * Default false; the gates (matchers, `check`) and the lab ask for them.
   */
  charts?: boolean
}

/**
 * Options of `auditMembership` on a predictions target: the outputs, labels and reference outputs
 * come with the target, so no records, pool or reference training are passed.
 */
export type PredictionsAuditOptions = Omit<MembershipOptions, 'members' | 'nonMembers' | 'pool' | 'referenceTraining'>

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
 * (a report of a privacy audit must not itself leak the members); `exposure` names the members
 * at risk by id, with their risk, and nothing else of them.
 */
export interface MembershipResult {
  attack: MembershipAttackId
  auc: number
  /** DeLong 95% interval of `auc`. */
  aucInterval: [number, number]
  advantage: number
  /**
   * 95% interval of `advantage` from the Dvoretzky–Kiefer–Wolfowitz–Massart band of each side's
   * empirical CDF (`dkwAdvantageInterval`): coverage guaranteed at every size for any scores,
   * the same whatever the seed, wider than a bootstrap (docs/attacks.md#the-advantage-interval).
   * Present in every result of an audit (results made by hand may lack it).
   */
  advantageInterval?: [number, number]
  /** TPR at FPR levels, keyed by the level as a string: always `"0.01"` and `"0.001"`, plus any asked for. */
  tprAtFpr: { '0.01': TprAtFpr; '0.001': TprAtFpr; [level: string]: TprAtFpr }
  /**
   * Empirical ε lower bound (Clopper–Pearson at 95% over every threshold, union-bounded) for
   * (ε, `delta`) claims: training that was (ε, δ)-DP with a smaller ε would make these scores
   * unlikely. Only when `delta` was given (results made by hand lack it too).
   */
  empiricalEpsilon?: EmpiricalEpsilon
  /**
   * The members the attack's per-record test exposes, at each of `riskLevels` (LiRA and RMIA, when
   * levels were asked for): counts, and ids with their risk — never a feature value or a score.
   */
  exposure?: MembershipExposure
  /** The class whose members the attack separates best (by AUC), when at least two classes have ≥ 2 members and ≥ 2 non-members. */
  worstClass?: ClassSlice
  members: number
  nonMembers: number
  seed: number
  /** Values the attack chose itself (RMIA's `a` with `a: "tune"`). */
  tuned?: TunedParameters
  /** Chart aggregates for reports: only with `charts: true` (the gates ask for them). */
  charts?: MembershipCharts
  /** What a paired comparison with another run needs: only with `charts: true`, like {@link MembershipResult.charts}. */
  pairing?: MembershipPairing
  /**
   * Shadow or reference models the attack needed: how many were trained in this run and how many
   * came from the reference cache. Absent for attacks that train none.
   */
  referenceModels?: ReferenceModelCount
}

/** Shadow or reference models trained in a run, and read from the reference cache instead. */
export interface ReferenceModelCount {
  trained: number
  cached: number
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

/**
 * The attacks whose score is a per-record test (docs/attacks.md#which-records-are-exposed): each
 * record's score is calibrated to that record by reference models that never saw it, so a high
 * score means "this record is treated unlike when it is absent", not "this record is easy".
 */
export const EXPOSURE_ATTACK_IDS = ['lira', 'rmia'] as const satisfies readonly MembershipAttackId[]

/** At most this many exposed members are listed per risk level (the count is always complete). */
export const EXPOSED_LIST_MAX = 100

/** A member at risk: its id (the data's id column, else its row index) and its risk, 1 − p. */
export interface ExposedRecord {
  id: string | number
  risk: number
}

/** What the per-record test finds at one risk level ρ (a member is at risk when p ≤ 1 − ρ). */
export interface ExposureAtRisk {
  /** Members at risk. */
  members: number
  /** Members expected at risk if none were more exposed than a non-member: members × (1 − ρ). */
  expectedByChance: number
  /** `false` when too few non-members for p ≤ 1 − ρ (at least 1/(1 − ρ) − 1 are needed): nothing can be at risk. */
  estimable: boolean
  /** The members at risk, most exposed first, at most {@link EXPOSED_LIST_MAX}: ids and risks, never a feature value or a score. */
  exposed: ExposedRecord[]
}

/**
 * Which members one attack exposes, for each risk level asked for (keyed by the level as a string).
 * Ids and risks only.
 */
export interface MembershipExposure {
  /** Smallest p-value the test can give, 1/(non-members + 1): the highest reachable risk is 1 minus it. */
  minimumPValue: number
  atRisk: { [risk: string]: ExposureAtRisk }
}
