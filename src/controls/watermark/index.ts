// Watermark checks (issue 6 item 6).
export { watermarkAgreement, type WatermarkResult } from '../../measures/watermark-agreement.js'
