export { compareRuns, type CompareOptions, type ComparisonMethod, type GateComparison, type RunComparison, type Verdict } from './compare-runs.js'
export { comparisonMarkdown, comparisonText } from './comparison-table.js'
export { parseReport, readReport, type RunReport } from './read-report.js'
export type { RegressionOption } from './regression-gate.js'
