import { describe, expect, it } from 'vitest'
import type { GateSpread } from '../../../src/gates/seed-spread.js'
import { spreadTable } from '../../../src/report/spread-table.js'

const base = { level: 'error' as const, seeds: [3, 4, 5], passes: [true, true, false], min: 0.9, max: 0.96 }

describe('spreadTable', () => {
  it('shows mean, sd, range, limit, signed sd to the limit and flips; ∞ for a value that does not move', () => {
    const spread: GateSpread[] = [
      { ...base, model: 'm', gate: 'surrogateFidelity', direction: 'below', limit: 0.95, values: [0.9, 0.93, 0.96], mean: 0.93, sd: 0.03, flips: 1, sdToLimit: (0.95 - 0.93) / 0.03 },
      { ...base, model: 'm', gate: 'cleanAccuracy', direction: 'above', limit: 0.85, values: [0.9, 0.9, 0.9], passes: [true, true, true], mean: 0.9, sd: 0, min: 0.9, max: 0.9, flips: 0, sdToLimit: Infinity },
    ]
    const lines = spreadTable(spread).split('\n')
    expect(lines[0]).toBe('spread over 3 seeds (seeds 3–5)')
    expect(lines[3]).toMatch(/^m\s+surrogateFidelity\s+0\.930\s+0\.030\s+0\.900–0\.960\s+< 0\.950\s+0\.7\s+1 of 3$/)
    expect(lines[4]).toMatch(/^m\s+cleanAccuracy\s+0\.900\s+0\.000\s+0\.900–0\.900\s+> 0\.850\s+∞\s+0 of 3$/)
  })
})
