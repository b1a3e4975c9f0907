import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultCacheDir, inShard, parseShard, resolveReferenceCache } from '../../../../src/runtime/cache/location.js'

const root = mkdtempSync(join(tmpdir(), 'pg-cache-loc-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('where the reference cache lives', () => {
  it('defaults to node_modules/.cache/vitest-privacy-gates under the nearest folder with a package.json', () => {
    const project = join(root, 'project')
    mkdirSync(join(project, 'tests', 'deep'), { recursive: true })
    writeFileSync(join(project, 'package.json'), '{}')
    expect(defaultCacheDir(join(project, 'tests', 'deep'))).toBe(join(project, 'node_modules', '.cache', 'vitest-privacy-gates'))
    expect(resolveReferenceCache(undefined, { from: join(project, 'tests'), env: {} })).toEqual({ dir: join(project, 'node_modules', '.cache', 'vitest-privacy-gates') })
  })

  it('takes the option first, then PRIVACY_GATES_CACHE (false/0/off turn it off), then the default', () => {
    const env = { PRIVACY_GATES_CACHE: 'ci-cache' }
    expect(resolveReferenceCache('mine', { from: root, env })).toEqual({ dir: join(root, 'mine') })
    expect(resolveReferenceCache(false, { from: root, env })).toBeNull()
    expect(resolveReferenceCache({ dir: 'x', shard: { index: 2, count: 3 } }, { from: root, env })).toEqual({ dir: join(root, 'x'), shard: { index: 2, count: 3 } })
    expect(resolveReferenceCache(undefined, { from: root, env })).toEqual({ dir: join(root, 'ci-cache') })
    for (const off of ['false', '0', 'OFF']) expect(resolveReferenceCache(undefined, { from: root, env: { PRIVACY_GATES_CACHE: off } })).toBeNull()
  })

  it('names the option and what was found when it is none of the accepted kinds', () => {
    expect(() => resolveReferenceCache(true as never, { what: 'cache' })).toThrow('cache: expected a folder path, false (no cache) or { dir, shard? }, found boolean true')
    expect(() => resolveReferenceCache({ dir: 'x', shard: { index: 3, count: 2 } }, { what: 'cache' })).toThrow('cache.shard: expected 1 ≤ i ≤ n (integers), found 3/2')
  })
})

describe('shards', () => {
  it('parse i/n as Vitest does and refuse anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    expect(() => parseShard('0/4')).toThrow('--shard: expected 1 ≤ i ≤ n (integers), found 0/4')
    expect(() => parseShard('two')).toThrow('--shard: expected i/n (e.g. 1/4: the first of 4 shares), found "two"')
  })

  it("split every call's jobs round-robin: each job in exactly one share", () => {
    const shares = [1, 2, 3].map((index) => Array.from({ length: 8 }, (_, j) => j).filter((j) => inShard(j, { index, count: 3 })))
    expect(shares).toEqual([[0, 3, 6], [1, 4, 7], [2, 5]])
    expect(inShard(5, undefined)).toBe(true)
  })
})
