import { InputError } from '../errors.js'

/** A mistake in the command line: printed without a stack trace, exit code 2. */
export class UsageError extends InputError {
  override name = 'UsageError'
}

/** Runs `step`, which reads a command-line value, and turns whatever it throws into a {@link UsageError} with the same message. */
export function asUsage<T>(step: () => T): T {
  try {
    return step()
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), { cause: e })
  }
}
