import type { DenseDataset } from './dataset.js'
import type { Matrix } from './matrix.js'

/** Rows per chunk a {@link DatasetStream} yields when the caller does not say. */
export const DEFAULT_CHUNK_ROWS = 8192

/** One chunk of a {@link DatasetStream}: rows `start … start + x.rows − 1` of the set, checked. */
export interface DatasetChunk {
  /** Index, in the whole set, of the chunk's first row. */
  readonly start: number
  /** The chunk's records, float32, row-major. */
  readonly x: Matrix
  /** One class index (integer ≥ 0) per row. */
  readonly y: Int32Array
}

/**
 * Labelled records read from files in chunks of rows, for evaluation sets too large to hold
 * (docs/large-evaluation-sets.md): `auditMembership` queries the target chunk by chunk and keeps
 * only the scores. Made by `streamDataset` (a CSV file, or a `.npy` features file and a `.npy`
 * labels file). Every chunk is checked as it is read (finite features, integer labels), and an error
 * names the file and the row. `chunks()` can be called again: each call reads the files anew.
 *
 * @example
 * const members = await streamDataset({ x: 'members-x.npy', y: 'members-y.npy' }, { scale: 1 / 255 })
 * for await (const chunk of members.chunks()) console.log(chunk.start, chunk.x.rows)
 */
export interface DatasetStream {
  /** Marks the object as a stream (a {@link Dataset} has `x` and `y` instead). */
  readonly stream: true
  /** Number of records (known before reading: the `.npy` header, a first scan of the CSV). */
  readonly rows: number
  /** Features per record. */
  readonly features: number
  /** The file(s) read, for messages. */
  readonly source: string
  /** The records in order, `rowsPerChunk` at a time (default {@link DEFAULT_CHUNK_ROWS}); the last chunk may be shorter. */
  chunks(rowsPerChunk?: number): AsyncIterable<DatasetChunk>
}

/** Whether `v` is a {@link DatasetStream} (and not a {@link Dataset}). */
export function isDatasetStream(v: unknown): v is DatasetStream {
  return v !== null && typeof v === 'object' && (v as DatasetStream).stream === true && typeof (v as DatasetStream).chunks === 'function'
}

/**
 * Reads a whole {@link DatasetStream} into one float32 matrix and its labels (for the attacks that
 * need every record at once). Never builds `number[][]`: one `Float32Array` of rows × features.
 */
export async function readWhole(stream: DatasetStream): Promise<DenseDataset> {
  const data = new Float32Array(stream.rows * stream.features)
  const y = new Int32Array(stream.rows)
  let rows = 0
  for await (const chunk of stream.chunks()) {
    data.set(chunk.x.data, chunk.start * stream.features)
    y.set(chunk.y, chunk.start)
    rows = chunk.start + chunk.x.rows
  }
  if (rows !== stream.rows) throw new RangeError(`${stream.source}: yielded ${rows} records, but announced ${stream.rows}`)
  return { x: { data, rows, cols: stream.features }, y }
}
