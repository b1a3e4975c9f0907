import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GateRecord } from '../../../src/gates/record.js'
import { gateRows } from '../../../src/report/gate-rows.js'
import { appendHistory, historyEntry, parseHistory, readHistory } from '../../../src/report/history.js'

const record = (gate: string, value: number, extra: Partial<GateRecord> = {}): GateRecord => ({
  gate, metric: gate, value, threshold: 0.6, direction: 'below', pass: value < 0.6, negated: false, details: { members: 600, nonMembers: 600 },
  model: 'digits', level: 'error', ...extra,
})
const rows = gateRows([
  record('membershipAuc', 0.55, { interval: [0.52, 0.58] }),
  record('membershipAuc', 0.57, { attack: 'loss' }), // a second row of the same gate: the first is kept
  record('cleanAccuracy', 0.93),
  record('membershipAuc.regression', 0.01, { interval: [0.01, 0.04] }), // relative to a baseline: not kept
].map((r) => ({ record: r, test: 't', file: 'f.test.ts' })), '0.1.0')

describe('historyEntry', () => {
  it('keeps per model and gate the first row\'s value, limit, status and interval: nothing else', () => {
    const e = historyEntry(rows, { date: '2026-12-01T10:00:00Z', packageVersion: '0.1.0', commit: 'abc123' })
    expect(e).toEqual({
      date: '2026-12-01T10:00:00Z', packageVersion: '0.1.0', commit: 'abc123',
      gates: [
        { model: 'digits', gate: 'membershipAuc', value: 0.55, threshold: 0.6, status: 'pass', interval: [0.52, 0.58] },
        { model: 'digits', gate: 'cleanAccuracy', value: 0.93, threshold: 0.6, status: 'fail' },
      ],
    })
  })
})

describe('the history file', () => {
  it('appends one JSON line per run and reads them back; a missing file is an empty history', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-history-'))
    try {
      const file = join(dir, 'nested', 'history.jsonl')
      expect(await readHistory(file)).toEqual({ entries: [], problems: [] })
      const first = historyEntry(rows, { date: '2026-12-01T10:00:00Z', packageVersion: '0.1.0' })
      const second = historyEntry(rows, { date: '2026-12-02T10:00:00Z', packageVersion: '0.1.0' })
      await appendHistory(file, first)
      await appendHistory(file, second)
      expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(3)
      expect(await readHistory(file)).toEqual({ entries: [first, second], problems: [] })
      await writeFile(join(dir, 'dir.jsonl'), '')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('reports each bad line by number and reads the rest', () => {
    const good = JSON.stringify(historyEntry(rows, { date: '2026-12-01T10:00:00Z', packageVersion: '0.1.0' }))
    const text = [good, '{"date": "2026-12-02", "gates": [', '', '[1, 2]', '{"date": "x", "gates": [{"model": "m", "gate": "g", "value": "high", "threshold": 1}]}', good, '{"date":"y","gates":[{"model":"m","gate":"g","value":1,"threshold":1,"interval":[1]}]}'].join('\n')
    const read = parseHistory(text)
    expect(read.entries).toHaveLength(2)
    expect(read.problems.map((p) => p.line)).toEqual([2, 4, 5, 7])
    expect(read.problems[0].message).toMatch(/^not JSON/)
    expect(read.problems[1].message).toBe('expected an object { date, packageVersion, gates }')
    expect(read.problems[2].message).toBe('gates[0]: expected numbers "value" and "threshold"')
    expect(read.problems[3].message).toBe('gates[0].interval: expected [lo, hi]')
  })
})
