import { AUDIT_HELP, auditCommand } from './audit.js'
import { CACHE_HELP, cacheCommand } from './cache.js'
import { TRAIN_REFERENCES_HELP, trainReferencesCommand } from './train-references.js'
import { CHECK_HELP, checkCommand } from './check.js'
import { COMPARE_HELP, compareCommand } from './compare.js'
import { HISTORY_HELP, historyCommand } from './history.js'
import { INIT_HELP, initCommand } from './init.js'
import { LAB_HELP, labCommand } from './lab.js'
import { createProgress, setProgress } from '../runtime/progress.js'
import { MONITOR_HELP, monitorCommand } from './monitor.js'
import { EXIT, exitCodeOf, type ExitCode } from '../errors.js'
import { UsageError } from './usage-error.js'

const HELP = `privacy-gates — membership-inference and model-extraction checks for ML release gates

Usage:
  privacy-gates audit --model NAME [--config FILE] [--attacks LIST] [--markdown]
  privacy-gates cache ls|clear [--config FILE] [--cache DIR]
  privacy-gates check [--config FILE] [--model NAME]
  privacy-gates compare BASE.json HEAD.json [--markdown] [--fail-on-regression]
  privacy-gates history append REPORT.json HISTORY.jsonl [--commit SHA]
  privacy-gates init [--dir DIR] [--force]
  privacy-gates lab [--quick] [--seed N] [--dataset FILE] [--label COL] [--out FILE]
  privacy-gates monitor LOG.jsonl [--between A,B] [--max X] [--statistic psi|ks]
  privacy-gates train-references [--config FILE] [--model NAME] [--shard i/n] [--cache DIR]
  privacy-gates help [command]

Long work (target and surrogate training, reference models, queries) reports progress on stderr:
one updating line on a terminal, a line every few seconds otherwise. --quiet (any command) or
PRIVACY_GATES_PROGRESS=0 silences it.

Commands:
  audit   run membership attacks side by side on one model of the thresholds file
  cache   list or empty the reference cache (answers of shadow and reference models)
  check   run the gates of the thresholds file (privacy-gates.json) outside Vitest
  compare compare two runs' privacy-gates.json gate by gate, with the test used
          (paired DeLong for AUCs on the same records) and whether each change is significant
  history append a run's aggregates to a JSON-lines history (drawn by the HTML report)
  init    write a starter privacy-gates.json and an example test
  lab     train a target on a data set and measure membership AUC, clean accuracy,
          surrogate fidelity and surrogate accuracy (the privacy and extraction lab)
  monitor compare confidence distributions from JSON-lines logs (KS, p-value, PSI);
          exit 1 when over --max
  train-references  train the shadow and reference models the gates need into the
          reference cache, or one share of them (--shard i/n, one per CI machine)

Exit codes (audit, check, lab, monitor):
  0  every gate passed          2  the thresholds file, a data file, a model file or an argument is wrong
  1  a gate failed (leakage)    3  the target could not be measured (unreachable, timed out, bad answers)
  4  an unexpected error (a bug: please report it)
With several models, every model that can be measured is measured; the most severe code wins
(4, then 2, then 3, then 1).
`

const HELPS: Record<string, string> = { audit: AUDIT_HELP, cache: CACHE_HELP, 'train-references': TRAIN_REFERENCES_HELP, check: CHECK_HELP, compare: COMPARE_HELP, history: HISTORY_HELP, init: INIT_HELP, lab: LAB_HELP, monitor: MONITOR_HELP }

/**
 * Runs the CLI with `argv` (without `node` and the script). Returns the exit code, each meaning one
 * thing ({@link EXIT}): 0 every gate passed, 1 a gate failed, 2 the thresholds file, a data file, a
 * model file or an argument is wrong, 3 the target could not be measured, 4 an unexpected error.
 */
export async function main(argv: string[], log = (s: string) => console.log(s), error = (s: string) => console.error(s)): Promise<ExitCode> {
  const quiet = argv.includes('--quiet') || argv.includes('-q')
  if (quiet) setProgress(createProgress({ enabled: false }))
  const [command, ...rest] = argv.filter((a) => a !== '--quiet' && a !== '-q')
  try {
    if (command !== undefined && HELPS[command] && (rest.includes('--help') || rest.includes('-h'))) {
      log(HELPS[command])
      return EXIT.pass
    }
    switch (command) {
      case 'audit':
        await auditCommand(rest, log)
        return EXIT.pass
      case 'cache':
        await cacheCommand(rest, log)
        return EXIT.pass
      case 'check':
        return await checkCommand(rest, log, error)
      case 'compare':
        return (await compareCommand(rest, log)) ? EXIT.pass : EXIT.gateFailed
      case 'history':
        await historyCommand(rest, log, error)
        return EXIT.pass
      case 'init':
        await initCommand(rest, log)
        return EXIT.pass
      case 'lab':
        await labCommand(rest, log)
        return EXIT.pass
      case 'train-references':
        return await trainReferencesCommand(rest, log, error)
      case 'monitor':
        return (await monitorCommand(rest, log, error)) ? EXIT.pass : EXIT.gateFailed
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        log(HELPS[rest[0] ?? ''] ?? HELP)
        return EXIT.pass
      default:
        throw new UsageError(`unknown command "${command}"; expected one of: audit, cache, check, compare, history, init, lab, monitor, train-references, help`)
    }
  } catch (e) {
    error(failureText(e))
    return exitCodeOf(e)
  }
}

/** What the CLI prints for a failure: the message; usage help for a command-line mistake; the stack for a bug. */
export function failureText(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e))
  const code = exitCodeOf(err)
  const usage = err instanceof UsageError || String((err as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')
  if (code === EXIT.unexpected) return `privacy-gates: unexpected error (a bug; please report it with this output):\n${err.stack ?? err.message}`
  return `privacy-gates: ${err.message}${usage ? '\nRun "privacy-gates help" for usage.' : ''}`
}
