import { InputError } from '../errors.js'

/**
 * A data file or data set that cannot be used as given: empty, malformed (a ragged row, a value
 * that is not a number, a label that is not a class index), or not fitting the model (another
 * number of features, a label outside its classes). The message names the file (or data set) and
 * the row. An {@link InputError}: the CLI exits 2.
 */
export class DataError extends InputError {
  override name = 'DataError'
}

/**
 * A data file that could not be opened: `<file>: file not found`, or `<file>: cannot be read (EACCES)`
 * for any other reason (the error code, never the file's content).
 */
export function unreadableFile(file: string, error: NodeJS.ErrnoException): DataError {
  return new DataError(`${file}: ${error.code === 'ENOENT' ? 'file not found' : `cannot be read (${error.code ?? error.message})`}`, { cause: error })
}
