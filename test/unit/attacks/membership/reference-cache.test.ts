import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import type { DenseDataset } from '../../../../src/data/dataset.js'
import { blobTarget, smallProblem, SMALL } from './synthetic.js'

/** A dense data set as the public API takes it: rows as one flat Float32Array. */
const api = (d: DenseDataset) => ({ x: d.x.data, y: d.y, features: d.x.cols })

const dir = mkdtempSync(join(tmpdir(), 'pg-audit-cache-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('auditMembership with the reference cache', () => {
  const target = blobTarget(smallProblem.members, 3)
  const [members, nonMembers, pool] = [smallProblem.members, smallProblem.nonMembers, smallProblem.pool].map(api)
  const audit = (cache: string | false) =>
    auditMembership(target, { members, nonMembers, pool, attack: 'strongest', suite: ['loss', 'lira', 'rmia', 'shadow'], settings: { ...SMALL, k: 2, epochs: 4 }, seed: 5, cache })

  it('reports per attack how many models it trained and read; a second run reads them all and measures the same, as an uncached run', async () => {
    const uncached = await audit(false)
    const first = await audit(dir)
    const second = await audit(dir)
    const counts = (r: typeof first) => r.results.map((x) => [x.attack, x.referenceModels])
    expect(counts(uncached)).toEqual([['loss', undefined], ['lira', { trained: 2, cached: 0 }], ['rmia', { trained: 2, cached: 0 }], ['shadow', { trained: 2, cached: 0 }]])
    expect(counts(first)).toEqual(counts(uncached))
    expect(counts(second)).toEqual([['loss', undefined], ['lira', { trained: 0, cached: 2 }], ['rmia', { trained: 0, cached: 2 }], ['shadow', { trained: 0, cached: 2 }]])
    const measured = (r: typeof first) => r.results.map(({ referenceModels: _, ...rest }) => rest)
    expect(measured(second)).toEqual(measured(uncached))
    expect(measured(first)).toEqual(measured(uncached))
  })

  it('refuses a cache option of the wrong kind, naming it', async () => {
    await expect(auditMembership(target, { members, nonMembers, cache: 3 as never })).rejects.toThrow('cache: expected a folder path, false (no cache) or { dir, shard? }, found number 3')
  })
})
