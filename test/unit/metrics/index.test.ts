import { describe, expect, it } from 'vitest'
import * as metrics from '../../../src/metrics/index.js'

describe('metrics index', () => {
  it('re-exports exactly the public metric functions', () => {
    expect(Object.keys(metrics).sort()).toEqual([
      'accuracy', 'advantage', 'advantageOfGroups', 'auc', 'aucOfGroups', 'bootstrapGroups', 'bootstrapInterval', 'delongInterval',
      'delongOfGroups', 'downsampleRoc', 'fidelity', 'groupScores',
      'normalCdf', 'normalQuantile', 'rocCurve', 'rocOfGroups', 'scoreHistogram', 'tprAtFpr', 'tprAtFprOfGroups',
    ])
  })
})
