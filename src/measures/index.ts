// Measurements of a model (not attacks): accuracy, the generalisation gap, watermark agreement, and
// how soon a governed interface flags an extraction attack. Explicit named re-exports only.
export { measureAccuracy, type AccuracyResult } from './accuracy.js'
export { measureDetection, type DetectionOptions, type DetectionResult } from './detection.js'
export { generalizationGap, type GeneralizationGapOptions, type GeneralizationGapResult } from './generalization-gap.js'
export { watermarkAgreement, type WatermarkResult } from './watermark-agreement.js'
