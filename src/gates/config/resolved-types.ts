import type { GATE_CATALOGUE, GateId } from '../catalogue.js'
import type { AttackSettings, Gates, HttpTarget, Inputs, Layout, MembershipAttack, OutputMode, Regression, Training } from '../../schema/types.js'

// The thresholds file once resolved: what `loadConfig` returns and the gates read.

/**
 * A gate's limit and level together: an enabled gate (`error` or `warn`) always has its limit; a
 * gate switched `off` may lack it (it was inherited from `defaults` and never completed). Checking
 * `level !== 'off'` narrows the limit to `number`.
 */
export type GateLimit<Key extends 'max' | 'min'> = (
  | ({ level: 'error' | 'warn' } & { [K in Key]: number })
  | ({ level: 'off' } & { [K in Key]?: number })
) & { regression?: Regression }

/** Resolved `membershipAuc` gate: defaults filled in (attack `max-confidence`, bound `point`, level `error`). */
export type MembershipAucGate = GateLimit<'max'> & { attack: MembershipAttack; bound: 'point' | 'upper'; slice: 'all' | 'worst-class'; message?: string }
/** Resolved `membershipAdvantage` gate: defaults filled in (attack `max-confidence`, bound `point`, level `error`). */
export type MembershipAdvantageGate = GateLimit<'max'> & { attack: MembershipAttack; bound: 'point' | 'upper'; message?: string }
/** Resolved `membershipTpr` gate: defaults filled in (atFpr 0.01, attack `max-confidence`, bound `point`, level `error`). */
export type MembershipTprGate = GateLimit<'max'> & { atFpr: number; attack: MembershipAttack; bound: 'point' | 'upper'; message?: string }
/** Resolved `surrogateFidelity` / `surrogateAccuracy` gate: strategy `pool`, level `error`; no budget means the whole pool. */
export type SurrogateGate = GateLimit<'max'> & {
  budget?: number
  strategy: 'pool' | 'synthetic' | 'augment' | 'active' | 'equation-solving'
  labels?: 'soft' | 'hard'
  on?: 'evaluation' | 'uniform'
  message?: string
}
/** Resolved `cleanAccuracy` gate: level `error` by default. */
export type CleanAccuracyGate = GateLimit<'min'> & { message?: string }
/** Resolved `watermarkAgreement` gate: level `error` by default. */
export type WatermarkGate = GateLimit<'min'> & { message?: string }
/** Resolved `empiricalEpsilon` gate: max defaults to `training.epsilon`, δ is `training.delta`, attack `max-confidence`. */
export type EmpiricalEpsilonGate = GateLimit<'max'> & { attack: MembershipAttack; delta: number; message?: string }
/** Resolved `generalizationGap` gate: metric `accuracy`, level `error` by default. */
export type GeneralizationGapGate = GateLimit<'max'> & { metric: 'accuracy' | 'loss'; message?: string }

/** The resolved type of each gate that has a named one. */
interface NamedGates {
  membershipAuc: MembershipAucGate
  membershipAdvantage: MembershipAdvantageGate
  membershipTpr: MembershipTprGate
  surrogateFidelity: SurrogateGate
  surrogateAccuracy: SurrogateGate
  cleanAccuracy: CleanAccuracyGate
  generalizationGap: GeneralizationGapGate
  watermarkAgreement: WatermarkGate
  empiricalEpsilon: EmpiricalEpsilonGate
}

/** A gate of the catalogue without a named type: its schema object, with the limit and level resolved. */
type SchemaGate<Id extends GateId> = GateLimit<(typeof GATE_CATALOGUE)[Id]['limitKey']> &
  Omit<NonNullable<Gates[Id]>, 'level' | (typeof GATE_CATALOGUE)[Id]['limitKey']>

/**
 * A model's gates after merging `defaults.gates` setting by setting and filling defaults. Absent
 * gates are not checked. One key per gate of the catalogue: a new gate gets its schema object's
 * type here without an edit.
 */
export type ResolvedGates = { [Id in GateId]?: Id extends keyof NamedGates ? NamedGates[Id] : SchemaGate<Id> }

/**
 * One model of the thresholds file, ready to gate: defaults merged, every path absolute and
 * checked to exist. A plain JSON-serialisable object (it is sent to Vitest workers with `provide`).
 */
export interface ResolvedModel {
  /** The model's key under `models`. */
  name: string
  /** Free text from the file. */
  description?: string
  /** JSON pointer of the model in the thresholds file, `/models/<name>`, for messages. */
  pointer: string
  /** Seed of every random choice the gates make (default 0). */
  seed: number
  /** The prediction interface: a tfjs model.json or an .onnx file (absolute paths), an HTTP endpoint, or outputs read from files. */
  target: ResolvedTarget
  /** Absolute paths of the data files; `evaluation` defaults to `nonMembers`. `label`/`id`/`scale` as given (model, else defaults); `recordShape` as given. */
  data: {
    members?: ResolvedDataFile
    nonMembers?: ResolvedDataFile
    pool?: ResolvedDataFile
    evaluation?: ResolvedDataFile
    triggers?: ResolvedDataFile
    label?: string
    id?: string
    scale?: number
    recordShape?: number[]
  }
  /** The gates after merging defaults. */
  gates: ResolvedGates
  /** Settings of the membership attacks (`defaults.attackSettings` merged key by key with the model's). */
  attackSettings: AttackSettings
  /** The model's differential-privacy claim, as written. */
  training?: Training
}

/** A data file with its path made absolute: a CSV or JSON file, or a `.npy` pair `{ x, y }` (features, labels). */
export type ResolvedDataFile = string | { x: string; y: string }

/**
 * A model's `target` entry with defaults filled in and paths made absolute. An HTTP target's `url`
 * is kept as written: `${NAME}` placeholders are expanded from the environment when the target is
 * created (in the test worker or the CLI), not when the file is read.
 */
export type ResolvedTarget =
  | { type: 'tfjs'; path: string; outputMode: 'probabilities' | 'logits'; batchSize?: number; layout?: Layout }
  | { type: 'onnx'; path: string; outputMode: OutputMode; batchSize?: number; classes?: number; inputName?: string; outputName?: string; layout?: Layout; inputs?: Inputs }
  | (Omit<HttpTarget, 'format' | 'outputMode'> & { format: NonNullable<HttpTarget['format']>; outputMode: OutputMode })
  | {
      type: 'predictions'
      outputs: string
      labels: string
      membership: string
      outputMode: 'probabilities' | 'logits'
      references?: { outputs: string; inside: string }
    }

/** A loaded, validated and resolved thresholds file. */
export interface ResolvedConfig {
  /** Absolute path of the thresholds file. */
  file: string
  /** The models by name, in file order. */
  models: Record<string, ResolvedModel>
  /**
   * The reference-model cache folder (absolute), or `false` for none: `defaults.cache`, else
   * `PRIVACY_GATES_CACHE`, else the default folder under the file's project root
   * (docs/reference-cache.md). Absent in configs made by hand: the API's default then applies.
   */
  cache?: string | false
}
