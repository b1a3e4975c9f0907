import { describe, expect, it } from 'vitest'
import { compareConfidences } from '../../../../src/controls/monitor/compare.js'
import { confidenceLogLine, parseConfidenceLog } from '../../../../src/controls/monitor/confidence-log.js'

describe('parseConfidenceLog', () => {
  it('reads confidence and probabilities lines into their samples (production by default)', () => {
    const log = parseConfidenceLog('{"confidence":0.97}\n\n{"probabilities":[0.1,0.9],"sample":"validation","time":"t"}\n{"confidence":1,"sample":"training"}\n')
    expect(log).toEqual({ samples: { training: [1], validation: [0.9], production: [0.97] }, errors: [], lines: 3 })
  })

  it('reports bad lines with their line numbers and still reads the rest', () => {
    const text = [
      '{"confidence":0.8}',
      'not json',
      '{"confidence":1.5}',
      '{"sample":"staging","confidence":0.5}',
      '[0.3]',
      '{"probabilities":[]}',
      '{"client":"a"}',
      '{"confidence":0.6}',
    ].join('\n')
    const log = parseConfidenceLog(text)
    expect(log.samples.production).toEqual([0.8, 0.6])
    expect(log.lines).toBe(8)
    expect(log.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7])
    expect(log.errors[0].message).toMatch(/^not JSON/)
    expect(log.errors[1].message).toBe('confidence: expected a number in [0, 1], found 1.5')
    expect(log.errors[2].message).toBe('sample: expected "training", "validation" or "production", found "staging"')
    expect(log.errors[5].message).toBe('expected a "confidence" (number in [0, 1]) or "probabilities" (array) key, found neither')
  })

  it('confidenceLogLine writes the top probability only', () => {
    expect(confidenceLogLine([0.2, 0.7, 0.1], 'validation')).toBe('{"confidence":0.7,"sample":"validation"}')
    expect(parseConfidenceLog(confidenceLogLine([0.2, 0.8])).samples.production).toEqual([0.8])
  })
})

describe('compareConfidences', () => {
  it('reports KS, p and PSI; a shifted sample has larger KS and PSI', () => {
    const ref = Array.from({ length: 200 }, (_, i) => 0.5 + (0.5 * (i + 0.5)) / 200)
    const same = compareConfidences(ref, ref)
    expect(same).toMatchObject({ ks: 0, pValue: 1, ksMethod: 'exact', referenceSize: 200, actualSize: 200 })
    expect(same.psi).toBeCloseTo(0, 12)
    const shifted = compareConfidences(ref, ref.map((v) => v * 0.8))
    expect(shifted.ks).toBeGreaterThan(0.3)
    expect(shifted.pValue).toBeLessThan(1e-6)
    expect(shifted.psi).toBeGreaterThan(0.25)
  })
})
