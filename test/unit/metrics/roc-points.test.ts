import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { downsampleRoc, rocCurve } from '../../../src/metrics/index.js'

describe('downsampleRoc', () => {
  it('keeps a small curve whole', () => {
    const roc = rocCurve(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))
    expect(downsampleRoc(roc)).toEqual({ fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1] })
  })

  it('thins a long curve to ≤ maxPoints, keeping both ends, monotone, and the low-FPR region', () => {
    const rng = createRng(3)
    const members = new Float64Array(2000).map(() => rng.normal() + 1)
    const nonMembers = new Float64Array(5000).map(() => rng.normal())
    const full = rocCurve(members, nonMembers)
    const thin = downsampleRoc(full, 200)
    expect(full.fpr.length).toBeGreaterThan(6000)
    expect(thin.fpr.length).toBeLessThanOrEqual(202)
    expect([thin.fpr[0], thin.tpr[0]]).toEqual([0, 0])
    expect([thin.fpr.at(-1), thin.tpr.at(-1)]).toEqual([1, 1])
    for (let i = 1; i < thin.fpr.length; i++) {
      expect(thin.fpr[i]).toBeGreaterThanOrEqual(thin.fpr[i - 1])
      expect(thin.tpr[i]).toBeGreaterThanOrEqual(thin.tpr[i - 1])
    }
    // the log-spaced half: several points below FPR 0.01 for a log-log plot
    expect(thin.fpr.filter((f) => f > 0 && f < 0.01).length).toBeGreaterThan(10)
  })
})
