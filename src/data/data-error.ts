import { isAbsolute } from 'node:path'
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

/** What {@link unreadableFile} says besides the file. */
export interface UnreadableFileContext {
  /** The function or option that tried to open it, first in the message (`loadCsv`). */
  where?: string
  /** What the path should name, said when it names a directory. Default `a data file`. */
  expected?: string
}

/**
 * The one wording for a file that could not be opened, from the error `fs` gave:
 * `[where: ]<file>: file not found (resolved from <cwd>)` (the working directory only for a
 * relative path), `<file>: is a directory; expected a data file`, or `<file>: cannot be read
 * (EACCES)` for any other reason (the error code, never the file's content).
 *
 * @example
 * await readFile(path).catch((e) => { throw unreadableFile(path, e, { where: 'loadCsv' }) })
 */
export function unreadableFile(file: string, error: NodeJS.ErrnoException, context: UnreadableFileContext = {}): DataError {
  return new DataError(unreadableFileMessage(file, error, context), { cause: error })
}

/**
 * The message of {@link unreadableFile}, for a file that is not data (an ONNX model) and so is
 * refused with another {@link InputError}.
 */
export function unreadableFileMessage(file: string, error: { code?: string; message?: string }, context: UnreadableFileContext = {}): string {
  const at = `${context.where === undefined ? '' : `${context.where}: `}${file}: `
  if (error.code === 'ENOENT') return `${at}file not found${isAbsolute(file) ? '' : ` (resolved from ${process.cwd()})`}`
  if (error.code === 'EISDIR') return `${at}is a directory; expected ${context.expected ?? 'a data file'}`
  return `${at}cannot be read (${error.code ?? error.message ?? 'no error code'})`
}
