import type { LoadedDataset } from './csv.js'
import { checkLoadOptions } from './csv.js'
import { DataError } from './data-error.js'
import { DEFAULT_CHUNK_ROWS, type DatasetChunk, type DatasetStream } from './dataset-stream.js'
import { npyRowChunks, npySize, readNpy, readNpyHeader, type NpyData, type NpyHeader } from './npy.js'

/**
 * A data set stored as two `.npy` files, as NumPy pipelines save one (`np.save('members-x.npy', X)`,
 * `np.save('members-y.npy', y)`): `x` of shape `[rows, …]` (each record's values flattened in C
 * order, so `[rows, 28, 28]` images become 784 features), any numeric type; `y` of shape `[rows]` or
 * `[rows, 1]`, integer class indices ≥ 0.
 */
export interface NpyFiles {
  /** The features file. */
  x: string
  /** The labels file. */
  y: string
}

/** Options of {@link loadNpyDataset} and the `.npy` form of `streamDataset`. */
export interface NpyLoadOptions {
  /** Multiplies every feature value (e.g. `1 / 255` for uint8 pixels). Default 1. */
  scale?: number
}

/**
 * Loads a `.npy` features file and a `.npy` labels file whole into a {@link LoadedDataset}
 * (float32 features × `scale`). For sets too large to hold, use `streamDataset`, which reads them in
 * row chunks.
 *
 * @throws {DataError} naming the file (and row) for a missing or malformed file, row counts that
 *   differ, a non-finite feature, or a label that is not a class index.
 * @example
 * const members = await loadNpyDataset({ x: 'members-x.npy', y: 'members-y.npy' }, { scale: 1 / 255 })
 */
export async function loadNpyDataset(files: NpyFiles, options: NpyLoadOptions = {}): Promise<LoadedDataset> {
  checkFiles(files, 'loadNpyDataset')
  const scale = checkLoadOptions(options, 'loadNpyDataset')
  const [xs, ys] = await Promise.all([readNpy(files.x), readNpy(files.y)])
  const { rows, features } = shapes(files, { dtype: xs.dtype, shape: xs.shape }, { dtype: ys.dtype, shape: ys.shape })
  const x = toFeatures(xs.data, scale, files.x, 0, features)
  const y = toLabels(ys.data, files.y, 0)
  let max = 0
  for (let i = 0; i < y.length; i++) if (y[i] > max) max = y[i]
  return { x, y, rows, features, columns: featureNames(features), source: files.x, classes: max + 1 }
}

/**
 * A {@link DatasetStream} over a `.npy` features file and a `.npy` labels file: the headers are
 * read (and checked against each other) now, the rows chunk by chunk on each `chunks()` call, so at
 * most one chunk of features is held at a time. The labels are read whole on each pass (4 bytes a
 * record). Errors are those of {@link loadNpyDataset}, raised when the bad chunk is read.
 *
 * @example
 * const s = await streamNpyDataset({ x: 'big-x.npy', y: 'big-y.npy' })
 * s.rows // from the header
 */
export async function streamNpyDataset(files: NpyFiles, options: NpyLoadOptions = {}): Promise<DatasetStream> {
  checkFiles(files, 'streamDataset')
  const scale = checkLoadOptions(options, 'streamDataset')
  const [hx, hy] = await Promise.all([readNpyHeader(files.x), readNpyHeader(files.y)])
  const { rows, features } = shapes(files, hx, hy)
  return {
    stream: true,
    rows,
    features,
    source: files.x,
    chunks(rowsPerChunk = DEFAULT_CHUNK_ROWS) {
      return npyChunks(files, scale, features, rowsPerChunk)
    },
  }
}

async function* npyChunks(files: NpyFiles, scale: number, features: number, rowsPerChunk: number): AsyncGenerator<DatasetChunk> {
  const labels = await readNpy(files.y)
  const y = toLabels(labels.data, files.y, 0)
  for await (const chunk of npyRowChunks(files.x, rowsPerChunk)) {
    const x = toFeatures(chunk.data, scale, files.x, chunk.start, features)
    yield { start: chunk.start, x: { data: x, rows: chunk.rows, cols: features }, y: y.subarray(chunk.start, chunk.start + chunk.rows) }
  }
}

/** Rows and features of a features/labels pair, refusing shapes that do not make a data set. */
function shapes(files: NpyFiles, x: Pick<NpyHeader, 'dtype' | 'shape'>, y: Pick<NpyHeader, 'dtype' | 'shape'>): { rows: number; features: number } {
  if (x.shape.length < 2) {
    throw new DataError(`${files.x}: has shape [${x.shape.join(', ')}]; expected [rows, features] (or [rows, …] to flatten), one record per row`)
  }
  const rows = x.shape[0]
  const features = npySize(x.shape.slice(1))
  if (rows === 0 || features === 0) throw new DataError(`${files.x}: has shape [${x.shape.join(', ')}]; expected at least one record with at least one feature`)
  if (!(y.shape.length === 1 || (y.shape.length === 2 && y.shape[1] === 1))) {
    throw new DataError(`${files.y}: has shape [${y.shape.join(', ')}]; expected [rows] (one class index per record)`)
  }
  if (y.shape[0] !== rows) throw new DataError(`${files.y}: holds ${y.shape[0]} labels, but ${files.x} holds ${rows} records`)
  if (y.dtype === 'bool') throw new DataError(`${files.y}: holds bools; expected integer class indices (save the labels as integers)`)
  return { rows, features }
}

/** Float32 features × scale, refusing a non-finite value by file, row and column. */
function toFeatures(data: NpyData, scale: number, file: string, firstRow: number, features: number): Float32Array {
  // A float32 file at scale 1 was decoded into a fresh array already: use it as is.
  const out = data instanceof Float32Array && scale === 1 ? data : new Float32Array(data.length)
  if (out !== data) for (let i = 0; i < data.length; i++) out[i] = data[i] * scale
  if (data instanceof Float32Array || data instanceof Float64Array || scale !== 1) {
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i])) {
        const what = Number.isFinite(data[i]) ? `${data[i]} × scale ${scale} does not fit in a 32-bit float` : `expected a finite number, found ${data[i]}`
        throw new DataError(`${file}: row ${firstRow + Math.floor(i / features)}, column ${i % features}: ${what}`)
      }
    }
  }
  return out
}

/** Labels as Int32Array, refusing anything but integers in [0, 2^31). */
function toLabels(data: NpyData, file: string, firstRow: number): Int32Array {
  const y = new Int32Array(data.length)
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (!(Number.isInteger(v) && v >= 0 && v <= 2147483647)) {
      throw new DataError(`${file}: row ${firstRow + i}: expected a class index (an integer ≥ 0), found ${v}`)
    }
    y[i] = v
  }
  return y
}

function featureNames(features: number): string[] {
  return Array.from({ length: features }, (_, i) => `x${i}`)
}

function checkFiles(files: unknown, where: string): asserts files is NpyFiles {
  const f = files as NpyFiles
  if (f === null || typeof f !== 'object' || typeof f.x !== 'string' || typeof f.y !== 'string' || f.x === '' || f.y === '') {
    throw new TypeError(`${where}: expected { x: 'features.npy', y: 'labels.npy' } (two file paths), found ${files === null ? 'null' : typeof files}`)
  }
  for (const k of ['x', 'y'] as const) {
    if (!f[k].toLowerCase().endsWith('.npy')) throw new DataError(`${where}: ${k}: ${f[k]}: expected a .npy file`)
  }
}
