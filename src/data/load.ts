import { extname } from 'node:path'
import { loadCsv, type LoadedDataset, type LoadOptions } from './csv.js'
import { DataError } from './data-error.js'
import { loadJson } from './json.js'

/** File extensions {@link loadDataset} understands, lower case, with their loaders. */
export const DATA_EXTENSIONS = ['.csv', '.json'] as const

/**
 * Loads a data file, choosing the loader by extension (case-insensitive): `.csv` → {@link loadCsv},
 * `.json` → {@link loadJson}. Any other extension is refused with a message naming the path.
 *
 * @example
 * const members = await loadDataset('fixtures/data/digits.csv', { scale: 1 / 16 })
 */
export async function loadDataset(path: string, options: LoadOptions = {}): Promise<LoadedDataset> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`loadDataset: path: expected a file path, found ${path === '' ? 'an empty string' : typeof path}`)
  }
  const ext = extname(path).toLowerCase()
  if (ext === '.csv') return loadCsv(path, options)
  if (ext === '.json') return asDataError(loadJson(path, options))
  throw new DataError(
    `loadDataset: ${path}: ` +
      (ext === '' ? 'has no file extension' : `unsupported extension "${ext}"`) +
      `; expected one of ${DATA_EXTENSIONS.join(', ')} (a CSV with a header row, or JSON { "x", "y" } / row objects)`,
  )
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
