import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrivacyGatesReporter } from '../../../src/report/reporter.js'
import { reportHistory } from '../../../src/report/run-history.js'
import { plainRecord, reportText } from '../compare/reports.js'

describe('the reporter\'s history option', () => {
  let dir: string
  const at = (name: string) => join(dir, name)
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-run-history-'))
    await writeFile(at('history.jsonl'), 'not json\n')
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('the reporter\'s history option draws the file\'s runs and this one in the HTML report, reporting a bad line', async () => {
    const logged: string[] = []
    const reporter = new PrivacyGatesReporter({ outDir: 'out', history: { file: 'history.jsonl', last: 5 } })
    reporter.onInit({ config: { root: dir }, logger: { log: (s: string) => logged.push(s) } })
    await writeFile(at('history.jsonl'), 'not json\n' + JSON.stringify({ date: '2026-11-30T00:00:00Z', packageVersion: '0.1.0', gates: [{ model: 'digits', gate: 'membershipAuc', value: 0.55, threshold: 0.5, status: 'pass' }] }) + '\n')
    await reporter.write([{ record: plainRecord('membershipAuc', 0.58, [0.55, 0.61]), test: 't', file: 'f' }])
    const html = await readFile(join(dir, 'out', 'privacy-report.html'), 'utf8')
    expect(html).toContain('membershipAuc: last 2 runs')
    expect(logged.filter((l) => l.startsWith(`privacy gates: ${at('history.jsonl')}:1: skipped: not JSON (`))).toHaveLength(1)
  })

  it('draws only the last runs, and refuses a bad count', async () => {
    const rows = JSON.parse(reportText([plainRecord('membershipAuc', 0.6)])).rows
    const { histories } = await reportHistory({ file: 'history.jsonl', last: 1 }, dir, rows, { date: 'now', packageVersion: '0.1.0' })
    expect(histories.map((h) => h.runs.length)).toEqual([1])
    await expect(reportHistory({ file: 'history.jsonl', last: 0 }, dir, rows, { date: 'now', packageVersion: '0.1.0' })).rejects.toThrow('history.last: expected a whole number of runs ≥ 1, found 0')
    // a missing file: this run only
    expect((await reportHistory(at('none.jsonl'), dir, rows, { date: 'now', packageVersion: '0.1.0' })).histories[0].runs).toHaveLength(1)
  })
})
