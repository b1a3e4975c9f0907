import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseHistory } from '../../../src/report/history.js'
import { plainRecord, reportText } from '../compare/reports.js'
import { runCli } from './run-cli.js'

describe('privacy-gates history append', () => {
  let dir: string
  const at = (name: string) => join(dir, name)
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-history-cli-'))
    await writeFile(at('run.json'), reportText([plainRecord('membershipAuc', 0.55, [0.5, 0.6]), plainRecord('cleanAccuracy', 0.93)]))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('appends the run\'s aggregates, keeping a bad line as it is and saying where it is', async () => {
    await writeFile(at('history.jsonl'), 'not json\n')
    const first = await runCli(['history', 'append', at('run.json'), at('history.jsonl'), '--commit', 'abc'])
    expect(first.code).toBe(0)
    expect(first.out).toBe(`history: appended 2 gates of ${at('run.json')} to ${at('history.jsonl')} (1 runs)`)
    expect(first.err).toMatch(new RegExp(`history\\.jsonl:1: not JSON .*\\(left as is; readers skip it\\)`))
    const read = parseHistory(await readFile(at('history.jsonl'), 'utf8'))
    expect(read.problems.map((p) => p.line)).toEqual([1])
    expect(read.entries).toEqual([{
      date: '2026-12-02T00:00:00.000Z', packageVersion: '0.1.0', commit: 'abc',
      gates: [
        { model: 'digits', gate: 'membershipAuc', value: 0.55, threshold: 0.5, status: 'pass', interval: [0.5, 0.6] },
        { model: 'digits', gate: 'cleanAccuracy', value: 0.93, threshold: 0.5, status: 'pass' },
      ],
    }])
  })

  it('names a missing action or argument', async () => {
    expect((await runCli(['history'])).err).toContain('history: expected the action "append", found none')
    const r = await runCli(['history', 'append', at('run.json')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('history append: expected REPORT.json and HISTORY.jsonl')
  })
})
