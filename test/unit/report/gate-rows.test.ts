import { describe, expect, it } from 'vitest'
import type { GateRecord } from '../../../src/gates/record.js'
import { GATE_COLUMNS, gateRows, gateStatus } from '../../../src/report/gate-rows.js'

const auc: GateRecord = {
  gate: 'membershipAuc', metric: 'membership_auc', value: 0.61, threshold: 0.6, direction: 'below', pass: false, negated: false,
  interval: [0.55, 0.67], attack: 'loss', details: { members: 100, nonMembers: 600, seed: 3, bound: 'point' },
  model: 'digits', level: 'error', key: 'models.digits.gates.membershipAuc.max', file: '/repo/privacy-gates.json', backend: 'wasm',
}
const fidelity: GateRecord = {
  gate: 'surrogateFidelity', metric: 'surrogate_fidelity', value: 0.9, threshold: 0.95, direction: 'below', pass: true, negated: false,
  attack: 'extraction:pool', details: { strategy: 'pool', budget: 200, queriesUsed: 180, seed: 0, evaluation: 600 }, level: 'warn',
}

describe('gateRows', () => {
  it('maps a record to one row with every column', () => {
    const [row] = gateRows([{ record: auc, test: 'suite > gates', file: 'a.test.ts' }], '1.2.3')
    expect(Object.keys(row)).toEqual([...GATE_COLUMNS])
    expect(row).toEqual({
      model: 'digits', gate: 'membershipAuc', metric: 'membership_auc', value: 0.61, threshold: 0.6, level: 'error', status: 'fail',
      interval_lo: 0.55, interval_hi: 0.67, attack: 'loss', members: 100, non_members: 600, budget: '', queries: '', seed: 3, reference_trained: '', reference_cached: '',
      backend: 'wasm', package_version: '1.2.3', test: 'suite > gates', file: 'a.test.ts',
    })
  })

  it('fills extraction columns and leaves what a record lacks empty', () => {
    const [row] = gateRows([{ record: fidelity, test: 't', file: 'b.test.ts' }], '1.2.3')
    expect(row).toMatchObject({ model: '', budget: 200, queries: 180, seed: 0, members: '', non_members: '', interval_lo: '', interval_hi: '', backend: '', status: 'pass' })
  })

  it('sorts by file keeping test order within a file, and keeps identical rows once', () => {
    const rows = gateRows([
      { record: fidelity, test: 'second', file: 'b.test.ts' },
      { record: auc, test: 'first', file: 'a.test.ts' },
      { record: auc, test: 'first', file: 'a.test.ts' },
      { record: fidelity, test: 'first', file: 'a.test.ts' },
    ], 'v')
    expect(rows.map((r) => [r.file, r.gate])).toEqual([['a.test.ts', 'membershipAuc'], ['a.test.ts', 'surrogateFidelity'], ['b.test.ts', 'surrogateFidelity']])
  })

  it('status: pass on the right side, else warn for warn gates and fail for error gates', () => {
    expect(gateStatus({ pass: true, level: 'error' })).toBe('pass')
    expect(gateStatus({ pass: false, level: 'warn' })).toBe('warn')
    expect(gateStatus({ pass: false, level: 'error' })).toBe('fail')
  })
})
