import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliRun } from './run-cli.js'

// Every row of the exit-code table, through the built binary (bin/ → dist/, built by `npm test`'s
// pretest step) as CI runs it: 0 pass, 1 a gate failed, 2 wrong input, 3 target not measured.

const repo = fileURLToPath(new URL('../..', import.meta.url))
const model = join(repo, 'fixtures', 'models', 'digits-regularised', 'model.json')
const nonMembers = readFileSync(join(repo, 'fixtures', 'data', 'digits-split', 'non-members.csv'), 'utf8').trim().split('\n')
const [header, ...records] = nonMembers

let dir: string
let hung: Server
let hungUrl: string
let downUrl: string

/** Runs the binary in `dir`. */
function cli(args: readonly string[]): Promise<CliRun> {
  return runCli(args, dir)
}

/** A data file: the header and 20 non-member rows, the first ones changed by `edit`. */
function data(name: string, edit: (rows: string[]) => string[] = (r) => r, head = header): string {
  const path = join(dir, `${name}.csv`)
  writeFileSync(path, [head, ...edit(records.slice(0, 20))].join('\n') + '\n')
  return path
}

const setCell = (row: string, col: number, v: string) => row.split(',').map((c, i) => (i === col ? v : c)).join(',')
const label = (row: string, v: string) => setCell(row, 64, v)

interface ModelEntry { target?: unknown; evaluation: string; min?: number }

/** A thresholds file with one cleanAccuracy gate per model (cheap: one pass over the data). */
function config(name: string, models: Record<string, ModelEntry>): string {
  const path = join(dir, `${name}.json`)
  const entries = Object.fromEntries(Object.entries(models).map(([m, e]) => [m, {
    target: e.target ?? { type: 'tfjs', path: model },
    data: { evaluation: e.evaluation },
    gates: { cleanAccuracy: { min: e.min ?? 0.5 } },
  }]))
  writeFileSync(path, JSON.stringify({ defaults: { data: { label: 'label', scale: 0.0625 } }, models: entries }))
  return path
}

const http = (url: string) => ({ type: 'http', url, format: 'tf-serving', timeoutMs: 300, retry: { retries: 1, baseDelayMs: 10 } })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pg-exit-'))
  mkdirSync(join(dir, 'a-directory'))
  // A server that accepts and never answers (timeouts exhausted), and a port nobody listens on.
  hung = createServer(() => {})
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r))
  hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/v1/models/m:predict`
  const closed = createServer()
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
  downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v1/models/m:predict`
  await new Promise((r) => closed.close(r))
})

afterAll(async () => {
  hung.closeAllConnections()
  await new Promise((r) => hung.close(r))
  rmSync(dir, { recursive: true, force: true })
})

describe('privacy-gates check: exit codes', () => {
  it('0 when every gate passes, 1 when a gate fails', async () => {
    const good = data('good')
    const [pass, fail] = await Promise.all([
      cli(['check', '--config', config('pass', { m: { evaluation: good } })]),
      cli(['check', '--config', config('fail', { m: { evaluation: good, min: 0.999 } })]),
    ])
    expect(pass.code, pass.out + pass.err).toBe(0)
    expect(fail.code, fail.out + fail.err).toBe(1)
    expect(fail.out).toMatch(/m\s+cleanAccuracy\s+0\.\d+\s+> 0\.999\s+error\s+FAIL/)
  })

  const wrongInputs: Array<[string, () => string, RegExp]> = [
    ['a NaN', () => data('nan', ([r, ...rest]) => [setCell(r, 0, 'NaN'), ...rest]), /nan\.csv:2: column "pixel_0": expected a finite number, found NaN\b/],
    ['an empty field', () => data('empty-field', ([r, ...rest]) => [setCell(r, 3, ''), ...rest]), /empty-field\.csv:2: column "pixel_3": expected a finite number, found an empty field/],
    ['a ragged row', () => data('ragged', (rows) => rows.map((r, i) => (i === 4 ? r.split(',').slice(1).join(',') : r))), /ragged\.csv:6: data row 5 has 64 fields, 1 fewer than the header \(line 1\) has 65/],
    ['a label 1.5', () => data('label-1.5', ([r, ...rest]) => [label(r, '1.5'), ...rest]), /label-1\.5\.csv:2: label column "label": expected a class index \(an integer ≥ 0\), found 1\.5\b/],
    ['a header-only file', () => data('header-only', () => []), /header-only\.csv: has a header row but no data rows/],
    ['1e40', () => data('huge', ([r, ...rest]) => [setCell(r, 5, '1e40'), ...rest]), /huge\.csv:2: column "pixel_5": the value × scale 0\.0625 does not fit in a 32-bit float/],
    ['a label outside the model\'s classes', () => data('label-12', ([r, ...rest]) => [label(r, '12'), ...rest]), /label 12 is outside the target's classes 0\.\.9 \(it returns 10 outputs\)/],
    ['63 features for a 64-feature model', () => data('63-features', (rows) => rows.map((r) => r.split(',').slice(1).join(',')), header.split(',').slice(1).join(',')), /rows have 63 features, but the target \(m\d+\) takes 64/],
  ]

  it('2 for every wrong data file, each model named with what is wrong (one run: no model hides another)', async () => {
    const models = Object.fromEntries(wrongInputs.map(([, make], i) => [`m${i}`, { evaluation: make() }]))
    const r = await cli(['check', '--config', config('bad-data', { ...models, fine: { evaluation: data('good') } })])
    expect(r.code, r.out + r.err).toBe(2)
    wrongInputs.forEach(([what, , message], i) => {
      expect(r.err, what).toMatch(new RegExp(`model m${i} not measured \\(its input is wrong, exit 2\\):\\n  .*${message.source}`))
    })
    expect(r.out).toMatch(/fine\s+cleanAccuracy\s+0\.\d+\s+> 0\.500\s+error\s+pass/)
    expect(r.err).not.toMatch(/\n\s+at /)
  })

  it('2 for an empty data file (said when the thresholds file is read)', async () => {
    const p = join(dir, 'empty.csv')
    writeFileSync(p, '')
    const r = await cli(['check', '--config', config('empty', { m: { evaluation: p } })])
    expect(r.code, r.out + r.err).toBe(2)
    expect(r.err).toMatch(/data file empty\.csv is empty; expected a header row/)
  })

  it('2 for --config naming a missing file or a directory, an unknown model or option', async () => {
    const cfg = config('ok', { m: { evaluation: data('good') } })
    const cases: Array<[string[], RegExp]> = [
      [['--config', 'nope.json'], /--config \("nope\.json"\) names the thresholds file .*nope\.json, which does not exist/],
      [['--config', 'a-directory'], /--config \("a-directory"\) names the thresholds file .*a-directory, which is a directory, not a file/],
      [['--config', cfg, '--model', 'n'], /--model: .* has no model named "n"; did you mean "m"\?/],
      [['--config', cfg, '--modle', 'm'], /Unknown option '--modle'/],
      [['--config', cfg, '--html', 'a-directory'], /cannot write .*a-directory: it is a directory/],
    ]
    const runs = await Promise.all(cases.map(([args]) => cli(['check', ...args])))
    cases.forEach(([args, message], i) => {
      expect(runs[i].code, `${args.join(' ')}\n${runs[i].out}${runs[i].err}`).toBe(2)
      expect(runs[i].err).toMatch(message)
    })
  })

  it('3 when the target cannot be measured: nothing listens, or every attempt times out', async () => {
    const good = data('good')
    const cases = [['down', downUrl, /unreachable|ECONNREFUSED|refused/i], ['hung', hungUrl, /timed out|timeout/i]] as const
    const runs = await Promise.all(cases.map(([name, url]) => cli(['check', '--config', config(name, { api: { target: http(url), evaluation: good } })])))
    cases.forEach(([, , why], i) => {
      expect(runs[i].code, runs[i].out + runs[i].err).toBe(3)
      expect(runs[i].err).toMatch(/model api not measured \(the target could not be measured, exit 3\)/)
      expect(runs[i].err).toMatch(why)
    })
  })

  it('one broken model does not hide the others: each measurable model is reported, the most severe code wins', async () => {
    const good = data('good')
    const [broken, down] = await Promise.all([
      cli(['check', '--config', config('mixed-2', { a: { evaluation: good }, b: { evaluation: data('label-x', ([r, ...rest]) => [label(r, 'x'), ...rest]) }, c: { evaluation: good, min: 0.999 } })]),
      cli(['check', '--config', config('mixed-3', { a: { evaluation: good, min: 0.999 }, api: { target: http(downUrl), evaluation: good } })]),
    ])
    expect(broken.code, broken.out + broken.err).toBe(2)
    expect(broken.out).toMatch(/a\s+cleanAccuracy\s+0\.\d+\s+> 0\.500\s+error\s+pass/)
    expect(broken.out).toMatch(/c\s+cleanAccuracy\s+0\.\d+\s+> 0\.999\s+error\s+FAIL/)
    expect(broken.out).toContain('1 passed, 1 failed; 1 model not measured (b)')
    expect(down.code, down.out + down.err).toBe(3)
    expect(down.out).toMatch(/a\s+cleanAccuracy\s+0\.\d+\s+> 0\.999\s+error\s+FAIL/)
  })

  it('a failed run replaces the previous passing HTML report with one that says what failed', async () => {
    const html = join(dir, 'results', 'report.html')
    const pass = await cli(['check', '--config', config('pass', { m: { evaluation: data('good') } }), '--html', html])
    expect(pass.code).toBe(0)
    expect(readFileSync(html, 'utf8')).not.toContain('INCOMPLETE')
    const nan = await cli(['check', '--config', config('nan-report', { m: { evaluation: data('nan', ([r, ...rest]) => [setCell(r, 0, 'NaN'), ...rest]) } }), '--html', html])
    expect(nan.code).toBe(2)
    const page = readFileSync(html, 'utf8')
    expect(page).toContain('INCOMPLETE: 1 problem (input is wrong)')
    expect(page).toContain('<h2>Not measured</h2>')
    expect(page).toMatch(/nan\.csv:2: column &quot;pixel_0&quot;/)
    const missing = await cli(['check', '--config', 'nope.json', '--html', html])
    expect(missing.code).toBe(2)
    expect(readFileSync(html, 'utf8')).toMatch(/INCOMPLETE[\s\S]*nope\.json, which does not exist/)
  })
})

describe('audit, monitor and lab: the same codes', () => {
  it('audit: 2 for a broken data file, 3 for a target that is down', async () => {
    const cfg = (name: string, target: unknown, members: string) => {
      const path = join(dir, `${name}.json`)
      writeFileSync(path, JSON.stringify({ defaults: { data: { label: 'label', scale: 0.0625 } }, models: { m: { target, data: { members, nonMembers: data('good') } } } }))
      return path
    }
    const [bad, down] = await Promise.all([
      cli(['audit', '--config', cfg('audit-bad', { type: 'tfjs', path: model }, data('audit-ragged', (rows) => rows.map((r, i) => (i === 4 ? r.split(',').slice(1).join(',') : r)))), '--model', 'm', '--attacks', 'max-confidence']),
      cli(['audit', '--config', cfg('audit-down', http(downUrl), data('good')), '--model', 'm', '--attacks', 'max-confidence']),
    ])
    expect(bad.code, bad.out + bad.err).toBe(2)
    expect(bad.err).toMatch(/audit-ragged\.csv:6: data row 5 has 64 fields/)
    expect(down.code, down.out + down.err).toBe(3)
  })

  it('monitor: 0 within --max, 1 over it, 2 for a missing log', async () => {
    const log = join(dir, 'confidences.jsonl')
    const line = (sample: string, c: number) => JSON.stringify({ sample, confidence: c })
    writeFileSync(log, [...Array.from({ length: 50 }, (_, i) => line('validation', 0.5 + i / 100)), ...Array.from({ length: 50 }, (_, i) => line('production', 0.9 + i / 1000))].join('\n'))
    const runs = await Promise.all([cli(['monitor', log, '--max', '100']), cli(['monitor', log, '--max', '0.1']), cli(['monitor', join(dir, 'nope.jsonl')])])
    expect(runs.map((r) => r.code)).toEqual([0, 1, 2])
  })

  it('lab: 2 for a data set with a bad label or too few rows', async () => {
    const [bad, small] = await Promise.all([
      cli(['lab', '--quick', '--dataset', data('lab-label', ([r, ...rest]) => [label(r, '1.5'), ...rest])]),
      cli(['lab', '--quick', '--dataset', data('lab-small'), '--members', '10', '--non-members', '10']),
    ])
    expect(bad.code, bad.err).toBe(2)
    expect(bad.err).toMatch(/lab-label\.csv:2: label column "label"/)
    expect(small.code, small.err).toBe(2)
    expect(small.err).toMatch(/no rows left for the attacker pool/)
  })
})
