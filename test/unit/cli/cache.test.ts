import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cacheCommand } from '../../../src/cli/cache.js'
import { loadConfigCache } from '../../../src/gates/config/load.js'

const dir = mkdtempSync(join(tmpdir(), 'pg-cache-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A thresholds file whose data files do not exist: `check` would refuse it, the cache commands need only its cache. */
function config(cache: string | false): string {
  const file = join(dir, `privacy-gates-${String(cache)}.json`)
  writeFileSync(file, JSON.stringify({
    defaults: { cache },
    models: { m: { target: { type: 'onnx', path: 'missing.onnx' }, data: { members: 'missing.csv', nonMembers: 'missing.csv' }, gates: { membershipAuc: { max: 0.6 } } } },
  }))
  return file
}

describe('cache ls / clear', () => {
  it('read the cache folder from a thresholds file without its data files', async () => {
    expect(await loadConfigCache(config('my-cache'))).toBe(join(dir, 'my-cache'))
    expect(await loadConfigCache(config(false))).toBe(false)
    const out: string[] = []
    await cacheCommand(['ls', '--config', config('my-cache')], (s) => out.push(s), (s) => out.push(s))
    expect(out.join('\n')).toContain(`0 cached reference models, 0 B · ${join(dir, 'my-cache')}`)
  })
})
