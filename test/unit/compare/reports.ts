/**
 * Builds `privacy-gates.json` texts the way the reporter writes them, from seeded scores, for the
 * compare tests. Not a test file.
 */
import { createRng } from '../../../src/data/rng.js'
import type { GateRecord } from '../../../src/gates/record.js'
import { delongInterval } from '../../../src/metrics/delong.js'
import { wilsonInterval } from '../../../src/metrics/wilson.js'
import { delongComponents } from '../../../src/metrics/delong-paired.js'
import { reportPairing } from '../../../src/report/pairing-section.js'
import { gatesJson } from '../../../src/report/gate-formats.js'
import { gateRows, type CollectedRecord } from '../../../src/report/gate-rows.js'

/** Member and non-member scores of two correlated models on the same records; `shift` moves the head's members up. */
export function scorePair(seed: number, n: number, m: number, shift: number) {
  const rng = createRng(seed)
  const side = (count: number, mean: number, headShift: number) => {
    const base = new Float64Array(count), head = new Float64Array(count)
    for (let i = 0; i < count; i++) {
      const c = rng.normal()
      base[i] = mean + c + 0.3 * rng.normal()
      head[i] = mean + headShift + c + 0.3 * rng.normal()
    }
    return [base, head]
  }
  const [baseMembers, headMembers] = side(n, 0.4, shift)
  const [baseNon, headNon] = side(m, 0, 0)
  return { base: { members: baseMembers, nonMembers: baseNon }, head: { members: headMembers, nonMembers: headNon } }
}

/** A membershipAuc record as a gate writes it, with the run's pairing data. */
export function aucRecord(scores: { members: Float64Array; nonMembers: Float64Array }, records: string, model = 'digits'): GateRecord {
  const d = delongInterval(scores.members, scores.nonMembers)
  const c = delongComponents(scores.members, scores.nonMembers)
  return {
    gate: 'membershipAuc', metric: 'membership_auc', value: d.auc, threshold: 0.6, direction: 'below', pass: d.auc < 0.6, negated: false,
    interval: d.interval, attack: 'loss', details: { members: scores.members.length, nonMembers: scores.nonMembers.length, seed: 0 },
    model, level: 'error',
    charts: {
      membership: [{
        attack: 'loss', auc: d.auc, members: scores.members.length, nonMembers: scores.nonMembers.length,
        roc: { fpr: [0, 1], tpr: [0, 1] }, histogram: { lo: 0, hi: 1, members: [1], nonMembers: [1] },
        pairing: { records, members: Array.from(c.members), nonMembers: Array.from(c.nonMembers) },
      }],
    },
  } as GateRecord
}

/** Another gate's record (no pairing data). */
export function plainRecord(gate: string, value: number, interval?: [number, number], model = 'digits'): GateRecord {
  return {
    gate, metric: gate, value, threshold: 0.5, direction: gate === 'cleanAccuracy' ? 'above' : 'below', pass: true, negated: false,
    ...(interval ? { interval } : {}), details: {}, model, level: 'error',
  }
}

/**
 * Two models' 0/1 outcomes on the same `n` records, correlated through each record's difficulty;
 * `gain` raises the head's chance of a 1 (0: equally good).
 */
export function outcomePair(seed: number, n: number, gain: number): { base: string; head: string } {
  const rng = createRng(seed)
  let base = '', head = ''
  for (let i = 0; i < n; i++) {
    const easy = rng.next() < 0.65 ? 0.92 : 0.2
    base += rng.next() < easy ? '1' : '0'
    head += rng.next() < Math.min(1, easy + gain) ? '1' : '0'
  }
  return { base, head }
}

/** A rate gate's record (`cleanAccuracy`, `surrogateFidelity`, …) with its per-record outcomes and their Wilson interval. */
export function rateRecord(gate: string, outcomes: string, records: string, model = 'digits'): GateRecord {
  const ones = [...outcomes].filter((o) => o === '1').length
  const value = ones / outcomes.length
  return { ...plainRecord(gate, value, wilsonInterval(value, outcomes.length), model), outcomes: { records, outcomes } }
}

/** The JSON text the reporter would write for `records`. */
export function reportText(records: GateRecord[], packageVersion = '0.1.0'): string {
  const collected: CollectedRecord[] = records.map((record) => ({ record, test: 'digits › passes its gates', file: 'digits.test.ts' }))
  const rows = gateRows(collected, packageVersion)
  return gatesJson(rows, { date: '2026-12-02T00:00:00.000Z', vitest: '4.1.12', packageVersion, backend: 'wasm' }, [], { pairing: reportPairing(collected) })
}
