import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { gatesCsv, gatesJson, gatesMarkdown, gatesTerminalTable, referenceSummary, runBackend, summaryLine } from '../../../src/report/gate-formats.js'
import { GATE_COLUMNS, type GateRow } from '../../../src/report/gate-rows.js'
import { useColor } from '../../../src/report/reporter.js'

const row = (over: Partial<GateRow> = {}): GateRow => ({
  model: 'digits', gate: 'membershipAuc', metric: 'membership_auc', value: 0.5374555555555556, threshold: 0.6, level: 'error', status: 'pass',
  interval_lo: 0.51, interval_hi: 0.57, attack: 'max-confidence', members: 600, non_members: 600, budget: '', queries: '', seed: 0, reference_trained: '', reference_cached: '',
  backend: 'wasm', package_version: '0.1.0', test: 'release gates', file: 'gates.test.ts', ...over,
})

describe('CSV', () => {
  it('has the header of every column and numbers in full precision', () => {
    const [header, line] = gatesCsv([row()]).trimEnd().split('\n')
    expect(header).toBe(GATE_COLUMNS.join(','))
    expect(line).toBe('digits,membershipAuc,membership_auc,0.5374555555555556,0.6,error,pass,0.51,0.57,max-confidence,600,600,,,0,,,wasm,0.1.0,release gates,gates.test.ts')
  })

  it('quotes cells with commas, quotes and line breaks', () => {
    const csv = gatesCsv([row({ test: 'suite > a, "quoted"\nname' })])
    expect(csv).toContain('"suite > a, ""quoted""\nname",gates.test.ts')
  })
})

describe('JSON', () => {
  it('holds the run metadata, the columns and the same rows', () => {
    const meta = { date: '2026-01-01T00:00:00.000Z', vitest: '4.1.12', packageVersion: '0.1.0', backend: 'wasm' }
    const parsed = JSON.parse(gatesJson([row()], meta))
    expect(parsed).toEqual({ ...meta, complete: true, problems: [], columns: [...GATE_COLUMNS], rows: [row()] })
  })

  it('names the distinct backends of the run', () => {
    expect(runBackend([row(), row({ backend: 'cpu' }), row({ backend: '' }), row()])).toBe('wasm, cpu')
  })
})

describe('Markdown job summary', () => {
  it('is a heading, a summary line and a table with 3-decimal values; failures in bold', () => {
    const md = gatesMarkdown([row(), row({ gate: 'cleanAccuracy', metric: 'clean_accuracy', value: 0.8, threshold: 0.85, status: 'fail', attack: '' })], { packageVersion: '0.1.0', backend: 'wasm' })
    expect(md).toBe([
      '### Privacy gates',
      '',
      '2 gates: 1 pass, 0 warn, 1 fail · vitest-privacy-gates 0.1.0 · backend wasm',
      '',
      '| model | gate | value | limit | level | attack | status | test |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| digits | membershipAuc | 0.537 | < 0.600 | error | max-confidence | pass | release gates |',
      '| digits | cleanAccuracy | 0.800 | > 0.850 | error | — | **fail** | release gates |',
      '',
      '',
    ].join('\n'))
  })

  it('escapes pipes and flattens line breaks in cells', () => {
    const md = gatesMarkdown([row({ test: 'a | b\nc' })])
    expect(md).toContain('| a \\| b c |')
  })
})

describe('terminal table', () => {
  const rows = [row(), row({ gate: 'membershipAdvantage', status: 'warn', level: 'warn' }), row({ gate: 'membershipTpr', status: 'fail' })]

  it('is plain text without colour', () => {
    const text = gatesTerminalTable(rows, false)
    expect(text).toBe(stripVTControlCharacters(text))
    expect(text.split('\n')).toEqual([
      'privacy gates: 3 gates: 1 pass, 1 warn, 1 fail',
      'model   gate                 value  limit    level  attack          status',
      '------  -------------------  -----  -------  -----  --------------  ------',
      'digits  membershipAuc        0.537  < 0.600  error  max-confidence  pass',
      'digits  membershipAdvantage  0.537  < 0.600  warn   max-confidence  warn',
      'digits  membershipTpr        0.537  < 0.600  error  max-confidence  fail',
    ])
  })

  it('colours the status when asked, reading the same once stripped', () => {
    const text = gatesTerminalTable(rows, true)
    expect(text).not.toBe(stripVTControlCharacters(text))
    expect(text).toContain('\u001b[32mpass\u001b[39m')
    expect(stripVTControlCharacters(text)).toBe(gatesTerminalTable(rows, false))
  })

  it('colour: off with NO_COLOR (even on a TTY), off when not a TTY, FORCE_COLOR forces it', () => {
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false)
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(false)
    expect(useColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false)
    expect(useColor({ isTTY: false }, {})).toBe(false)
    expect(useColor({}, {})).toBe(false)
    expect(useColor({ isTTY: true }, {})).toBe(true)
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true)
    expect(useColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false)
  })
})

describe('referenceSummary', () => {
  it('sums the reference models of distinct audits, counting gates that read one audit once, and is empty when none trained any', () => {
    const lira = { attack: 'lira', reference_trained: 4, reference_cached: 12 } as const
    const rows = [row(lira), row({ ...lira, gate: 'membershipAdvantage' }), row({ attack: 'rmia', reference_trained: 0, reference_cached: 8 }), row()]
    expect(referenceSummary(rows)).toBe('reference models: 4 trained, 20 from the cache')
    expect(summaryLine(rows)).toBe('4 gates: 4 pass, 0 warn, 0 fail · reference models: 4 trained, 20 from the cache')
    expect(referenceSummary([row()])).toBe('')
  })
})
