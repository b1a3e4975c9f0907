import { EXIT, exitCodeOf, InputError } from '../errors.js'

/**
 * Runs a setup step (finding and reading the thresholds file, loading a model, reading a data file)
 * and turns an unclassified failure into an {@link InputError} with the same message, the original
 * as `cause`. Before the first query nothing depends on the target, so whatever goes wrong is in what
 * the user gave — even when the code that noticed it threw a plain `Error`.
 */
export async function asInput<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (e) {
    if (exitCodeOf(e) !== EXIT.unexpected) throw e
    throw new InputError(e instanceof Error ? e.message : String(e), { cause: e })
  }
}
