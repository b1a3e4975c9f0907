/**
 * `npx tsx scripts/make-fashion-fixture.ts [source-dir]`: writes fixtures/data/fashion-mnist/, a
 * seeded subset of Fashion-MNIST's training set (Debian package `dataset-fashion-mnist`, IDX files
 * under /usr/share/datasets/fashion-mnist/ by default), as NumPy .npy files:
 *
 *   <split>-x.npy      uint8 [n, 28, 28, 1]  pixels 0..255, NHWC (one channel last)
 *   <split>-y.npy      uint8 [n]             class 0..9
 *   <split>-index.npy  int32 [n]             the record's index in train-images-idx3-ubyte
 *
 * for the splits members (500), non-members (500) and pool (2000): disjoint, drawn from one seeded
 * permutation of the 60,000 training images (seed {@link SEED}, src/data/rng.ts), so that members
 * and non-members come from the same distribution. Deterministic: the same bytes every run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { encodeNpy } from '../src/data/npy.js'
import { createRng } from '../src/data/rng.js'
import { permutation, splitSizes } from '../src/data/split.js'

/** Seed of the permutation that picks the records. */
export const SEED = 15

/** The splits, in the order they are cut from the permutation. */
export const SPLITS = [['members', 500], ['non-members', 500], ['pool', 2000]] as const

const SIDE = 28

/** Reads an IDX file (big-endian header: magic with the element type and rank, then the dimensions). */
export function readIdx(bytes: Uint8Array, file: string): { shape: number[]; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 4 || view.getUint16(0) !== 0 || bytes[2] !== 0x08) {
    throw new Error(`${file}: not an IDX file of unsigned bytes (expected magic 0x0000 08 nn)`)
  }
  const rank = bytes[3]
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i))
  const start = 4 + 4 * rank
  const count = shape.reduce((a, b) => a * b, 1)
  if (bytes.length !== start + count) throw new Error(`${file}: expected ${start + count} bytes for shape [${shape.join(', ')}], found ${bytes.length}`)
  return { shape, data: bytes.subarray(start) }
}

function main(): void {
  const source = process.argv[2] ?? '/usr/share/datasets/fashion-mnist'
  const out = fileURLToPath(new URL('../fixtures/data/fashion-mnist/', import.meta.url))
  const load = (name: string) => readIdx(gunzipSync(readFileSync(join(source, name))), name)
  const images = load('train-images-idx3-ubyte.gz')
  const labels = load('train-labels-idx1-ubyte.gz')
  const n = images.shape[0]
  if (images.shape[1] !== SIDE || images.shape[2] !== SIDE || labels.shape[0] !== n) {
    throw new Error(`expected ${SIDE}×${SIDE} images with one label each, found images [${images.shape.join(', ')}], labels [${labels.shape.join(', ')}]`)
  }
  // The splits are consecutive slices of one permutation, sorted so the files read in source order.
  const parts = splitSizes(permutation(n, createRng(SEED)), SPLITS.map(([, size]) => size))
  mkdirSync(out, { recursive: true })
  for (const [i, [split, size]] of SPLITS.entries()) {
    const index = parts[i].sort()
    const x = new Uint8Array(size * SIDE * SIDE)
    const y = new Uint8Array(size)
    index.forEach((src, r) => {
      x.set(images.data.subarray(src * SIDE * SIDE, (src + 1) * SIDE * SIDE), r * SIDE * SIDE)
      y[r] = labels.data[src]
    })
    writeFileSync(join(out, `${split}-x.npy`), encodeNpy({ dtype: 'uint8', shape: [size, SIDE, SIDE, 1], data: x }))
    writeFileSync(join(out, `${split}-y.npy`), encodeNpy({ dtype: 'uint8', shape: [size], data: y }))
    writeFileSync(join(out, `${split}-index.npy`), encodeNpy({ dtype: 'int32', shape: [size], data: index }))
    const counts = Array.from({ length: 10 }, (_, c) => y.filter((v) => v === c).length)
    console.log(`${split}: ${size} records, per class [${counts.join(', ')}]`)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
