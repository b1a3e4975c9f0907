import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import type { Matrix } from '../../../../src/data/matrix.js'
import { createRng } from '../../../../src/data/rng.js'
import { decodeEntry, entryPath } from '../../../../src/runtime/cache/entry.js'
import { jobKey } from '../../../../src/runtime/cache/job-key.js'
import { ShardTrained, type ReferenceTally } from '../../../../src/runtime/cache/train-through-cache.js'
import type { TrainJob } from '../../../../src/runtime/train-job.js'
import { closeTrainWorkers, trainMany } from '../../../../src/runtime/train-many.js'

const root = mkdtempSync(join(tmpdir(), 'pg-cache-'))
let n = 0
const freshDir = () => join(root, `c${n++}`)
afterAll(() => rmSync(root, { recursive: true, force: true }))
afterEach(async () => {
  vi.restoreAllMocks()
  await closeTrainWorkers()
})

/** Noisy 3-class data in 6 dimensions (seeded). */
function data(rows: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = createRng(seed)
  const x = new Float32Array(rows * 6)
  const y = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    y[i] = rng.int(3)
    for (let j = 0; j < 6; j++) x[i * 6 + j] = (j % 3 === y[i] ? 1 : 0) + 0.8 * rng.normal()
  }
  return { x: { data: x, rows, cols: 6 }, y }
}
const train = data(100, 1)
const test = data(30, 2)

function jobs(count: number): TrainJob[] {
  return Array.from({ length: count }, (_, j) => ({
    spec: { features: 6, hidden: [8], classes: 3 },
    x: { data: train.x.data.subarray(j * 5 * 6, (j * 5 + 60) * 6), rows: 60, cols: 6 },
    y: train.y.subarray(j * 5, j * 5 + 60),
    options: { epochs: 4, batchSize: 16, learningRate: 1e-2, seed: 100 + j, engine: 'js' as const },
    predict: [test.x],
  }))
}

const bits = (ms: Matrix[][]) => ms.map((per) => per.map((m) => Array.from(new Uint32Array(m.data.buffer, m.data.byteOffset, m.data.length))))
const tally = (): ReferenceTally => ({ trained: 0, cached: 0 })
/** What trainMany writes on stderr during `f`. */
async function stderrOf<T>(f: () => Promise<T>): Promise<{ value: T; text: string }> {
  const lines: string[] = []
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true))
  const value = await f()
  vi.restoreAllMocks()
  return { value, text: lines.join('') }
}

describe('trainMany through the reference cache', () => {
  const uncached = trainMany(jobs(4), { workers: 1 })

  it('first run trains and writes every model, the second trains nothing; both equal the uncached answers bit for bit', async () => {
    const dir = freshDir()
    const first = tally()
    const a = await trainMany(jobs(4), { workers: 2, cache: { dir }, tally: first })
    expect(first).toEqual({ trained: 4, cached: 0 })
    expect(readdirSync(join(dir, 'entries'))).toHaveLength(4)
    const second = tally()
    const b = await trainMany(jobs(4), { workers: 2, cache: { dir }, tally: second })
    expect(second).toEqual({ trained: 0, cached: 4 })
    expect(bits(a)).toEqual(bits(await uncached))
    expect(bits(b)).toEqual(bits(await uncached))
    // No lock or temporary file is left behind.
    expect(readdirSync(join(dir, 'locks'))).toEqual([])
    expect(readdirSync(join(dir, 'tmp'))).toEqual([])
  })

  it('a truncated or altered entry is detected by its hash, said on stderr without values, retrained and replaced', async () => {
    const dir = freshDir()
    await trainMany(jobs(2), { workers: 1, cache: { dir } })
    const [first, second] = readdirSync(join(dir, 'entries')).map((f) => join(dir, 'entries', f))
    const bytes = readFileSync(first)
    writeFileSync(first, bytes.subarray(0, bytes.length - 7))
    const flipped = Buffer.from(readFileSync(second))
    flipped[flipped.length - 1] ^= 0x55
    writeFileSync(second, flipped)
    const t = tally()
    const { value, text } = await stderrOf(() => trainMany(jobs(2), { workers: 1, cache: { dir }, tally: t }))
    expect(t).toEqual({ trained: 2, cached: 0 })
    expect(text).toMatch(/entry [0-9a-f]{12}… is damaged \(its answers hold \d+ bytes, expected \d+ \(truncated\?\)\); training that model again and replacing it/)
    expect(text).toMatch(/is damaged \(its answers do not match their SHA-256\)/)
    expect(text).not.toMatch(/\d\.\d{3}/) // no probability or feature value
    expect(bits(value)).toEqual(bits((await uncached).slice(0, 2)))
    const key = jobKey(jobs(1)[0], { engine: 'js', packageVersion: JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')).version })
    expect(decodeEntry(readFileSync(entryPath(dir, key)), key).kind).toBe('hit')
  })

  it('two callers asking for the same keys at once: one trains each model, the other waits and reads it', async () => {
    const dir = freshDir()
    const [ta, tb] = [tally(), tally()]
    const [a, b] = await Promise.all([
      trainMany(jobs(3), { workers: 1, cache: { dir }, tally: ta }),
      trainMany(jobs(3), { workers: 1, cache: { dir }, tally: tb }),
    ])
    expect(ta.trained + tb.trained).toBe(3)
    expect(ta.cached + tb.cached).toBe(3)
    expect(bits(a)).toEqual(bits((await uncached).slice(0, 3)))
    expect(bits(b)).toEqual(bits(a))
  })

  it('a stale lock (its process is gone) is broken and the model trained', async () => {
    const dir = freshDir()
    const key = jobKey(jobs(1)[0], { engine: 'js', packageVersion: JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')).version })
    await mkdir(join(dir, 'locks'), { recursive: true })
    // A pid far above any this machine hands out: no such process runs.
    writeFileSync(join(dir, 'locks', `${key}.lock`), JSON.stringify({ pid: 2 ** 30, thread: 0, host: (await import('node:os')).hostname(), since: '' }))
    const t = tally()
    const out = await trainMany(jobs(1), { workers: 1, cache: { dir }, tally: t })
    expect(t).toEqual({ trained: 1, cached: 0 })
    expect(bits(out)).toEqual(bits((await uncached).slice(0, 1)))
  })

  it('shards: 1/2 and 2/2 each train their share and stop; then the full run trains nothing', async () => {
    const dir = freshDir()
    const s1 = tally()
    const e1 = await trainMany(jobs(4), { workers: 1, cache: { dir, shard: { index: 1, count: 2 } }, tally: s1 }).catch((e: unknown) => e)
    expect(e1).toBeInstanceOf(ShardTrained)
    expect(e1).toMatchObject({ trained: 2, cached: 0, skipped: 2 })
    await expect(trainMany(jobs(4), { workers: 1, cache: { dir, shard: { index: 2, count: 2 } } })).rejects.toBeInstanceOf(ShardTrained)
    const t = tally()
    const { value, text } = await stderrOf(() => trainMany(jobs(4), { workers: 2, cache: { dir }, tally: t }))
    expect(t).toEqual({ trained: 0, cached: 4 })
    expect(text).toBe('')
    expect(bits(value)).toEqual(bits(await uncached))
  })

  it('a shard that failed: the gate run trains the missing models and says so', async () => {
    const dir = freshDir()
    await trainMany(jobs(4), { workers: 1, cache: { dir, shard: { index: 2, count: 2 } } }).catch(() => {})
    const t = tally()
    const { value, text } = await stderrOf(() => trainMany(jobs(4), { workers: 1, cache: { dir }, tally: t }))
    expect(t).toEqual({ trained: 2, cached: 2 })
    expect(text).toContain(`privacy-gates: reference cache ${dir}: 2 of 4 models found; training the 2 missing (did a train-references shard fail?)`)
    expect(bits(value)).toEqual(bits(await uncached))
  })

  it('a cache folder that cannot be created is said once, and the models are trained without it', async () => {
    const file = join(root, 'a-file')
    writeFileSync(file, '')
    const t = tally()
    const { value, text } = await stderrOf(() => trainMany(jobs(2), { workers: 1, cache: { dir: join(file, 'cache') }, tally: t }))
    expect(t).toEqual({ trained: 2, cached: 0 })
    expect(text.match(/cannot be used/g)).toHaveLength(1)
    expect(bits(value)).toEqual(bits((await uncached).slice(0, 2)))
  })
})
