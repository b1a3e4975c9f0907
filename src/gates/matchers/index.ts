export {
  toHaveCleanAccuracyAbove,
  toHaveEmpiricalEpsilonBelow,
  toHaveMembershipAdvantageBelow,
  toHaveMembershipAucBelow,
  toHaveMembershipTprBelow,
  toHaveRecordsAtRiskBelow,
  toHaveSurrogateAccuracyBelow,
  toHaveSurrogateFidelityBelow,
  type GateMatcher,
} from './single-gate-matchers.js'
export { toPassReleaseGates } from './to-pass-release-gates.js'
export type {
  AccuracyMatcherOptions,
  AucMatcherOptions,
  EmpiricalEpsilonMatcherOptions,
  ExtractionMatcherOptions,
  MembershipMatcherOptions,
  RecordsAtRiskMatcherOptions,
  TprMatcherOptions,
} from './options.js'
export { toFlagExtraction } from './to-flag-extraction.js'
export { toHaveConfidenceShiftBelow } from './to-have-confidence-shift-below.js'
export { toCarryWatermark } from './to-carry-watermark.js'
export { toHaveGeneralizationGapBelow } from './to-have-generalization-gap-below.js'
export type { ConfidenceShiftOptions, ConfidenceSource, FlagExtractionOptions, GeneralizationGapMatcherOptions, WatermarkMatcherOptions } from './control-options.js'
