export {
  compareRuns, gateDirection, measuredRow, type CompareOptions, type ComparisonMethod, type GateComparison, type RunComparison, type Verdict,
} from './compare-runs.js'
export { comparisonMarkdown, comparisonSummary, comparisonText } from './comparison-table.js'
export { parseReport, readReport, type RunReport } from './read-report.js'
export { checkRegression, type RegressionOption, type RegressionOutcome } from './regression-gate.js'
export { testChange, type ChangeTest, type MeasuredValue } from './test-change.js'
