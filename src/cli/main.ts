import { LAB_HELP, labCommand } from './lab.js'
import { UsageError } from './usage-error.js'

const HELP = `privacy-gates — membership-inference and model-extraction checks for ML release gates

Usage:
  privacy-gates lab [--quick] [--seed N] [--dataset FILE] [--label COL] [--out FILE]
  privacy-gates help [command]

Commands:
  lab     train a target on a data set and measure membership AUC, clean accuracy,
          surrogate fidelity and surrogate accuracy (the privacy and extraction lab)
`

/**
 * Runs the CLI with `argv` (without `node` and the script). Returns the exit code: 0 success,
 * 1 a failure while running, 2 a usage error.
 */
export async function main(argv: string[], log = (s: string) => console.log(s), error = (s: string) => console.error(s)): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'lab':
        if (rest.includes('--help') || rest.includes('-h')) { log(LAB_HELP); return 0 }
        await labCommand(rest, log)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        log(rest[0] === 'lab' ? LAB_HELP : HELP)
        return 0
      default:
        throw new UsageError(`unknown command "${command}"; expected one of: lab, help`)
    }
  } catch (e) {
    const err = e as Error
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      error(`privacy-gates: ${err.message}\nRun "privacy-gates help" for usage.`)
      return 2
    }
    error(`privacy-gates: ${err.message}`)
    return 1
  }
}
