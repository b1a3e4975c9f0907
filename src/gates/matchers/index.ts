export {
  toHaveCleanAccuracyAbove,
  toHaveMembershipAdvantageBelow,
  toHaveMembershipAucBelow,
  toHaveMembershipTprBelow,
  toHaveSurrogateAccuracyBelow,
  toHaveSurrogateFidelityBelow,
  type GateMatcher,
} from './single-gate-matchers.js'
export { toPassReleaseGates } from './to-pass-release-gates.js'
export type {
  AccuracyMatcherOptions,
  AucMatcherOptions,
  ExtractionMatcherOptions,
  MembershipMatcherOptions,
  TprMatcherOptions,
} from './options.js'
