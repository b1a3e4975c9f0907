// The thresholds file: finding, validating and resolving privacy-gates.json. Explicit named re-exports only.
export { CONFIG_ENV, DEFAULT_CONFIG_NAME, findConfig } from './find.js'
export type { FindConfigOptions, FoundConfig } from './find.js'
export { loadConfig, loadConfigCache } from './load.js'
export type { Level, MembershipAttack } from '../../schema/types.js'
export type {
  CleanAccuracyGate,
  GateLimit,
  GeneralizationGapGate,
  MembershipAdvantageGate,
  MembershipAucGate,
  MembershipTprGate,
  ResolvedConfig,
  ResolvedDataFile,
  ResolvedGates,
  ResolvedModel,
  ResolvedTarget,
  SurrogateGate,
  WatermarkGate,
} from './resolved-types.js'
export { ConfigError, formatIssues, validateConfig } from './validate.js'
export { THRESHOLDS_SCHEMA_PATH } from '../../schema/thresholds-schema.js'
export type { ConfigIssue } from './validate.js'
