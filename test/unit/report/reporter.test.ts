import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { GateRecord } from '../../../src/gates/record.js'
import { blobShard, PrivacyGatesReporter, runProblems } from '../../../src/report/reporter.js'

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
    expect(csv.split('\n')[1]).toMatch(/^m,membershipAuc,membership_auc,0\.55,0\.6,error,pass,0\.5,0\.6,loss,10,20,,,0,,,cpu,\d+\.\d+\.\d+.*,t,a\.test\.ts$/)
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

  describe('a failed or interrupted run', () => {
    type FakeTest = { fullName: string; state: 'passed' | 'failed' | 'skipped'; records?: GateRecord[] }
    const mod = (id: string, tests: FakeTest[], errors: unknown[] = []) => ({
      relativeModuleId: id,
      errors: () => errors,
      children: { allTests: () => tests.map((t) => ({ fullName: t.fullName, result: () => ({ state: t.state }), meta: () => (t.records ? { privacyGates: t.records } : {}) })) },
    })
    const read = async (f: string) => readFile(join(dir, 'out', f), 'utf8')

    it('lists what kept gates from running: failed tests without a result, file errors, run errors; a failed gate is a row, not a problem', async () => {
      const modules = [
        mod('gates.test.ts', [
          { fullName: 'passing gate', state: 'passed', records: [record] },
          { fullName: 'failing gate', state: 'failed', records: [{ ...record, model: 'leaky', value: 0.8, pass: false }] },
          { fullName: 'gate whose data file is broken', state: 'failed' },
          { fullName: 'skipped', state: 'skipped' },
        ]),
        mod('broken.test.ts', [], [{ message: 'Cannot find module' }]),
      ]
      await reporter.onTestRunEnd(modules as never, [new Error('unhandled')], 'failed')
      const json = JSON.parse(await read('privacy-gates.json'))
      expect(json.complete).toBe(false)
      expect(json.rows.map((r: { model: string; status: string }) => `${r.model} ${r.status}`)).toEqual(['m pass', 'leaky fail'])
      expect(json.problems).toEqual([
        { where: 'gates.test.ts › gate whose data file is broken', kind: 'test', message: 'failed without a gate result; see the Vitest output' },
        { where: 'broken.test.ts', kind: 'test', message: expect.stringContaining('failed outside its tests') },
        { where: '', kind: 'test', message: '1 unhandled error during the run; see the Vitest output' },
      ])
      const html = await read('privacy-report.html')
      expect(html).toContain('INCOMPLETE: 3 problems (test failed)')
      expect(html).toContain('<h2>Not measured</h2>')
      expect(html).toContain('gates.test.ts › gate whose data file is broken')
      expect(logged.join('\n')).toContain('privacy gates: run INCOMPLETE: 3 problems (test failed); see the reports')
    })

    it('replaces the last passing reports even when no gate produced a result', async () => {
      await reporter.write([{ record, test: 't', file: 'a.test.ts' }])
      expect(JSON.parse(await read('privacy-gates.json')).rows).toHaveLength(1)
      await reporter.onTestRunEnd([mod('gates.test.ts', [{ fullName: 'crashed', state: 'failed' }])] as never, [], 'failed')
      expect(JSON.parse(await read('privacy-gates.json'))).toMatchObject({ complete: false, rows: [] })
      expect((await read('gates.csv')).trim().split('\n')).toHaveLength(1)
      expect(await read('privacy-report.html')).toContain('gates.test.ts › crashed')
    })

    it('an interrupted run keeps what it measured and says the rest is missing', async () => {
      await reporter.onTestRunEnd([mod('gates.test.ts', [{ fullName: 'first gate', state: 'passed', records: [record] }])] as never, [], 'interrupted')
      const json = JSON.parse(await read('privacy-gates.json'))
      expect(json.rows).toHaveLength(1)
      expect(json.problems).toEqual([{ where: '', kind: 'unfinished', message: expect.stringContaining('interrupted') }])
    })

    it('a passing run without gate results (filtered to other tests) leaves the reports alone', async () => {
      await reporter.write([{ record, test: 't', file: 'a.test.ts' }])
      const before = await read('privacy-gates.json')
      await reporter.onTestRunEnd([mod('other.test.ts', [{ fullName: 'unit', state: 'passed' }])] as never, [], 'passed')
      expect(await read('privacy-gates.json')).toBe(before)
    })

    it('runProblems is empty for a clean run', () => {
      expect(runProblems([mod('a.test.ts', [{ fullName: 'g', state: 'passed', records: [record] }])] as never, [], 'passed')).toEqual([])
    })
  })
})
