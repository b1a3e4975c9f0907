import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import '../../../src/setup.js'
import { loadConfig } from '../../../src/gates/config/index.js'
import { createGateModel } from '../../../src/gates/model.js'
import type { PrivacyGatesMeta } from '../../../src/gates/record.js'

// The watermarkAgreement gate of the thresholds file, from a real file (schema, data checks, loading).
// Measured (wasm): digits-watermarked labels 40 of 40 triggers as marked; digits-regularised, never
// trained on them, about chance (0.1).
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
function writeConfig(gate: unknown, data: Record<string, string> = { triggers: `${fixtures}data/watermark-triggers.csv` }): string {
  const dir = mkdtempSync(join(tmpdir(), 'pg-watermark-'))
  const model = (name: string) => ({ target: { type: 'tfjs', path: `${fixtures}models/${name}/model.json` }, data, gates: { watermarkAgreement: gate } })
  const file = join(dir, 'privacy-gates.json')
  writeFileSync(file, JSON.stringify({ defaults: { data: { label: 'label', scale: 0.0625 } }, models: { marked: model('digits-watermarked'), unmarked: model('digits-regularised') } }))
  return file
}
const plain = (e: unknown) => stripVTControlCharacters((e as Error).message)

describe('watermarkAgreement gate', () => {
  it('the marked model passes; a model without the mark fails, naming the key to edit', async ({ task }) => {
    const config = await loadConfig(writeConfig({ min: 0.9 }))
    await expect(await createGateModel(config, 'marked')).toPassReleaseGates()
    const records = (task.meta as PrivacyGatesMeta).privacyGates!
    expect(records[0]).toMatchObject({ gate: 'watermarkAgreement', metric: 'watermark_agreement', value: 1, pass: true, details: { triggers: 40, matched: 40, chance: 0.1 } })
    const error = await expect(await createGateModel(config, 'unmarked')).toPassReleaseGates().catch((e) => e)
    expect(plain(error)).toMatch(/✗ watermarkAgreement: watermark agreement 0\.\d{3} ≤ 0\.900 .*\n {6}edit models\.unmarked\.gates\.watermarkAgreement\.min/)
  })

  it('a file without data.triggers is refused before any gate runs', async () => {
    const file = writeConfig({ min: 0.9 }, { members: `${fixtures}data/digits-split/members.csv` })
    await expect(loadConfig(file)).rejects.toThrow(/missing key "triggers": the enabled gate watermarkAgreement needs it/)
  })
})
