import type { GateModel } from './model.js'
import type {
  AccuracyMatcherOptions,
  AucMatcherOptions,
  EmpiricalEpsilonMatcherOptions,
  RecordsAtRiskMatcherOptions,
  ExtractionMatcherOptions,
  MembershipMatcherOptions,
  TprMatcherOptions,
} from './matchers/index.js'
import type {
  ConfidenceShiftOptions,
  FlagExtractionOptions,
  GeneralizationGapMatcherOptions,
  WatermarkMatcherOptions,
} from './matchers/control-options.js'
import type { Dataset } from '../data/dataset.js'

/**
 * A gate matcher's arguments: for a model from the thresholds file both are optional (they default
 * to the file); for any other subject the limit and the data are required.
 */
export type GateMatcherArgs<T, O> = T extends GateModel ? [limit?: number, options?: Partial<O>] : [limit: number, options: O]

/**
 * The matchers' types. Any import of `vitest-privacy-gates` or `vitest-privacy-gates/setup` brings
 * them in; a misspelt matcher or option fails to compile. The matchers are async: always `await`
 * them (an un-awaited one cannot fail the test).
 *
 * One declaration for both Vitest lines: Vitest 4 declares `Matchers<T = any>`, Vitest 5
 * `Matchers<R = void | Promise<void>, T = unknown>`. TypeScript merges interface type parameters
 * by name, so the `T` below is the subject's type under either line (test/types and the
 * second-toolchain e2e run compile users' files under both). The differing lists are reported as
 * TS2428 inside the .d.ts files only, which `skipLibCheck` (what `tsc --init` writes, and what
 * TensorFlow.js's own typings need) leaves out.
 */
declare module 'vitest' {
  interface Matchers<T = any> {
    /**
     * Runs a membership-inference attack and passes when its AUC is below the limit.
     * @example await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers })
     */
    toHaveMembershipAucBelow(...args: GateMatcherArgs<T, AucMatcherOptions>): Promise<void>
    /**
     * Passes when the membership advantage (max |TPR − FPR|) is below the limit.
     * @example await expect(model).toHaveMembershipAdvantageBelow(0.2, { members, nonMembers })
     */
    toHaveMembershipAdvantageBelow(...args: GateMatcherArgs<T, MembershipMatcherOptions>): Promise<void>
    /**
     * Passes when the TPR at `atFpr` (default 0.01) is below the limit.
     * @example await expect(model).toHaveMembershipTprBelow(0.05, { members, nonMembers, atFpr: 0.01 })
     */
    toHaveMembershipTprBelow(...args: GateMatcherArgs<T, TprMatcherOptions>): Promise<void>
    /**
     * Trains a surrogate on the subject's answers and passes when its fidelity is below the limit.
     * @example await expect(model).toHaveSurrogateFidelityBelow(0.85, { pool, evaluation })
     */
    toHaveSurrogateFidelityBelow(...args: GateMatcherArgs<T, ExtractionMatcherOptions>): Promise<void>
    /**
     * Passes when the attacker's surrogate is less accurate than the limit.
     * @example await expect(model).toHaveSurrogateAccuracyBelow(0.8, { pool, evaluation })
     */
    toHaveSurrogateAccuracyBelow(...args: GateMatcherArgs<T, ExtractionMatcherOptions>): Promise<void>
    /**
     * Passes when the subject's accuracy on the evaluation set is above the limit.
     * @example await expect(model).toHaveCleanAccuracyAbove(0.9, { evaluation })
     */
    toHaveCleanAccuracyAbove(...args: GateMatcherArgs<T, AccuracyMatcherOptions>): Promise<void>
    /**
     * Passes when the membership attack's empirical ε lower bound (95%) for (ε, delta) claims is below
     * the limit: fails a model whose DP training leaks more than its claimed ε allows.
     * @example await expect(model).toHaveEmpiricalEpsilonBelow(2, { members, nonMembers, delta: 1e-5 })
     */
    toHaveEmpiricalEpsilonBelow(...args: GateMatcherArgs<T, EmpiricalEpsilonMatcherOptions>): Promise<void>
    /**
     * Passes when fewer members than the limit are at risk: their LiRA (default) or RMIA score beats
     * all but a share 1 − risk (default 0.99) of the non-members. Reports list them by id.
     * @example await expect(model).toHaveRecordsAtRiskBelow(10, { members, nonMembers, pool, risk: 0.99 })
     */
    toHaveRecordsAtRiskBelow(...args: GateMatcherArgs<T, RecordsAtRiskMatcherOptions>): Promise<void>
    /**
     * Runs every enabled gate of a model from the thresholds file; fails listing each failed `error`
     * gate, reports `warn` gates as warnings.
     * @example await expect(await loadGateModel('digits-mlp')).toPassReleaseGates()
     */
    toPassReleaseGates(): Promise<void>
    /**
     * Runs the extraction attack through a governed interface (PRADA detector) and passes when the
     * attacker is flagged within `within` queries; reports the false-flag rate on benign traffic.
     * @example await expect(model).toFlagExtraction({ within: 300, pool, evaluation, strategy: 'augment' })
     */
    toFlagExtraction(options: FlagExtractionOptions): Promise<void>
    /**
     * Passes when the confidence distributions of two samples differ by less than the limit (PSI by
     * default, or the KS statistic); samples are data sets, confidences or a JSON-lines log path.
     * @example await expect(model).toHaveConfidenceShiftBelow(0.1, { between: ['validation', 'production'], validation, production: 'log.jsonl' })
     */
    toHaveConfidenceShiftBelow(max: number, options: ConfidenceShiftOptions): Promise<void>
    /**
     * Passes when the subject labels at least `minAgreement` of the trigger set as marked.
     * @example await expect(suspect).toCarryWatermark(triggers, { minAgreement: 0.8 })
     */
    toCarryWatermark(triggers: Dataset, options: WatermarkMatcherOptions): Promise<void>
    /**
     * Passes when train minus held-out accuracy (or held-out minus train loss) is below the limit.
     * @example await expect(model).toHaveGeneralizationGapBelow(0.05, { train: members, heldOut: nonMembers })
     */
    toHaveGeneralizationGapBelow(...args: GateMatcherArgs<T, GeneralizationGapMatcherOptions>): Promise<void>
  }
}

export {}
