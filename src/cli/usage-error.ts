import { InputError } from '../errors.js'

/** A mistake in the command line: printed without a stack trace, exit code 2. */
export class UsageError extends InputError {
  override name = 'UsageError'
}
