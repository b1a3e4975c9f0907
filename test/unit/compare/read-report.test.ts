import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseReport, readReport } from '../../../src/compare/read-report.js'
import type { AucPairingEntry } from '../../../src/report/pairing-section.js'
import { aucRecord, plainRecord, reportText, scorePair } from './reports.js'

describe('parseReport', () => {
  it('reads back what the reporter writes, pairing included', () => {
    const s = scorePair(1, 20, 30, 0)
    const r = parseReport(reportText([aucRecord(s.base, 'f00d'), plainRecord('cleanAccuracy', 0.9)]), 'base.json')
    expect(r).toMatchObject({ source: 'base.json', packageVersion: '0.1.0', date: '2026-12-02T00:00:00.000Z' })
    expect(r.rows.map((row) => row.gate)).toEqual(['membershipAuc', 'cleanAccuracy'])
    expect(r.pairing).toHaveLength(1)
    expect(r.pairing[0]).toMatchObject({ model: 'digits', gate: 'membershipAuc', attack: 'loss', records: 'f00d' })
    expect((r.pairing[0] as AucPairingEntry).members).toHaveLength(20)
    expect((r.pairing[0] as AucPairingEntry).nonMembers).toHaveLength(30)
  })

  it('names the line and column of a truncated report', () => {
    const text = reportText([plainRecord('cleanAccuracy', 0.9)])
    const cut = text.slice(0, text.indexOf('"rows"') + 20)
    expect(() => parseReport(cut, 'head.json')).toThrow(/^head\.json:\d+:\d+: invalid JSON: expected .*, found the end of the file$/)
    expect(() => parseReport('  \n', 'head.json')).toThrow('head.json: the report is empty (a run that never finished writing it?)')
  })

  it('names the key of a malformed row or pairing entry', () => {
    expect(() => parseReport('[]', 'a.json')).toThrow('a.json: expected a privacy-gates.json report (an object with "rows"), found object')
    expect(() => parseReport('{"rows": 3}', 'a.json')).toThrow('a.json: rows: expected an array of gate rows, found number')
    const row = JSON.parse(reportText([plainRecord('cleanAccuracy', 0.9)])) as { rows: Record<string, unknown>[] }
    row.rows[0].value = 'high'
    expect(() => parseReport(JSON.stringify(row), 'a.json')).toThrow('a.json: rows[0].value: expected a number, found "high"')
    const s = scorePair(1, 5, 5, 0)
    const paired = JSON.parse(reportText([aucRecord(s.base, 'f00d')])) as { pairing: Record<string, unknown>[] }
    paired.pairing[0].members = [1, 2.5]
    expect(() => parseReport(JSON.stringify(paired), 'a.json')).toThrow('a.json: pairing[0].members: expected an array of non-negative integers (DeLong components)')
  })

  it('reads a report without a pairing section (an older report) with no pairing', () => {
    const doc = JSON.parse(reportText([plainRecord('cleanAccuracy', 0.9)])) as Record<string, unknown>
    delete doc.pairing
    expect(parseReport(JSON.stringify(doc), 'old.json').pairing).toEqual([])
  })
})

describe('readReport', () => {
  it('names a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-read-report-'))
    try {
      await expect(readReport(join(dir, 'none.json'))).rejects.toThrow(`${join(dir, 'none.json')}: no such report`)
      await expect(readReport(join(dir, 'none.json'))).rejects.toMatchObject({ code: 'ENOENT' })
      await expect(readReport(dir)).rejects.toThrow(`${dir}: cannot read the report (EISDIR`)
      await writeFile(join(dir, 'r.json'), reportText([plainRecord('cleanAccuracy', 0.9)]))
      expect((await readReport(join(dir, 'r.json'))).rows).toHaveLength(1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
