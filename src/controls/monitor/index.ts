// Confidence monitoring (issue 6 item 5): compare confidence distributions (KS, PSI).
export { compareConfidences, type ConfidenceShift } from './compare.js'
export {
  CONFIDENCE_SAMPLES, confidenceLogLine, parseConfidenceLog, readConfidenceLog,
  type ConfidenceLog, type ConfidenceSample, type LogLineError,
} from './confidence-log.js'
export { confidencesOf } from './confidences.js'
