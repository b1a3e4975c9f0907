/** History entries for the history chart tests (unit and browser). Not a test file. */
import type { HistoryEntry } from '../../../../src/report/history.js'

/** `n` runs of model m: its AUC creeping up with an interval, its accuracy without one. */
export function runs(n: number): HistoryEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    date: `2026-11-${String(i + 1).padStart(2, '0')}T00:00:00Z`, packageVersion: '0.1.0',
    gates: [
      { model: 'm', gate: 'membershipAuc', value: 0.52 + i * 0.01, threshold: 0.6, status: 'pass' as const, interval: [0.5 + i * 0.01, 0.54 + i * 0.01] as [number, number] },
      { model: 'm', gate: 'cleanAccuracy', value: 0.9, threshold: 0.85, status: 'pass' as const },
      ...(i === 0 ? [{ model: 'gone', gate: 'membershipAuc', value: 0.5, threshold: 0.6, status: 'pass' as const }] : []),
    ],
  }))
}
