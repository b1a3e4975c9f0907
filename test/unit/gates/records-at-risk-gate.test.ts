import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../../src/setup.js'
import type { LoadedDataset } from '../../../src/data/csv.js'
import { loadDataset } from '../../../src/data/load.js'
import type { ResolvedConfig, ResolvedModel } from '../../../src/gates/config/index.js'
import { createGateModel } from '../../../src/gates/model.js'
import type { GateRecord, PrivacyGatesMeta } from '../../../src/gates/record.js'
import { fromFunction } from '../../../src/targets/index.js'
import { gatesJson } from '../../../src/report/gate-formats.js'
import { gateRows } from '../../../src/report/gate-rows.js'
import { reportExposure } from '../../../src/report/exposure-section.js'
import { gatesHtml } from '../../../src/report/html/gate-sections.js'
import { leaksIn, recordNeedles } from '../../e2e/leak-scan.js'

// The recordsAtRisk gate on digits-leaky (100 members it memorised): LiRA with two small reference
// models puts 3 members at risk 0.995 on every seed (bench-free check: scripts/example-spread.ts
// over 20 seeds), against 0.5 expected by chance. The members file gets an id column here.
const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url))
const split = (name: string) => fixture(`data/digits-split/${name}.csv`)
const plain = (e: unknown) => stripVTControlCharacters((e as Error).message)
const SETTINGS = { k: 2, hidden: [64], epochs: 10, learningRate: 0.01 }

let dir: string
let config: ResolvedConfig
let members: LoadedDataset
let nonMembers: LoadedDataset
let pool: LoadedDataset
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'records-at-risk-'))
  const lines = (await readFile(split('members-leaky'), 'utf8')).trimEnd().split('\n')
  const withIds = [`record,${lines[0]}`, ...lines.slice(1).map((l, i) => `rec-${String(i).padStart(3, '0')},${l}`)].join('\n') + '\n'
  await writeFile(join(dir, 'members.csv'), withIds)
  const leaky: ResolvedModel = {
    name: 'digits-leaky', pointer: '/models/digits-leaky', seed: 0,
    target: { type: 'tfjs', path: fixture('models/digits-leaky/model.json'), outputMode: 'probabilities' },
    data: { members: join(dir, 'members.csv'), nonMembers: split('non-members'), pool: split('pool'), label: 'label', id: 'record', scale: 1 / 16 },
    gates: { recordsAtRisk: { max: 1, risk: 0.995, attack: 'lira', level: 'error' } },
    attackSettings: SETTINGS,
  }
  config = { file: join(dir, 'privacy-gates.json'), models: { 'digits-leaky': leaky } }
  ;[members, nonMembers, pool] = await Promise.all(['members-leaky', 'non-members', 'pool'].map((n) => loadDataset(split(n), { scale: 1 / 16 })))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const lastRecord = (task: unknown) => (task as { meta: PrivacyGatesMeta }).meta.privacyGates!.at(-1) as GateRecord

describe('recordsAtRisk gate', () => {
  it('fails the leaky model and names its exposed members by the id column', { timeout: 60_000 }, async ({ task }) => {
    const model = await createGateModel(config, 'digits-leaky')
    const error = await expect(model).toPassReleaseGates().catch((e) => e)
    expect(plain(error)).toMatch(/✗ recordsAtRisk: members at risk 3(\.000)? ≥ 1(\.000)?/)
    const record = lastRecord(task)
    expect(record).toMatchObject({ gate: 'recordsAtRisk', metric: 'records_at_risk', value: 3, details: { risk: 0.995, members: 100, nonMembers: 600, expectedByChance: expect.closeTo(0.5, 12) } })
    const exposure = record.charts!.exposure!
    expect(exposure).toMatchObject({ attack: 'lira', risk: 0.995, membersAtRisk: 3, members: 100 })
    expect(exposure.exposed.map((x) => x.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^rec-\d{3}$/)]))
    for (const x of exposure.exposed) {
      expect(Object.keys(x)).toEqual(['id', 'risk'])
      expect(x.risk).toBeGreaterThanOrEqual(0.995)
    }
    // The gate's record keeps no per-record rank beside the ids.
    expect(record.charts!.membership!.every((run) => run.pairing === undefined)).toBe(true)
    // The reports name the members by id and hold none of their feature values.
    const collected = [{ record, test: 't', file: 'f.test.ts' }]
    const rows = gateRows(collected, '0.0.0')
    const json = gatesJson(rows, { date: '', vitest: '', packageVersion: '', backend: '' }, [], { exposure: reportExposure(collected) })
    const html = gatesHtml(rows, collected, {})
    for (const x of exposure.exposed) for (const text of [json, html]) expect(text).toContain(String(x.id))
    expect(leaksIn(json + html + JSON.stringify(record), recordNeedles(split('members-leaky'), 1 / 16))).toEqual([])
    await expect(model).not.toHaveRecordsAtRiskBelow()
    const message = await expect(model).toHaveRecordsAtRiskBelow().catch((e) => plain(e))
    // The message points to the reports and names no member (ids may be personal data).
    expect(message).toMatch(/most exposed: the JSON and HTML reports list the ids of all of them/)
    for (const x of exposure.exposed) expect(message).not.toContain(String(x.id))
    expect(message).toMatch(/0\.500 of 100 members would be at risk if none were more exposed than a non-member/)
  })

  it('passes a target that answers members like non-members (matcher on any target)', { timeout: 60_000 }, async ({ task }) => {
    // Members and non-members are exchangeable here: about members × (1 − risk) = 1 is at risk by chance.
    const uniform = fromFunction((rows) => rows.map(() => Array<number>(10).fill(0.1)))
    await expect(uniform).toHaveRecordsAtRiskBelow(5, { members, nonMembers, pool, attack: 'rmia', settings: SETTINGS })
    const record = lastRecord(task)
    expect(record).toMatchObject({ details: { risk: 0.99, expectedByChance: expect.closeTo(1, 12) } })
    expect(record.value).toBeLessThan(5)
    // Without ids, members are named by row index.
    for (const x of record.charts!.exposure!.exposed) expect(Number.isInteger(x.id)).toBe(true)
  })

  it('needs an attack calibrated per record, and warns when the level is beyond the non-members', { timeout: 60_000 }, async ({ task }) => {
    const uniform = fromFunction((rows) => rows.map(() => Array<number>(10).fill(0.1)))
    await expect(expect(uniform).toHaveRecordsAtRiskBelow(1, { members, nonMembers, attack: 'loss' }))
      .rejects.toThrow(/recordsAtRisk: attack "loss" is not calibrated per record .*; use "lira" or "rmia"/)
    await expect(expect(uniform).toHaveRecordsAtRiskBelow(1, { members, nonMembers, pool, attack: 'rmia', settings: SETTINGS, risk: 1 }))
      .rejects.toThrow(/recordsAtRisk: risk: expected a per-record risk level in \(0, 1\), found 1/)
    await expect(uniform).toHaveRecordsAtRiskBelow(1, { members, nonMembers, pool, attack: 'rmia', settings: SETTINGS, risk: 0.9999 })
    expect(lastRecord(task).warnings).toEqual([expect.stringMatching(/no member can reach risk 0\.9999: .*needs at least 9999 non-members/)])
  })
})
