import { describe, expect, it } from 'vitest'
import * as metrics from '../../../src/metrics/index.js'

describe('metrics index', () => {
  it('re-exports exactly the public metric functions', () => {
    expect(Object.keys(metrics).sort()).toEqual([
      'KS_EXACT_MAX_N',
      'LOSS_EPSILON',
      'PSI_BINS',
      'PSI_EPSILON',
      'accuracy',
      'advantage',
      'advantageOfGroups',
      'agreementOutcomes',
      'auc',
      'aucOfGroups',
      'bootstrapGroupStatistics',
      'bootstrapGroups',
      'bootstrapInterval',
      'componentsAuc',
      'crossEntropy',
      'delongComponents',
      'delongInterval',
      'delongOfGroups',
      'delongPairedTest',
      'delongUnpairedTest',
      'dkwAdvantageInterval',
      'dkwHalfWidth',
      'downsampleRoc',
      'fidelity',
      'groupScores',
      'ksTwoSample',
      'mcnemarExactTest',
      'normalCdf',
      'normalQuantile',
      'populationStabilityIndex',
      'rocCurve',
      'rocOfGroups',
      'sampleSpread',
      'scoreHistogram',
      'shapiroWilk',
      'tprAtFpr',
      'tprAtFprOfGroups',
      'wilsonInterval',
      'wilsonIntervalOfRepeats',
    ])
  })
})
