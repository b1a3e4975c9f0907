import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runCli as run } from './run-cli.js'

const breastCancer = fileURLToPath(new URL('../../../fixtures/data/breast_cancer.csv', import.meta.url))

describe('privacy-gates CLI', () => {
  it('prints help', async () => {
    const { code, out } = await run(['help'])
    expect(code).toBe(0)
    expect(out).toContain('privacy-gates lab [--quick]')
  })

  it('refuses an unknown command and bad flags with exit code 2', async () => {
    expect(await run(['labb'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "labb"') })
    expect(await run(['lab', '--quick', '--sed', '1'])).toMatchObject({ code: 2, err: expect.stringMatching(/--sed/) })
    expect(await run(['lab', '--quick', '--seed', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('--seed: expected an integer, found "x"') })
    expect(await run(['lab', '--quick', '--scale', 'big'])).toMatchObject({ code: 2, err: expect.stringContaining('--scale: expected a positive number') })
    expect(await run(['lab', '--quick', '--dp-epsilon', '2,-1'])).toMatchObject({ code: 2, err: expect.stringContaining('--dp-epsilon: expected a comma-separated list of ε > 0 (e.g. 1,2,4,8), found "2,-1"') })
  })

  it('reports a missing data set with exit code 2 (an input error), without usage help or a stack', async () => {
    const { code, err } = await run(['lab', '--quick', '--dataset', 'nope.csv'])
    expect(code).toBe(2)
    expect(err).toMatch(/^privacy-gates: loadCsv: nope\.csv: file not found \(resolved from /)
    expect(err).not.toMatch(/Run "privacy-gates help"|\n\s+at /)
  })

  it('lab removes its earlier --out and --html files before running, so a failed run leaves none behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-lab-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const [out, html] = [join(dir, 'old.csv'), join(dir, 'old.html')]
    await Promise.all([writeFile(out, 'stale'), writeFile(html, 'stale')])
    const { code } = await run(['lab', '--quick', '--dataset', join(dir, 'nope.csv'), '--out', out, '--html', html])
    expect(code).toBe(2)
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/)
    await expect(readFile(html, 'utf8')).rejects.toThrow(/ENOENT/)
  })

  it('lab: same seed twice ⇒ identical CSV (except wall time); table on stdout, CSV only in --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-lab-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const args = (out: string) => ['lab', '--quick', '--seed', '3', '--dataset', breastCancer, '--out', join(dir, out)]
    const a = await run(args('a.csv'))
    // The HTML report measures two more budgets on the same query stream: the row does not change.
    const b = await run([...args('b.csv'), '--html', join(dir, 'lab.html'), '--quiet'])
    expect(a.code, a.err).toBe(0)
    expect(a.out).toMatch(/lab on breast_cancer · 189 members, 189 non-members · backend \w+/)
    expect(a.out).not.toContain('target_train_accuracy,')
    const [csvA, csvB] = await Promise.all([readFile(join(dir, 'a.csv'), 'utf8'), readFile(join(dir, 'b.csv'), 'utf8')])
    const dropSeconds = (csv: string) => csv.trim().split('\n').map((l) => l.split(',').slice(0, -1).join(','))
    expect(dropSeconds(csvA)).toEqual(dropSeconds(csvB))
    const [header, row] = csvA.trim().split('\n').map((l) => l.split(','))
    expect(header).toEqual(expect.arrayContaining(['dataset', 'seed', 'backend', 'target_train_accuracy', 'target_clean_accuracy', 'membership_auc', 'surrogate_fidelity', 'surrogate_accuracy', 'queries', 'seconds']))
    const value = (k: string) => row[header.indexOf(k)]
    expect(value('dataset')).toBe('breast_cancer')
    expect(value('queries')).toBe('191') // 569 − 189 − 189
    expect(Number(value('target_clean_accuracy'))).toBeGreaterThan(0.9)
    expect(Number(value('membership_auc'))).toBeGreaterThan(0.4)
    const html = await readFile(join(dir, 'lab.html'), 'utf8')
    expect(b.out).toContain(`wrote ${join(dir, 'lab.html')}`)
    expect([...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual(['s0-roc-linear', 's0-roc-log', 's0-hist-0', 's0-hist-1', 's0-budget-0'])
    // three budgets: a quarter, half and all of the 191 queries
    expect(html.match(/<circle/g)).toHaveLength(6)
  })

  it('lab --dp-epsilon: every row gets a LiRA AUC in [0, 1] (the non-private row is the curve\'s ε = ∞ point), in the CSV, table and chart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-lab-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const out = join(dir, 'dp.csv')
    const html = join(dir, 'dp.html')
    const { code, out: printed, err } = await run(['lab', '--quick', '--seed', '2', '--dataset', breastCancer, '--members', '60', '--non-members', '60', '--dp-epsilon', '4', '--out', out, '--html', html, '--quiet'])
    expect(code, err).toBe(0)
    expect(printed).toContain('LiRA AUC')
    const [header, ...rows] = (await readFile(out, 'utf8')).trim().split('\n').map((l) => l.split(','))
    expect(rows).toHaveLength(2)
    const at = header.indexOf('membership_auc_lira')
    expect(at).toBe(header.indexOf('membership_auc_loss') + 1)
    for (const row of rows) {
      const auc = Number(row[at])
      expect(row[at]).not.toBe('')
      expect(auc).toBeGreaterThanOrEqual(0)
      expect(auc).toBeLessThanOrEqual(1)
    }
    expect(rows.map((r) => r[header.indexOf('dp_epsilon')])).toEqual(['', '4'])
    expect(await readFile(html, 'utf8')).toContain('data-series="membership AUC (LiRA)"')
  })
})
