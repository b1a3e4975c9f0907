import type { Dataset } from '../../data/dataset.js'
import type { DetectionOptions } from '../../measures/detection.js'
import type { ConfidenceSample } from '../../controls/monitor/confidence-log.js'

/** Options of `toFlagExtraction`: the extraction attack, `within`, the detector and benign traffic. */
export type FlagExtractionOptions = DetectionOptions & {
  /**
   * Also fail when more than this share of benign clients is flagged. Default: not enforced (the
   * rate is always reported, and a warning is annotated when it is above 0).
   */
  maxFalseFlagRate?: number
}

/**
 * A confidence sample: a labelled or unlabelled data set (queried through the subject), the
 * confidences themselves, or the path of a JSON-lines confidence log (its lines of that sample).
 */
export type ConfidenceSource = Dataset | number[] | Float64Array | string

/** Options of `toHaveConfidenceShiftBelow`. */
export interface ConfidenceShiftOptions {
  /** Reference sample, then compared sample. */
  between: [ConfidenceSample, ConfidenceSample]
  training?: ConfidenceSource
  validation?: ConfidenceSource
  production?: ConfidenceSource
  /** What the limit applies to: `psi` (default) or `ks` (the KS statistic D). */
  statistic?: 'psi' | 'ks'
  /** PSI bins (quantile bins of the reference). Default 10. */
  bins?: number
}

/** Options of `toCarryWatermark`. */
export interface WatermarkMatcherOptions {
  /** Least share of triggers labelled as marked for the subject to count as carrying the watermark. */
  minAgreement: number
}

/** Options of `toHaveGeneralizationGapBelow`. */
export interface GeneralizationGapMatcherOptions {
  train: Dataset
  heldOut: Dataset
  /** Gap in accuracy (train − held-out, default) or in cross-entropy loss (held-out − train). */
  metric?: 'accuracy' | 'loss'
}
