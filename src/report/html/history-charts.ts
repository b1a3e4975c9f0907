import type { HistoryEntry } from '../history.js'
import { lineChart } from './svg/line-chart.js'

/** One gate of one model over the last runs, as the history chart draws it. */
export interface GateHistory {
  model: string
  gate: string
  /** Oldest first. */
  runs: Array<{ date: string; value: number; interval?: [number, number] }>
  /** The limit of the newest run. */
  threshold: number
}

/**
 * Each model's gates over the last `last` runs of `entries` (oldest first), in order of first
 * appearance. A gate absent from a run is simply not drawn at that run.
 */
export function gateHistories(entries: readonly HistoryEntry[], last: number): GateHistory[] {
  const recent = entries.slice(Math.max(0, entries.length - last))
  const byKey = new Map<string, GateHistory>()
  for (const e of recent) {
    for (const g of e.gates) {
      const key = JSON.stringify([g.model, g.gate])
      let h = byKey.get(key)
      if (!h) byKey.set(key, (h = { model: g.model, gate: g.gate, runs: [], threshold: g.threshold }))
      h.runs.push({ date: e.date, value: g.value, ...(g.interval ? { interval: g.interval } : {}) })
      h.threshold = g.threshold
    }
  }
  return [...byKey.values()]
}

/**
 * A gate's value over the runs (x: run number, oldest first; the newest is this run), with its 95%
 * interval as two dashed lines and the limit as a grey dashed line.
 */
export function historyChart(h: GateHistory, id: string): string {
  const x = h.runs.map((_, i) => i + 1)
  const values = h.runs.flatMap((r) => [r.value, ...(r.interval ?? [])]).filter(Number.isFinite)
  const lo = Math.min(...values, h.threshold), hi = Math.max(...values, h.threshold)
  const pad = Math.max((hi - lo) * 0.1, 0.01)
  const withInterval = h.runs.some((r) => r.interval)
  const at = (pick: (r: GateHistory['runs'][number]) => number | undefined) => h.runs.map((r) => pick(r) ?? NaN)
  const n = h.runs.length
  return lineChart({
    id, title: `${h.gate}: last ${n} run${n === 1 ? '' : 's'}`, xLabel: `run (oldest → newest, ${h.runs[0]?.date.slice(0, 10) ?? ''} → ${h.runs[n - 1]?.date.slice(0, 10) ?? ''})`,
    yLabel: h.gate, x: { kind: 'linear', domain: [0.5, Math.max(n, 1) + 0.5] }, y: { kind: 'linear', domain: [lo - pad, hi + pad] },
    series: [
      { name: 'value', x, y: h.runs.map((r) => r.value), markers: true },
      ...(withInterval
        ? [
          { name: '95% interval, low', x, y: at((r) => r.interval?.[0]), dashed: true, color: '#56B4E9' },
          { name: '95% interval, high', x, y: at((r) => r.interval?.[1]), dashed: true, color: '#56B4E9' },
        ]
        : []),
      { name: `limit ${h.threshold}`, x: [0.5, Math.max(n, 1) + 0.5], y: [h.threshold, h.threshold], dashed: true, color: '#999999' },
    ],
  })
}
