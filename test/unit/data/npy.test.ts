import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataError } from '../../../src/data/data-error.js'
import { encodeNpy, npyRowChunks, parseNpyHeader, readNpy, type NpyRowChunk } from '../../../src/data/npy.js'

const dir = join(import.meta.dirname, '../../fixtures/npy')
const tmp = await mkdtemp(join(tmpdir(), 'npy-'))
afterAll(() => rm(tmp, { recursive: true, force: true }))

describe('readNpy reads what numpy.save wrote', () => {
  it('float32 and float64, with their shapes', async () => {
    const f4 = await readNpy(join(dir, 'f4.npy'))
    expect(f4.dtype).toBe('float32')
    expect(f4.shape).toEqual([2, 3])
    expect(Array.from(f4.data)).toEqual([1.5, -2.25, 3, 0.125, Math.fround(1e-3), 7])
    const f8 = await readNpy(join(dir, 'f8.npy'))
    expect(f8.dtype).toBe('float64')
    expect(f8.shape).toEqual([3])
    expect(Array.from(f8.data)).toEqual([0.1, 0.2, 1e300])
  })

  it('bool, uint8 and int64 (as exact doubles)', async () => {
    const b = await readNpy(join(dir, 'bool.npy'))
    expect([b.dtype, b.shape, Array.from(b.data)]).toEqual(['bool', [2, 2], [1, 0, 0, 1]])
    const u = await readNpy(join(dir, 'u1.npy'))
    expect([u.dtype, u.shape, Array.from(u.data)]).toEqual(['uint8', [2, 3], [0, 1, 2, 3, 4, 5]])
    const i = await readNpy(join(dir, 'i8.npy'))
    expect([i.dtype, i.shape, Array.from(i.data)]).toEqual(['int64', [2, 2], [101, 2045, -7, 0]])
  })

  it('refuses big-endian and Fortran-ordered arrays, saying what to write instead', async () => {
    await expect(readNpy(join(dir, 'big.npy'))).rejects.toThrow(/big\.npy: big-endian values \('>f4'\); save little-endian/)
    await expect(readNpy(join(dir, 'fortran.npy'))).rejects.toThrow(/fortran\.npy: Fortran-ordered array; .*ascontiguousarray/)
  })

  it('names the file when it is missing, not .npy, or truncated', async () => {
    await expect(readNpy(join(tmp, 'nope.npy'))).rejects.toThrow(/nope\.npy: file not found/)
    await writeFile(join(tmp, 'text.npy'), 'a,b\n1,2\n')
    await expect(readNpy(join(tmp, 'text.npy'))).rejects.toThrow(DataError)
    await expect(readNpy(join(tmp, 'text.npy'))).rejects.toThrow(/text\.npy: not a NumPy \.npy file/)
    const whole = await readFile(join(dir, 'f4.npy'))
    await writeFile(join(tmp, 'cut.npy'), whole.subarray(0, whole.length - 3))
    await expect(readNpy(join(tmp, 'cut.npy'))).rejects.toThrow(/cut\.npy: holds 149 bytes; its header \(shape \[2, 3\], float32\) needs 152/)
  })

  it('refuses a bool array holding other bytes, naming the value', async () => {
    const bytes = encodeNpy({ dtype: 'uint8', shape: [3], data: new Uint8Array([1, 0, 2]) })
    // Same layout with the descr changed from |u1 to |b1.
    const text = new TextDecoder('latin1').decode(bytes).replace("'|u1'", "'|b1'")
    await writeFile(join(tmp, 'bad-bool.npy'), Uint8Array.from(text, (c) => c.charCodeAt(0)))
    await expect(readNpy(join(tmp, 'bad-bool.npy'))).rejects.toThrow(/bad-bool\.npy: value 2 is 2, not a bool/)
  })
})

describe('encodeNpy', () => {
  it('writes exactly the bytes numpy.save writes', async () => {
    for (const name of ['f4', 'f8', 'bool', 'u1', 'i8']) {
      const original = new Uint8Array(await readFile(join(dir, `${name}.npy`)))
      const array = await readNpy(join(dir, `${name}.npy`))
      expect(encodeNpy(array), name).toEqual(original)
    }
  })

  it('header starts the data 64-byte aligned', () => {
    const bytes = encodeNpy({ dtype: 'float32', shape: [1000, 784], data: new Float32Array(784000) })
    expect(parseNpyHeader(bytes, 'x').dataOffset % 64).toBe(0)
  })
})

describe('npyRowChunks', () => {
  it('streams rows in chunks that put back together the whole array', async () => {
    const data = Float32Array.from({ length: 7 * 3 }, (_, i) => i / 4)
    await writeFile(join(tmp, 'rows.npy'), encodeNpy({ dtype: 'float32', shape: [7, 3], data }))
    const chunks: NpyRowChunk[] = []
    for await (const c of npyRowChunks(join(tmp, 'rows.npy'), 3)) chunks.push(c)
    expect(chunks.map((c) => [c.start, c.rows])).toEqual([[0, 3], [3, 3], [6, 1]])
    expect(chunks.flatMap((c) => Array.from(c.data))).toEqual(Array.from(data))
  })

  it('detects a truncated file before yielding anything', async () => {
    const whole = encodeNpy({ dtype: 'float32', shape: [4, 2], data: new Float32Array(8) })
    await writeFile(join(tmp, 'short.npy'), whole.subarray(0, whole.length - 4))
    const it = npyRowChunks(join(tmp, 'short.npy'), 2)
    await expect(it.next()).rejects.toThrow(/short\.npy: holds \d+ bytes; .* truncated/)
  })
})
