import { extname } from 'node:path'
import { loadCsv, type LoadedDataset, type LoadOptions } from './csv.js'
import { DataError } from './data-error.js'
import { loadJson } from './json.js'
import { streamCsv } from './csv-stream.js'
import type { DatasetStream } from './dataset-stream.js'
import { loadNpyDataset, streamNpyDataset, type NpyFiles } from './npy-dataset.js'

/** File extensions {@link loadDataset} understands, lower case, with their loaders. */
export const DATA_EXTENSIONS = ['.csv', '.json'] as const

/**
 * Loads a data file, choosing the loader by extension (case-insensitive): `.csv` → {@link loadCsv},
 * `.json` → {@link loadJson}; a pair of `.npy` files `{ x, y }` (features, labels) →
 * {@link loadNpyDataset}. Any other extension is refused with a message naming the path.
 *
 * @example
 * const members = await loadDataset('fixtures/data/digits.csv', { scale: 1 / 16 })
 * const images = await loadDataset({ x: 'members-x.npy', y: 'members-y.npy' }, { scale: 1 / 255 })
 */
export async function loadDataset(path: string | NpyFiles, options: LoadOptions = {}): Promise<LoadedDataset> {
  if (isNpyFiles(path)) return loadNpyDataset(path, options)
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`loadDataset: path: expected a file path, found ${path === '' ? 'an empty string' : typeof path}`)
  }
  const ext = extname(path).toLowerCase()
  if (ext === '.csv') return loadCsv(path, options)
  if (ext === '.json') return asDataError(loadJson(path, options))
  if (ext === '.npy') throw new DataError(NPY_PAIR(path))
  throw new DataError(
    `loadDataset: ${path}: ` +
      (ext === '' ? 'has no file extension' : `unsupported extension "${ext}"`) +
      `; expected one of ${DATA_EXTENSIONS.join(', ')} (a CSV with a header row, or JSON { "x", "y" } / row objects)`,
  )
}

/**
 * Opens a data set to be read in chunks of rows (a {@link DatasetStream}) rather than held: a CSV
 * file ({@link streamCsv}) or a pair of `.npy` files `{ x, y }` ({@link streamNpyDataset}). Hand
 * it to `auditMembership` as `members` or `nonMembers` (docs/large-evaluation-sets.md).
 *
 * @example
 * const nonMembers = await streamDataset('non-members.csv', { scale: 1 / 16 })
 * const members = await streamDataset({ x: 'members-x.npy', y: 'members-y.npy' })
 */
export async function streamDataset(path: string | NpyFiles, options: LoadOptions = {}): Promise<DatasetStream> {
  if (isNpyFiles(path)) {
    if (options.label !== undefined) throw new TypeError(`streamDataset: options.label: a .npy pair has its labels in the y file; remove label`)
    return streamNpyDataset(path, options)
  }
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`streamDataset: path: expected a CSV file path or { x, y } .npy files, found ${path === '' ? 'an empty string' : typeof path}`)
  }
  const ext = extname(path).toLowerCase()
  if (ext === '.csv') return streamCsv(path, options)
  if (ext === '.npy') throw new DataError(NPY_PAIR(path))
  throw new DataError(`streamDataset: ${path}: streams CSV files and .npy pairs; ${ext === '' ? 'this has no extension' : `found "${ext}"`} (load JSON whole with loadDataset)`)
}

const NPY_PAIR = (path: string) =>
  `${path}: one .npy file holds the features or the labels, not both; pass both files as { x: 'features.npy', y: 'labels.npy' }`

function isNpyFiles(v: unknown): v is NpyFiles {
  return v !== null && typeof v === 'object' && 'x' in v && 'y' in v
}

/**
 * The JSON loader reports its problems as plain `RangeError`/`TypeError`s naming file and pointer;
 * whatever it refuses is the data file's fault, so it becomes a {@link DataError} (same message,
 * the original as `cause`).
 */
async function asDataError<T>(p: Promise<T>): Promise<T> {
  try {
    return await p
  } catch (e) {
    if (e instanceof DataError || !(e instanceof Error)) throw e
    throw new DataError(e.message, { cause: e })
  }
}
