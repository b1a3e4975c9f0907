import { AUDIT_HELP, auditCommand } from './audit.js'
import { CHECK_HELP, checkCommand } from './check.js'
import { COMPARE_HELP, compareCommand } from './compare.js'
import { HISTORY_HELP, historyCommand } from './history.js'
import { INIT_HELP, initCommand } from './init.js'
import { LAB_HELP, labCommand } from './lab.js'
import { createProgress, setProgress } from '../runtime/progress.js'
import { MONITOR_HELP, monitorCommand } from './monitor.js'
import { UsageError } from './usage-error.js'

const HELP = `privacy-gates — membership-inference and model-extraction checks for ML release gates

Usage:
  privacy-gates audit --model NAME [--config FILE] [--attacks LIST] [--markdown]
  privacy-gates check [--config FILE] [--model NAME]
  privacy-gates compare BASE.json HEAD.json [--markdown] [--fail-on-regression]
  privacy-gates history append REPORT.json HISTORY.jsonl [--commit SHA]
  privacy-gates init [--dir DIR] [--force]
  privacy-gates lab [--quick] [--seed N] [--dataset FILE] [--label COL] [--out FILE]
  privacy-gates monitor LOG.jsonl [--between A,B] [--max X] [--statistic psi|ks]
  privacy-gates help [command]

Long work (target and surrogate training, reference models, queries) reports progress on stderr:
one updating line on a terminal, a line every few seconds otherwise. --quiet (any command) or
PRIVACY_GATES_PROGRESS=0 silences it.

Commands:
  audit   run membership attacks side by side on one model of the thresholds file
  check   run the gates of the thresholds file (privacy-gates.json) outside Vitest;
          exit 1 when an "error" gate fails, 2 when the file is wrong
  compare compare two runs' privacy-gates.json gate by gate, with the test used
          (paired DeLong for AUCs on the same records) and whether each change is significant
  history append a run's aggregates to a JSON-lines history (drawn by the HTML report)
  init    write a starter privacy-gates.json and an example test
  lab     train a target on a data set and measure membership AUC, clean accuracy,
          surrogate fidelity and surrogate accuracy (the privacy and extraction lab)
  monitor compare confidence distributions from JSON-lines logs (KS, p-value, PSI);
          exit 1 when over --max
`

const HELPS: Record<string, string> = { audit: AUDIT_HELP, check: CHECK_HELP, compare: COMPARE_HELP, history: HISTORY_HELP, init: INIT_HELP, lab: LAB_HELP, monitor: MONITOR_HELP }

/**
 * Runs the CLI with `argv` (without `node` and the script). Returns the exit code: 0 success,
 * 1 a failure while running, 2 a usage error.
 */
export async function main(argv: string[], log = (s: string) => console.log(s), error = (s: string) => console.error(s)): Promise<number> {
  const quiet = argv.includes('--quiet') || argv.includes('-q')
  if (quiet) setProgress(createProgress({ enabled: false }))
  const [command, ...rest] = argv.filter((a) => a !== '--quiet' && a !== '-q')
  try {
    if (command !== undefined && HELPS[command] && (rest.includes('--help') || rest.includes('-h'))) {
      log(HELPS[command])
      return 0
    }
    switch (command) {
      case 'audit':
        await auditCommand(rest, log)
        return 0
      case 'check':
        return (await checkCommand(rest, log, error)) ? 0 : 1
      case 'compare':
        return (await compareCommand(rest, log)) ? 0 : 1
      case 'history':
        await historyCommand(rest, log, error)
        return 0
      case 'init':
        await initCommand(rest, log)
        return 0
      case 'lab':
        await labCommand(rest, log)
        return 0
      case 'monitor':
        return (await monitorCommand(rest, log, error)) ? 0 : 1
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        log(HELPS[rest[0] ?? ''] ?? HELP)
        return 0
      default:
        throw new UsageError(`unknown command "${command}"; expected one of: audit, check, compare, history, init, lab, monitor, help`)
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
