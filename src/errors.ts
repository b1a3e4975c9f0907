/**
 * What can go wrong in a run, as CI sees it: every failure is either a mistake in what the user
 * gave (an {@link InputError}) or a target that could not be measured (an
 * {@link UnmeasurableTargetError}); anything else is unexpected. {@link exitCodeOf} turns each kind
 * into the CLI's exit code, so a leak (exit 1) is never confused with a broken setup.
 */

/** The CLI's exit codes; each means one thing. */
export const EXIT = {
  /** Every gate that was run passed (warn gates may have warned). */
  pass: 0,
  /** A gate of level `error` failed: leakage over a limit. */
  gateFailed: 1,
  /** The thresholds file, a data file, a model file or an argument is wrong. */
  input: 2,
  /** The target could not be measured: unreachable, timed out, or answering something unusable. */
  unmeasurable: 3,
  /** An error nobody anticipated (a bug): the message and stack are printed for a bug report. */
  unexpected: 4,
} as const

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/**
 * Something the user gave is wrong: the thresholds file, a data file, a model file, an argument.
 * Fixing the input fixes the run; running again unchanged will fail the same way (exit code 2).
 */
export class InputError extends Error {
  override name = 'InputError'
}

/**
 * The target could not be measured: a server that is down, timeouts exhausted, or answers that are
 * not predictions. The input may be right; a rerun may succeed (exit code 3).
 */
export class UnmeasurableTargetError extends Error {
  override name = 'UnmeasurableTargetError'
}

// A rerun cannot fix a wrong input, so it outranks a target that may come back; both outrank a
// leak, because a run with an unmeasured model has not shown that the release is safe.
const SEVERITY: readonly ExitCode[] = [EXIT.pass, EXIT.gateFailed, EXIT.unmeasurable, EXIT.input, EXIT.unexpected]

/**
 * The exit code of a failure: the first error in its `cause` chain that is an {@link InputError}
 * (2) or an {@link UnmeasurableTargetError} (3) decides, so wrapping an error to add context does
 * not change its meaning; Node's argument-parsing errors (`ERR_PARSE_ARGS_*`) are input errors;
 * anything else is unexpected (4).
 *
 * @example
 * exitCodeOf(new Error('gate m › membershipAuc', { cause: new UnmeasurableTargetError('down') })) // 3
 */
export function exitCodeOf(error: unknown): ExitCode {
  const seen = new Set<unknown>()
  for (let e = error; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e)
    if (e instanceof InputError) return EXIT.input
    if (e instanceof UnmeasurableTargetError) return EXIT.unmeasurable
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return EXIT.input
  }
  return EXIT.unexpected
}

/**
 * The most severe of several exit codes (one per model of a run): unexpected (4) over a wrong input
 * (2) over an unmeasured target (3) over a failed gate (1) over a pass (0).
 *
 * @example
 * mostSevere([EXIT.gateFailed, EXIT.unmeasurable, EXIT.pass]) // 3
 */
export function mostSevere(codes: Iterable<ExitCode>): ExitCode {
  let worst: ExitCode = EXIT.pass
  for (const c of codes) if (SEVERITY.indexOf(c) > SEVERITY.indexOf(worst)) worst = c
  return worst
}
