// Public API of vitest-privacy-gates: explicit named re-exports only.
import './gates/augment.js'

export { auditMembership } from './attacks/membership/audit.js'
export type { MembershipAttackId, MembershipOptions, MembershipResult, TprAtFpr } from './attacks/membership/types.js'
export { membershipAttackIds } from './attacks/membership/attacks.js'
export { auditExtraction } from './attacks/extraction/audit.js'
export type { ExtractionCurvePoint, ExtractionOptions, ExtractionResult, ExtractionStrategy } from './attacks/extraction/types.js'
export { ExtractionQueryError } from './attacks/extraction/strategies/common.js'
export { NotLinearError } from './attacks/extraction/strategies/equation-solving.js'
export { measureAccuracy, type AccuracyResult } from './attacks/accuracy.js'

export { createRng, loadCsv, loadDataset, loadJson, permutation, splitSizes } from './data/index.js'
export type { Dataset, LoadedDataset, LoadOptions, Matrix, Rng } from './data/index.js'

export { createTarget, fromFunction, fromTfModel, TargetAnswerError, toTarget } from './targets/index.js'
export type { AdapterOptions, CreateTargetOptions, OutputMode, PredictFunction, Target, TargetLike } from './targets/index.js'

export { activeBackend, initBackend, type BackendName } from './runtime/backend.js'
export { loadTfModel } from './runtime/model-io.js'
export { trainClassifier } from './runtime/train.js'
export type { Classifier, ClassifierSpec, EngineName, EngineOption, TrainClassifier, TrainLabels, TrainOptions } from './runtime/classifier.js'

export { accuracy, advantage, auc, delongInterval, fidelity, rocCurve, tprAtFpr } from './metrics/index.js'
export type { DelongInterval, RocCurve, TprAtFprResult } from './metrics/index.js'

export {
  toHaveCleanAccuracyAbove,
  toHaveEmpiricalEpsilonBelow,
  toHaveMembershipAdvantageBelow,
  toHaveMembershipAucBelow,
  toHaveMembershipTprBelow,
  toHaveSurrogateAccuracyBelow,
  toHaveSurrogateFidelityBelow,
  toPassReleaseGates,
} from './gates/matchers/index.js'
export type {
  AccuracyMatcherOptions,
  AucMatcherOptions,
  EmpiricalEpsilonMatcherOptions,
  ExtractionMatcherOptions,
  MembershipMatcherOptions,
  TprMatcherOptions,
} from './gates/matchers/index.js'
export type { GateRecord, PrivacyGatesMeta } from './gates/record.js'
export { loadGateModel, type LoadGateModelOptions } from './gates/load-gate-model.js'
export { createGateModel, isGateModel, type GateModel } from './gates/model.js'
export { evaluateGates, type GateOutcome } from './gates/evaluate.js'
export { GATE_IDS, GATES, type GateId } from './gates/gates.js'
export { ConfigError, findConfig, loadConfig } from './gates/config/index.js'
export type { ResolvedConfig, ResolvedGates, ResolvedModel } from './gates/config/index.js'

export { runLab, LAB_COLUMNS, type LabOptions, type LabRow } from './lab/run-lab.js'

export {
  bucket,
  gaussianNoise,
  labelOnly,
  NOISE_FLOOR,
  REVERSE_SIGMOID_BETA,
  REVERSE_SIGMOID_GAMMA,
  reverseSigmoid,
  roundTo,
  topK,
} from './controls/index.js'
export type { GaussianNoiseOptions, LabelOnlyOptions, OutputControl, ReverseSigmoidOptions } from './controls/index.js'

export { httpTarget, HttpTargetError, parseRetryAfter } from './targets/index.js'
export type { CustomRequest, CustomResponse, HttpAuth, HttpFailure, HttpTargetOptions, RetryOptions, WireFormatId } from './targets/index.js'
export { onnxTarget } from './targets/index.js'
export type { OnnxTargetOptions } from './targets/index.js'
export {
  toCarryWatermark,
  toFlagExtraction,
  toHaveConfidenceShiftBelow,
  toHaveGeneralizationGapBelow,
} from './gates/matchers/index.js'
export type {
  ConfidenceShiftOptions,
  ConfidenceSource,
  FlagExtractionOptions,
  GeneralizationGapMatcherOptions,
  WatermarkMatcherOptions,
} from './gates/matchers/index.js'
export {
  createGovernor,
  createPrada,
  createTokenBucket,
  governed,
  hashRows,
  measureDetection,
  PRADA_DELTA,
  PRADA_MIN_DISTANCES,
  QueryRefusedError,
} from './controls/governance/index.js'
export type {
  Admission,
  ClientReport,
  DetectionOptions,
  DetectionResult,
  GovernedOptions,
  GovernedTarget,
  Governor,
  GovernorOptions,
  Prada,
  PradaOptions,
  PradaState,
  QueryLogEntry,
  RateLimit,
  RowsInput,
  TakeResult,
  TokenBucket,
} from './controls/governance/index.js'
export { compareConfidences, CONFIDENCE_SAMPLES, confidenceLogLine, confidencesOf, parseConfidenceLog, readConfidenceLog } from './controls/monitor/index.js'
export type { ConfidenceLog, ConfidenceSample, ConfidenceShift, LogLineError } from './controls/monitor/index.js'
export { watermarkAgreement, type WatermarkResult } from './controls/watermark/index.js'
export { generalizationGap, type GeneralizationGapOptions, type GeneralizationGapResult } from './attacks/generalization-gap.js'
export { crossEntropy, ksTwoSample, populationStabilityIndex, shapiroWilk } from './metrics/index.js'
export type { KsResult, PsiOptions, PsiResult, ShapiroWilkResult } from './metrics/index.js'

export { auditPrivacy, calibrateNoiseMultiplier, clopperPearsonEpsilon, dpsgdEpsilon, oneRunEpsilon } from './privacy/index.js'
export type {
  AuditedModel, AuditPrivacyOptions, AuditPrivacyResult, CalibrateOptions, CanaryKind, ClopperPearsonOptions, DpOptions, DpPlan, DpsgdEpsilon,
  DpsgdEpsilonOptions, EmpiricalEpsilon, OneRunOptions, TrainForAudit,
} from './privacy/index.js'
