// Public API of vitest-privacy-gates: explicit named re-exports only, one block per layer
// (see docs/architecture.md), each block in the order of its module's own index.
import './gates/vitest-augmentation.js'

// Errors: what each kind of failure means, and the exit code it maps to.
export { EXIT, exitCodeOf, InputError, mostSevere, UnmeasurableTargetError, type ExitCode } from './errors.js'

// Data: records, files, the seeded generator.
export { createRng, loadCsv, loadDataset, loadJson, loadNpyDataset, permutation, splitSizes, streamDataset } from './data/index.js'
export { DataError } from './data/data-error.js'
export type { Dataset, DatasetChunk, DatasetStream, LoadedDataset, LoadOptions, Matrix, NpyFiles, NpyLoadOptions, Rng } from './data/index.js'

// Metrics: pure functions on typed arrays.
export {
  accuracy,
  advantage,
  auc,
  crossEntropy,
  delongInterval,
  dkwAdvantageInterval,
  dkwHalfWidth,
  fidelity,
  ksTwoSample,
  populationStabilityIndex,
  rocCurve,
  shapiroWilk,
  tprAtFpr,
} from './metrics/index.js'
export type { DelongInterval, KsResult, PsiOptions, PsiResult, RocCurve, ShapiroWilkResult, TprAtFprResult } from './metrics/index.js'

// Runtime: the TensorFlow.js backend and the training engine.
export { activeBackend, initBackend, type BackendName } from './runtime/backend.js'
export { loadTfModel, ModelFileError } from './runtime/model-io.js'
export { trainClassifier } from './runtime/train-classifier.js'
export type { Classifier, ClassifierSpec, EngineName, EngineOption, TrainClassifier, TrainLabels, TrainOptions } from './runtime/classifier.js'
export type { ReferenceCache, ReferenceCacheOption, Shard } from './runtime/cache/location.js'

// Targets: the model under test, in process, over HTTP, through ONNX Runtime, or as outputs read from files.
export {
  createTarget, fromFunction, fromTfModel, httpTarget, HttpTargetError, isPredictionsTarget, onnxTarget, parseRetryAfter, predictionsTarget, TargetAnswerError, toTarget,
} from './targets/index.js'
export type {
  AdapterOptions,
  ArraySource,
  CreateTargetOptions,
  CustomRequest,
  CustomResponse,
  HttpAuth,
  HttpFailure,
  HttpTargetOptions,
  InputDtype,
  Layout,
  NamedInput,
  OnnxTargetOptions,
  OutputMode,
  PredictFunction,
  PredictionsTarget,
  PredictionsTargetOptions,
  RecordGroup,
  ReferenceOutputs,
  RetryOptions,
  ShapeOptions,
  Target,
  TargetLike,
  TfModelOptions,
  TfModelTarget,
  InferencePath,
  WireFormatId,
} from './targets/index.js'

// Controls: what a team puts in front of a target (output perturbation, governance, monitoring).
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
export {
  createGovernor,
  createPrada,
  createTokenBucket,
  governed,
  hashRows,
  PRADA_DELTA,
  PRADA_MIN_DISTANCES,
  QueryRefusedError,
} from './controls/governance/index.js'
export type {
  Admission,
  ClientReport,
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

// Attacks: membership inference and model extraction.
export { auditMembership } from './attacks/membership/audit.js'
export type { MembershipAttackId, MembershipOptions, MembershipResult, PredictionsAuditOptions, ReferenceModelCount, TprAtFpr, TunedParameters } from './attacks/membership/types.js'
export type { ExposedRecord, ExposureAtRisk, MembershipExposure } from './attacks/membership/types.js'
export { membershipAttackIds } from './attacks/membership/registry.js'
export { RecipeError } from './attacks/membership/recipe.js'
export type { RecipeContext, ReferenceRecipe } from './attacks/membership/recipe.js'
export { auditExtraction } from './attacks/extraction/audit.js'
export type { ExtractionCurvePoint, ExtractionOptions, ExtractionOutcomes, ExtractionResult, ExtractionRun, ExtractionStrategy } from './attacks/extraction/types.js'
export { ExtractionQueryError } from './attacks/extraction/strategies/common.js'
export { NotLinearError } from './attacks/extraction/strategies/equation-solving.js'

// Measures: what is measured of a model without attacking it.
export { generalizationGap, measureAccuracy, measureDetection, watermarkAgreement } from './measures/index.js'
export type { AccuracyResult, DetectionOptions, DetectionResult, GeneralizationGapOptions, GeneralizationGapResult, WatermarkResult } from './measures/index.js'

// Privacy: the DP-SGD accountant, calibration and empirical ε lower bounds.
export { auditPrivacy, calibrateNoiseMultiplier, clopperPearsonEpsilon, dpsgdEpsilon, oneRunEpsilon } from './privacy/index.js'
export type {
  AuditedModel, AuditPrivacyOptions, AuditPrivacyResult, CalibrateOptions, CanaryKind, ClopperPearsonOptions, DpOptions, DpPlan, DpsgdEpsilon,
  DpsgdEpsilonOptions, EmpiricalEpsilon, OneRunOptions, TrainForAudit,
} from './privacy/index.js'

// Gates: the matchers, the gate catalogue and the thresholds file.
export {
  toCarryWatermark,
  toFlagExtraction,
  toHaveCleanAccuracyAbove,
  toHaveConfidenceShiftBelow,
  toHaveEmpiricalEpsilonBelow,
  toHaveGeneralizationGapBelow,
  toHaveMembershipAdvantageBelow,
  toHaveMembershipAucBelow,
  toHaveMembershipTprBelow,
  toHaveRecordsAtRiskBelow,
  toHaveSurrogateAccuracyBelow,
  toHaveSurrogateFidelityBelow,
  toPassReleaseGates,
} from './gates/matchers/index.js'
export type {
  AccuracyMatcherOptions,
  AucMatcherOptions,
  ConfidenceShiftOptions,
  ConfidenceSource,
  EmpiricalEpsilonMatcherOptions,
  ExtractionMatcherOptions,
  FlagExtractionOptions,
  GeneralizationGapMatcherOptions,
  MembershipMatcherOptions,
  RecordsAtRiskMatcherOptions,
  TprMatcherOptions,
  WatermarkMatcherOptions,
} from './gates/matchers/index.js'
export type { GateRecord, PrivacyGatesMeta, RecordOutcomes } from './gates/record.js'
export { loadGateModel, type LoadGateModelOptions } from './gates/load-gate-model.js'
export { createGateModel, isGateModel, type GateModel } from './gates/model.js'
export { evaluateGates, type GateOutcome } from './gates/evaluate.js'
export { GATE_IDS, type GateId } from './gates/catalogue.js'
export { GATES } from './gates/gates.js'
export { ConfigError, findConfig, loadConfig } from './gates/config/index.js'
export type { ResolvedConfig, ResolvedGates, ResolvedModel } from './gates/config/index.js'

// The lab: attack × control grids over trained models.
export { runLab, LAB_COLUMNS, type LabOptions, type LabRow } from './lab/run-lab.js'

// Comparing runs: release-to-release tests, the regression gate's pieces and the history file.

export { compareRuns, comparisonMarkdown, comparisonText, parseReport, readReport } from './compare/index.js'
export type { CompareOptions, ComparisonMethod, GateComparison, RegressionOption, RunComparison, RunReport, Verdict } from './compare/index.js'
export type { AucPairingEntry, OutcomePairingEntry, PairingEntry } from './report/pairing-section.js'
export { agreementOutcomes, componentsAuc, delongComponents, delongPairedTest, delongUnpairedTest, mcnemarExactTest } from './metrics/index.js'
export type { AucDifferenceTest, AucWithVariance, DelongComponents, PairedProportionTest } from './metrics/index.js'
export { appendHistory, historyEntry, parseHistory, readHistory, type HistoryEntry, type HistoryFile, type HistoryGate } from './report/history.js'
