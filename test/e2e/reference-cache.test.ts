import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliRun } from './run-cli.js'

// Reference models trained on two machines: `train-references --shard 1/2` and `2/2` fill one cache
// folder (side by side here, as a CI matrix would before its folders are merged), then `check`
// reads every model from it and trains nothing; its results equal those of a run without a cache.
// Through the built binary (bin/ → dist/, built by `npm test`'s pretest step).

const repo = fileURLToPath(new URL('../..', import.meta.url))
const fixture = (...p: string[]) => join(repo, 'fixtures', ...p)

let dir: string

/** Runs the binary in `dir`. */
function cli(args: readonly string[]): Promise<CliRun> {
  return runCli(args, dir)
}

/** A thresholds file: LiRA on one gate, RMIA and shadow through `strongest` on another; small budgets. */
function config(name: string, cache: string | false): string {
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify({
    defaults: { data: { label: 'label', scale: 0.0625 }, cache, attackSettings: { k: 4, hidden: [16], epochs: 3, suite: ['loss', 'rmia', 'shadow'] } },
    models: {
      digits: {
        target: { type: 'onnx', path: fixture('models', 'digits-regularised-onnx', 'model.onnx') },
        data: {
          members: fixture('data', 'digits-split', 'members.csv'),
          nonMembers: fixture('data', 'digits-split', 'non-members.csv'),
          pool: fixture('data', 'digits-split', 'pool.csv'),
        },
        gates: { membershipAuc: { max: 0.9, attack: 'lira' }, membershipAdvantage: { max: 0.9, attack: 'strongest' } },
      },
    },
  }))
  return file
}

/** The HTML report without what differs between runs: the date and where reference models came from. */
const html = (file: string) => readFileSync(file, 'utf8').replace(/<b>date<\/b> [^<]*/, '').replace(/ · reference models \d+ trained, \d+ cached/g, '').replace(/<span><b>reference models<\/b>[^<]*<\/span>/, '')
const table = (out: string) => out.split('\nHTML report')[0].split('\n').slice(1).join('\n')

describe('end to end: reference models trained in 2 shards, then a gate run that trains none', () => {
  let uncached: Awaited<ReturnType<typeof cli>>
  let shards: Array<Awaited<ReturnType<typeof cli>>>
  let gate: Awaited<ReturnType<typeof cli>>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-e2e-refcache-'))
    const off = config('uncached.json', false)
    const on = config('privacy-gates.json', 'cache')
    ;[uncached, ...shards] = await Promise.all([
      cli(['check', '--config', off, '--html', 'uncached.html']),
      cli(['train-references', '--config', on, '--shard', '1/2']),
      cli(['train-references', '--config', on, '--shard', '2/2']),
    ])
    gate = await cli(['check', '--config', on, '--html', 'cached.html'])
  }, 240_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('each shard trains its half of every attack\'s models (LiRA, and RMIA and shadow of "strongest")', () => {
    for (const [i, s] of shards.entries()) {
      expect(s.code, s.err).toBe(0)
      for (const attack of ['lira', 'rmia', 'shadow']) expect(s.out).toContain(`digits · ${attack}: 2 trained, 0 already cached, 2 left to other shards`)
      expect(s.out).toContain(`train-references: shard ${i + 1}/2 · 6 models trained, 0 already cached · ${join(dir, 'cache')}`)
    }
    expect(readdirSync(join(dir, 'cache', 'entries'))).toHaveLength(12)
  })

  it('the gate run reads all 12 models from the cache, trains none, and its results equal the uncached run\'s', () => {
    expect(uncached.code, uncached.err).toBe(0)
    expect(gate.code, gate.err).toBe(0)
    expect(gate.err).not.toContain('reference cache')
    expect(table(gate.out)).toBe(table(uncached.out))
    expect(html(join(dir, 'cached.html'))).toBe(html(join(dir, 'uncached.html')))
    expect(readFileSync(join(dir, 'cached.html'), 'utf8')).toContain('reference models 0 trained, 4 cached')
    expect(readFileSync(join(dir, 'uncached.html'), 'utf8')).toContain('reference models 4 trained, 0 cached')
  })

  it('cache ls lists the 12 models without a record value, and cache clear empties the folder', async () => {
    const ls = await cli(['cache', 'ls'])
    expect(ls.code, ls.err).toBe(0)
    expect(ls.out).toContain(`12 cached reference models`)
    expect(ls.out.match(/64 → 16 → 10/g)).toHaveLength(12)
    const clear = await cli(['cache', 'clear'])
    expect(clear.out).toMatch(/^removed 12 cached reference models \(\d+\.\d kB\) from /)
    expect(readdirSync(join(dir, 'cache', 'entries'))).toEqual([])
  })
})

describe('end to end: train-references on outputs computed elsewhere', () => {
  it('trains nothing for a predictions target whose gates score given reference outputs (LiRA, RMIA), and exits 0', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'pg-e2e-refcache-given-'))
    try {
      const run = await runCli(['train-references', '--config', fixture('predictions', 'privacy-gates.json'), '--shard', '1/1', '--cache', cache], repo)
      expect(run.code, run.err).toBe(0)
      expect(run.out).toContain(`train-references: shard 1/1 · 0 models trained, 0 already cached · ${cache}`)
    } finally {
      rmSync(cache, { recursive: true, force: true })
    }
  })
})
