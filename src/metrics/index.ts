/**
 * Pure metrics on typed arrays (docs/architecture.md#layers, #metrics). Imports nothing else of the package and no
 * TensorFlow.js. Score convention everywhere: higher means "more likely a member".
 */
export { accuracy, agreementOutcomes, fidelity } from './accuracy.js'
export { advantage, advantageOfGroups } from './advantage.js'
export { auc, aucOfGroups } from './auc.js'
export {
  bootstrapGroups, bootstrapGroupStatistics, bootstrapInterval, type BootstrapOptions, type GroupStatistic, type GroupStatisticRequest,
} from './bootstrap.js'
export { delongInterval, delongOfGroups, type DelongInterval } from './delong.js'
export { dkwAdvantageInterval, dkwHalfWidth } from './dkw.js'
export {
  componentsAuc, delongComponents, delongPairedTest, delongUnpairedTest,
  type AucDifferenceTest, type AucWithVariance, type DelongComponents,
} from './delong-paired.js'
export { mcnemarExactTest, type PairedProportionTest } from './mcnemar.js'
export { normalCdf, normalQuantile } from './normal.js'
export { sampleSpread } from './sample-spread.js'
export { wilsonInterval, wilsonIntervalOfRepeats } from './wilson.js'
export { rocCurve, rocOfGroups, type RocCurve } from './roc.js'
export { groupScores, type ScoreGroups } from './score-groups.js'
export { tprAtFpr, tprAtFprOfGroups, type TprAtFprResult } from './tpr-at-fpr.js'
export { downsampleRoc, type RocPoints } from './roc-points.js'
export { scoreHistogram, type ScoreHistogram } from './histogram.js'
export { shapiroWilk, type ShapiroWilkResult } from './shapiro-wilk.js'
export { ksTwoSample, KS_EXACT_MAX_N, type KsResult } from './ks.js'
export { populationStabilityIndex, PSI_BINS, PSI_EPSILON, type PsiOptions, type PsiResult } from './psi.js'
export { crossEntropy, LOSS_EPSILON } from './cross-entropy.js'
