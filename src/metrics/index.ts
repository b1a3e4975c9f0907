/**
 * Pure metrics on typed arrays (DESIGN.md §3, §5). Imports nothing else of the package and no
 * TensorFlow.js. Score convention everywhere: higher means "more likely a member".
 */
export { accuracy, fidelity } from './accuracy.js'
export { advantage } from './advantage.js'
export { auc } from './auc.js'
export { delongInterval, type DelongInterval } from './delong.js'
export { normalCdf, normalQuantile } from './normal.js'
export { rocCurve, type RocCurve } from './roc.js'
export { tprAtFpr, type TprAtFprResult } from './tpr-at-fpr.js'
