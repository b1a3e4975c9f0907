import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { GateRecord } from '../../../src/gates/record.js'
import { blobShard, PrivacyGatesReporter } from '../../../src/report/reporter.js'

const record: GateRecord = {
  gate: 'membershipAuc', metric: 'membership_auc', value: 0.55, threshold: 0.6, direction: 'below', pass: true, negated: false,
  interval: [0.5, 0.6], attack: 'loss', details: { members: 10, nonMembers: 20, seed: 0 }, model: 'm', level: 'error', backend: 'cpu',
}

describe('PrivacyGatesReporter', () => {
  let dir: string
  let logged: string[]
  let reporter: PrivacyGatesReporter
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-reporter-'))
    logged = []
    reporter = new PrivacyGatesReporter({ outDir: 'out', csv: 'gates.csv' })
    reporter.onInit({ version: '4.1.12', config: { root: dir }, logger: { log: (s: string) => logged.push(s) } })
    vi.stubEnv('NO_COLOR', '1')
  })
  afterEach(async () => {
    vi.unstubAllEnvs()
    await rm(dir, { recursive: true, force: true })
  })

  it('resolves outDir against the Vitest root and csv/json against outDir', () => {
    expect(reporter.paths()).toEqual({
      csv: join(dir, 'out', 'gates.csv'), json: join(dir, 'out', 'privacy-gates.json'), html: join(dir, 'out', 'privacy-report.html'),
    })
    const off = new PrivacyGatesReporter({ html: false })
    off.onInit({ config: { root: dir } })
    expect(off.paths().html).toBeNull()
  })

  it('writes CSV and JSON, appends to the job summary, prints a plain table', async () => {
    const summary = join(dir, 'summary.md')
    await writeFile(summary, 'earlier section\n')
    vi.stubEnv('GITHUB_STEP_SUMMARY', summary)
    await reporter.write([{ record, test: 't', file: 'a.test.ts' }])
    const csv = await readFile(join(dir, 'out', 'gates.csv'), 'utf8')
    expect(csv.split('\n')[1]).toMatch(/^m,membershipAuc,membership_auc,0\.55,0\.6,error,pass,0\.5,0\.6,loss,10,20,,,0,cpu,\d+\.\d+\.\d+.*,t,a\.test\.ts$/)
    const json = JSON.parse(await readFile(join(dir, 'out', 'privacy-gates.json'), 'utf8'))
    expect(json).toMatchObject({ vitest: '4.1.12', backend: 'cpu', rows: [{ model: 'm', value: 0.55 }] })
    const md = await readFile(summary, 'utf8')
    expect(md.startsWith('earlier section\n### Privacy gates\n')).toBe(true)
    expect(logged.join('\n')).toContain('m      membershipAuc  0.550  < 0.600  error  loss    pass')
    expect(logged.join('\n')).not.toMatch(/\u001b\[/)
    const html = await readFile(join(dir, 'out', 'privacy-report.html'), 'utf8')
    expect(html).toContain('<h2>m</h2>')
  })

  it('writes and prints nothing for a run without gate results', async () => {
    await reporter.write([])
    expect(reporter.written).toEqual([])
    expect(logged).toEqual([])
    await expect(readFile(join(dir, 'out', 'gates.csv'), 'utf8')).rejects.toThrow(/ENOENT/)
  })

  it('says so, without failing, when the job summary cannot be written', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', join(dir, 'missing', 'folder', 'summary.md'))
    await reporter.write([{ record, test: 't', file: 'a.test.ts' }])
    expect(logged.join('\n')).toMatch(/could not append to GITHUB_STEP_SUMMARY/)
    expect(reporter.written).toHaveLength(3)
  })

  it('a shard whose results go to the blob reporter writes nothing: --merge-reports writes the report', async () => {
    const shard = new PrivacyGatesReporter({ outDir: 'out' })
    shard.onInit({ config: { root: dir, shard: { index: 1, count: 2 }, reporters: [['blob', {}]] }, logger: { log: (s: string) => logged.push(s) } })
    const testModule = { relativeModuleId: 'a.test.ts', children: { allTests: () => [{ fullName: 't', meta: () => ({ privacyGates: [record] }) }] } }
    await shard.onTestRunEnd([testModule] as never)
    expect(shard.written).toEqual([])
    expect(logged.join('\n')).toContain('privacy gates: shard 1/2, results kept in the blob report')
    await expect(readFile(join(dir, 'out', 'privacy-gates.csv'), 'utf8')).rejects.toThrow(/ENOENT/)
    expect(blobShard({ config: { shard: { index: 1, count: 2 }, reporters: [['default', {}]] } })).toBeUndefined()
    expect(blobShard({ config: { reporters: [['blob', {}]] } })).toBeUndefined()
  })
})
