import { EXIT } from '../errors.js'
import { failureText } from './main.js'

/**
 * Makes the `privacy-gates` process behave in a pipe and on a bug:
 *
 * - a reader that stops early (`privacy-gates check | head -1`) makes writes to stdout fail with
 *   EPIPE; the output is no longer wanted but the run's verdict is, so the rest of the output is
 *   dropped and the run finishes with its own exit code, without a stack trace;
 * - an error that escapes every command (an uncaught exception, an unhandled rejection) is a bug:
 *   it is printed as one and the process exits 4, never 1, which means "a gate failed".
 *
 * For the binary only: a library must not install process-wide handlers in its users' processes.
 */
export function guardProcess(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return
      fatal(error)
    })
  }
  process.on('uncaughtException', fatal)
  process.on('unhandledRejection', fatal)
}

function fatal(error: unknown): void {
  try {
    process.stderr.write(failureText(error) + '\n')
  } finally {
    process.exit(EXIT.unexpected)
  }
}
