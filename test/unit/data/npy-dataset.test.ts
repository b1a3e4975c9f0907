import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataError } from '../../../src/data/data-error.js'
import { readWhole } from '../../../src/data/dataset-stream.js'
import { loadDataset, streamDataset } from '../../../src/data/load.js'
import { encodeNpy, type NpyArray } from '../../../src/data/npy.js'
import { loadNpyDataset } from '../../../src/data/npy-dataset.js'
import { createRng } from '../../../src/data/rng.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'vpg-npy-dataset-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

async function save(name: string, array: NpyArray): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, encodeNpy(array))
  return path
}

/** uint8 "images" of 4 × 5 pixels and int64 labels, as a Fashion-MNIST subset is saved. */
async function images(rows: number, prefix: string) {
  const rng = createRng(rows)
  const x = await save(`${prefix}-x.npy`, { dtype: 'uint8', shape: [rows, 4, 5], data: new Uint8Array(rows * 20).map(() => rng.int(256)) })
  const y = await save(`${prefix}-y.npy`, { dtype: 'int64', shape: [rows], data: new Float64Array(rows).map(() => rng.int(10)) })
  return { x, y }
}

describe('.npy data sets', () => {
  it('a features file and a labels file load whole, flattened and scaled, as loadDataset({ x, y })', async () => {
    const files = await images(300, 'small')
    const d = await loadDataset(files, { scale: 1 / 255 })
    expect([d.rows, d.features, d.x.length, d.y.length]).toEqual([300, 20, 6000, 300])
    expect(d.x.every((v) => v >= 0 && v <= 1)).toBe(true)
    expect(await loadNpyDataset(files, { scale: 1 / 255 })).toEqual(d)
  })

  it('streamed in chunks, they give exactly what loading them whole gives', async () => {
    const files = await images(5000, 'big')
    const whole = await loadNpyDataset(files, { scale: 1 / 255 })
    const s = await streamDataset(files, { scale: 1 / 255 })
    expect([s.rows, s.features]).toEqual([5000, 20])
    const starts: number[] = []
    for await (const c of s.chunks(1200)) starts.push(c.start)
    expect(starts).toEqual([0, 1200, 2400, 3600, 4800])
    const read = await readWhole(s)
    // Bytes, not a deep equality of 100k elements (slow in expect): identical float32 values and labels.
    expect(Buffer.from(read.x.data.buffer).equals(Buffer.from(whole.x.buffer, whole.x.byteOffset, whole.x.byteLength))).toBe(true)
    expect(Array.from(read.y)).toEqual(Array.from(whole.y))
  })

  it('a NaN in the middle of a float file names the file, row and column when its chunk is read', async () => {
    const data = new Float32Array(1000 * 3).fill(0.5)
    data[700 * 3 + 2] = NaN
    const x = await save('nan-x.npy', { dtype: 'float32', shape: [1000, 3], data })
    const y = await save('nan-y.npy', { dtype: 'int32', shape: [1000], data: new Int32Array(1000) })
    const s = await streamDataset({ x, y })
    const seen: number[] = []
    const err = await (async () => { for await (const c of s.chunks(256)) seen.push(c.start) })().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DataError)
    expect((err as Error).message).toBe(`${x}: row 700, column 2: expected a finite number, found NaN`)
    expect(seen).toEqual([0, 256])
    await expect(loadDataset({ x, y })).rejects.toThrow(`${x}: row 700, column 2: expected a finite number, found NaN`)
  })

  it('refuses labels that are not class indices, counts that differ, and a lone .npy file', async () => {
    const x = await save('l-x.npy', { dtype: 'float32', shape: [4, 2], data: new Float32Array(8) })
    const neg = await save('l-neg.npy', { dtype: 'int32', shape: [4], data: new Int32Array([0, 1, -1, 2]) })
    await expect(loadDataset({ x, y: neg })).rejects.toThrow(`${neg}: row 2: expected a class index (an integer ≥ 0), found -1`)
    const short = await save('l-short.npy', { dtype: 'int32', shape: [3], data: new Int32Array(3) })
    await expect(streamDataset({ x, y: short })).rejects.toThrow(`${short}: holds 3 labels, but ${x} holds 4 records`)
    await expect(loadDataset(x)).rejects.toThrow(/one \.npy file holds the features or the labels, not both; pass both files as \{ x: 'features\.npy', y: 'labels\.npy' \}/)
  })
})
