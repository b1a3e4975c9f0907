/**
 * The interface-control matchers on the repository's fixtures (wasm backend, seed 0).
 *
 * Governed extraction of digits-regularised (PRADA, δ 0.9, 100 distances; benign traffic: 5
 * clients each replaying 300 shuffled non-members), measured by the per-strategy test below:
 *   augment   flagged at query 110 (W 0.841)         pool       not flagged in 300 (W ≈ 0.98)
 *   synthetic not flagged in 300 (W ≈ 0.97)          active     not flagged in 300 (W ≈ 0.97)
 *   benign: 0 of 5 clients flagged (false-flag rate 0) for every run.
 * PRADA flags synthetic steps (Jacobian augmentation) and, as its authors say, not attacks that
 * query natural records (pool, active); uniform synthetic queries were not flagged either here.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../../src/setup.js'
import { governed } from '../../../src/controls/governance/governed.js'
import { measureDetection } from '../../../src/measures/detection.js'
import type { LoadedDataset } from '../../../src/data/csv.js'
import { toDense } from '../../../src/data/dataset.js'
import { loadDataset } from '../../../src/data/load.js'
import type { PrivacyGatesMeta } from '../../../src/gates/record.js'
import { loadTfModel } from '../../../src/runtime/model-io.js'
import type { tf } from '../../../src/runtime/tf.js'

const root = new URL('../../../fixtures/', import.meta.url).pathname
const load = (name: string) => loadDataset(`${root}data/digits-split/${name}.csv`, { scale: 1 / 16 })
const plain = (e: unknown) => stripVTControlCharacters((e as Error).message)
let model: tf.LayersModel | tf.GraphModel
let pool: LoadedDataset
let evaluation: LoadedDataset
let members: LoadedDataset
let dir: string

beforeAll(async () => {
  model = await loadTfModel(`${root}models/digits-regularised/model.json`)
  ;[pool, evaluation, members] = await Promise.all([load('pool'), load('non-members'), load('members')])
  dir = await mkdtemp(join(tmpdir(), 'control-matchers-'))
})
afterAll(async () => {
  model.dispose()
  await rm(dir, { recursive: true, force: true })
})

const small = { epochs: 30, seed: 0 }

describe('toFlagExtraction (governed extraction of digits-regularised)', () => {
  it('flags the augment attack within 300 queries; records detection point and false-flag rate', async ({ task }) => {
    await expect(model).toFlagExtraction({ within: 300, pool, evaluation, strategy: 'augment', ...small, maxFalseFlagRate: 0 })
    const [record] = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(record).toMatchObject({ gate: 'extractionDetection', metric: 'extraction_detection_queries', threshold: 300, pass: true, attack: 'extraction:augment' })
    expect(record.value).toBeLessThanOrEqual(150) // measured 110
    expect(record.details).toMatchObject({ flagged: true, benignClients: 5, benignFlagged: 0, falseFlagRate: 0, benignQueriesPerClient: 300, delta: 0.9 })
  })

  it('fails for the pool attack (natural records look benign to PRADA) with both numbers in the message', async ({ task }) => {
    const error = await expect(model).toFlagExtraction({ within: 300, pool, evaluation, strategy: 'pool', ...small }).catch((e) => e)
    const message = plain(error)
    expect(message).toMatch(/^Extraction \(strategy pool\) was not flagged within 300 queries \(W 0\.\d{3} ≥ δ 0\.9\); 0 of 5 benign clients flagged \(300 queries each\)/)
    expect(message).toContain('false-flag rate: 0.000')
    const [record] = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(record).toMatchObject({ pass: false, value: 300, details: { flagged: false, falseFlagRate: 0 } })
  })

  it('per strategy: detection point and false flags (the figures in this file header)', async () => {
    const rows: string[] = []
    const flaggedAt: Record<string, number | null> = {}
    for (const strategy of ['pool', 'synthetic', 'augment', 'active'] as const) {
      const r = await measureDetection(model, { within: 300, pool, evaluation, strategy, ...small })
      flaggedAt[strategy] = r.flaggedAt
      expect(r.falseFlagRate).toBe(0)
      rows.push(`${strategy}: ${r.flaggedAt === null ? 'not flagged' : `flagged at ${r.flaggedAt}`} (W ${r.w?.toFixed(3)}), benign ${r.benignFlagged}/${r.benignClients}, fidelity ${r.fidelity.toFixed(3)}`)
    }
    console.log(`governed extraction, within 300:\n  ${rows.join('\n  ')}`)
    expect(flaggedAt.augment).not.toBeNull()
    expect(flaggedAt.pool).toBeNull()
  })

  it('refuses a missing or bad within', async () => {
    await expect(expect(model).toFlagExtraction({ within: 0, pool, evaluation })).rejects.toThrow('within: expected a positive integer (queries), found 0')
    await expect(expect(model).toFlagExtraction({ within: 10, pool, evaluation, maxFalseFlagRate: 2 })).rejects.toThrow('toFlagExtraction: maxFalseFlagRate: expected a number in [0, 1], found 2')
  })

  it('the governance log and the gate records never contain a member row', async ({ task }) => {
    const file = join(dir, 'queries.jsonl')
    const t = governed(model, { client: 'auditor', logFile: file })
    const x = toDense(members, 'members').x
    await t.query(x)
    await expect(t).toHaveGeneralizationGapBelow(0.5, { train: members, heldOut: evaluation })
    const texts = [readFileSync(file, 'utf8'), JSON.stringify(t.governor.log), JSON.stringify((task.meta as PrivacyGatesMeta).privacyGates)]
    for (let r = 0; r < x.rows; r++) {
      const row = Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols))
      const nonZero = row.filter((v) => v !== 0)
      const needle = nonZero.slice(0, 4).join(',') // four consecutive non-zero values of the row
      for (const text of texts) expect(text.includes(needle)).toBe(false)
    }
    expect(t.governor.log[0]).toMatchObject({ kind: 'query', client: 'auditor', rows: 600, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
  })
})

describe('toHaveConfidenceShiftBelow', () => {
  it('validation vs production (a log of the same distribution) passes; a shifted log fails with KS, p and PSI', async ({ task }) => {
    const answers = await (await import('../../../src/controls/monitor/confidences.js')).confidencesOf(model, evaluation)
    const half = answers.length / 2
    const validation = Array.from(answers.subarray(0, half))
    const same = join(dir, 'same.jsonl')
    const shifted = join(dir, 'shifted.jsonl')
    await writeFile(same, Array.from(answers.subarray(half), (c) => JSON.stringify({ confidence: c })).join('\n') + '\nbad line\n')
    await writeFile(shifted, Array.from(answers.subarray(half), (c) => JSON.stringify({ confidence: c * 0.7 })).join('\n') + '\n')
    await expect(model).toHaveConfidenceShiftBelow(0.25, { between: ['validation', 'production'], validation, production: same })
    const [record] = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(record).toMatchObject({ gate: 'confidenceShift', metric: 'confidence_shift_psi', pass: true, details: { referenceSize: 300, comparedSize: 300, ksMethod: 'exact' } })
    expect(record.warnings?.[0]).toMatch(/same\.jsonl: 1 bad lines skipped \(first at line 301: not JSON/)
    console.log(`confidence shift, digits-regularised non-members halves: PSI ${record.value.toFixed(4)}, KS ${(record.details.ks as number).toFixed(4)}, p ${(record.details.pValue as number).toPrecision(3)}`)

    const error = await expect(model).toHaveConfidenceShiftBelow(0.25, { between: ['validation', 'production'], validation, production: shifted }).catch((e) => e)
    expect(plain(error)).toMatch(/^Confidence shift \(PSI\) \d+\.\d{3} from validation to production is not below the threshold 0\.250/)
    const shift = (task.meta as PrivacyGatesMeta).privacyGates!.at(-1)!
    expect({ actual: error.actual, expected: error.expected }).toEqual({ actual: shift.value, expected: 0.25 })
    expect(plain(error)).toMatch(/KS: 0\.\d{3} \(p [\d.e-]+, exact\) · PSI: /)
    // Data sets are queried through the subject: training (members) vs validation.
    await expect(model).toHaveConfidenceShiftBelow(1, { between: ['training', 'validation'], training: members, validation: evaluation, statistic: 'ks' })
  })

  it('refuses a between naming a missing sample', async () => {
    await expect(expect(model).toHaveConfidenceShiftBelow(0.1, { between: ['validation', 'production'], validation: [0.5] })).rejects.toThrow(
      'toHaveConfidenceShiftBelow: production: between names "production" but options.production is missing',
    )
  })
})

describe('toCarryWatermark and toHaveGeneralizationGapBelow', () => {
  it('the marked model carries its watermark; digits-regularised does not', async () => {
    const marked = await loadTfModel(`${root}models/digits-watermarked/model.json`)
    const triggers = await loadDataset(`${root}data/watermark-triggers.csv`, { scale: 1 / 16 })
    await expect(marked).toCarryWatermark(triggers, { minAgreement: 0.9 })
    await expect(model).not.toCarryWatermark(triggers, { minAgreement: 0.9 })
    const error = await expect(model).toCarryWatermark(triggers, { minAgreement: 0.9 }).catch((e) => e)
    expect(plain(error)).toMatch(/^Watermark agreement 0\.\d{3} \(\d+ of 40 triggers\) is below minAgreement 0\.900/)
    marked.dispose()
  })

  it('gates the accuracy or loss gap', async ({ task }) => {
    await expect(model).toHaveGeneralizationGapBelow(0.1, { train: members, heldOut: evaluation })
    const error = await expect(model).toHaveGeneralizationGapBelow(0.01, { train: members, heldOut: evaluation, metric: 'loss' }).catch((e) => e)
    expect(plain(error)).toMatch(/^Generalisation gap 0\.\d{3} is not below the threshold 0\.010\n.*metric: held-out − train cross-entropy/)
    expect((task.meta as PrivacyGatesMeta).privacyGates!.map((r) => [r.gate, r.details.metric])).toEqual([['generalizationGap', 'accuracy'], ['generalizationGap', 'loss']])
  })
})
