import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRegression } from '../../../src/compare/regression-gate.js'
import { loadConfig } from '../../../src/gates/config/index.js'
import { GATES } from '../../../src/gates/gates.js'
import { outcomeLine } from '../../../src/gates/outcome.js'
import { digitsModel, makeProject } from '../gates/config/helpers.js'
import { mcnemarExactTest } from '../../../src/metrics/mcnemar.js'
import { aucRecord, outcomePair, plainRecord, rateRecord, reportText, scorePair } from './reports.js'

describe('checkRegression', () => {
  let dir: string
  const at = (name: string) => join(dir, name)
  const s = scorePair(11, 200, 200, 0.3)
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-regression-'))
    await writeFile(at('baseline.json'), reportText([aucRecord(s.base, 'rec'), plainRecord('cleanAccuracy', 0.95, [0.93, 0.97])]))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('fails a head significantly worse than the baseline by more than max (paired DeLong), while its own limit may pass', async () => {
    const head = aucRecord(s.head, 'rec')
    const out = await checkRegression(GATES.membershipAuc, head, { max: 0.01, baseline: at('baseline.json') })
    expect(out).toBeDefined()
    const { record, compared } = out!
    expect(record).toMatchObject({ gate: 'membershipAuc.regression', metric: 'membership_auc_regression', threshold: 0.01, pass: false, model: 'digits' })
    expect(record.details).toMatchObject({ test: 'paired DeLong', head: head.value })
    expect(compared).toBe(record.value)
    expect(record.value).toBeGreaterThan(0.01)
    expect(record.interval![0]).toBe(record.value)
    const line = outcomeLine(out!.spec, record, compared)
    expect(line).toMatch(/^✗ membershipAuc: increase of membership AUC over the baseline \(95% lower bound\) 0\.\d{3} ≥ 0\.010 \(over by/)
  })

  it('passes when the worsening is within max, and for an unchanged model', async () => {
    const generous = await checkRegression(GATES.membershipAuc, aucRecord(s.head, 'rec'), { max: 0.2, baseline: at('baseline.json') })
    expect(generous!.record.pass).toBe(true)
    const same = await checkRegression(GATES.membershipAuc, aucRecord(s.base, 'rec'), { max: 0, baseline: at('baseline.json') })
    expect(same!.record).toMatchObject({ pass: true, details: { difference: 0 } })
  })

  it('counts a drop of a `min` gate as the worsening (unpaired normal test from the intervals)', async () => {
    const out = await checkRegression(GATES.cleanAccuracy, plainRecord('cleanAccuracy', 0.85, [0.83, 0.87]), { max: 0.02, baseline: at('baseline.json') })
    expect(out!.record).toMatchObject({ pass: false, details: { test: 'unpaired normal (intervals)' } })
    expect(out!.record.value).toBeCloseTo(0.1 - 1.6448536269514722 * Math.hypot(0.02, 0.02) / 1.959963984540054, 10)
  })

  it('tests a rate with per-record outcomes on the same records with the exact McNemar test and its paired standard error', async () => {
    const f = outcomePair(8, 500, 0.12)
    const baseline = at('rates.json')
    await writeFile(baseline, reportText([rateRecord('surrogateFidelity', f.base, 'ev')]))
    const out = await checkRegression(GATES.surrogateFidelity, rateRecord('surrogateFidelity', f.head, 'ev'), { max: 0.02, baseline })
    const direct = mcnemarExactTest([...f.base].map(Number), [...f.head].map(Number))
    expect(out!.record).toMatchObject({ pass: false, details: { test: 'exact McNemar' } })
    expect(out!.record.value).toBeCloseTo(direct.difference - 1.6448536269514722 * direct.standardError, 12)
    const elsewhere = await checkRegression(GATES.surrogateFidelity, rateRecord('surrogateFidelity', f.head, 'other'), { max: 0.02, baseline })
    expect(elsewhere!.record.details).toMatchObject({ test: 'unpaired normal (intervals)', note: 'different records (same counts, different fingerprint)' })
  })

  it('warns instead of failing without a baseline file, or without this model in it', async () => {
    const first = aucRecord(s.head, 'rec')
    expect(await checkRegression(GATES.membershipAuc, first, { max: 0.01, baseline: at('missing.json') })).toBeUndefined()
    expect(first.warnings).toEqual([`regression: no baseline report at ${at('missing.json')} yet; nothing to compare with (the next run will be)`])
    const other = aucRecord(s.head, 'rec', 'renamed')
    expect(await checkRegression(GATES.membershipAuc, other, { max: 0.01, baseline: at('baseline.json') })).toBeUndefined()
    expect(other.warnings).toEqual([`regression: ${at('baseline.json')} has no membershipAuc result for model "renamed"; not compared`])
  })

  it('fails on a baseline that is not a report, naming it', async () => {
    await writeFile(at('broken.json'), '{"rows": [')
    await expect(checkRegression(GATES.membershipAuc, aucRecord(s.head, 'rec'), { max: 0, baseline: at('broken.json') })).rejects.toThrow(
      new RegExp(`broken\\.json:1:11: invalid JSON`),
    )
  })
})

describe('the regression option in the thresholds file', () => {
  it('is accepted on a gate, its baseline made absolute against the file\'s folder', async () => {
    const project = await makeProject()
    try {
      const file = await project.write('privacy-gates.json', {
        models: { digits: digitsModel({ gates: { membershipAuc: { max: 0.6, regression: { max: 0.02, baseline: 'results/baseline/privacy-gates.json' } } } }) },
      })
      const config = await loadConfig(file)
      expect(config.models.digits.gates.membershipAuc?.regression).toEqual({ max: 0.02, baseline: join(project.dir, 'results', 'baseline', 'privacy-gates.json') })
      const bad = await project.write('bad.json', { models: { digits: digitsModel({ gates: { membershipAuc: { max: 0.6, regression: { max: 0.02 } } } }) } })
      await expect(loadConfig(bad)).rejects.toThrow(/regression.*baseline/)
    } finally {
      await project.cleanup()
    }
  })
})
