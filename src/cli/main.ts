import { createProgress, setProgress } from '../runtime/progress.js'
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

type Log = (s: string) => void

/** A command: its help text and what it does. */
interface Command {
  help: string
  run(rest: string[], log: Log, error: Log): Promise<ExitCode>
}

/**
 * Each command's module, imported when the command runs. Why not imported up front: every command
 * pulls in its own layers (the lab trains, compare reads reports, check builds targets), and a run
 * loads only what it uses — start-up is a large part of a `check` whose reference models all come
 * from the cache.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  audit: async () => { const m = await import('./audit.js'); return { help: m.AUDIT_HELP, run: async (rest, log, error) => { await m.auditCommand(rest, log, error); return EXIT.pass } } },
  cache: async () => { const m = await import('./cache.js'); return { help: m.CACHE_HELP, run: async (rest, log, error) => { await m.cacheCommand(rest, log, error); return EXIT.pass } } },
  check: async () => { const m = await import('./check.js'); return { help: m.CHECK_HELP, run: (rest, log, error) => m.checkCommand(rest, log, error) } },
  compare: async () => { const m = await import('./compare.js'); return { help: m.COMPARE_HELP, run: async (rest, log) => ((await m.compareCommand(rest, log)) ? EXIT.pass : EXIT.gateFailed) } },
  history: async () => { const m = await import('./history.js'); return { help: m.HISTORY_HELP, run: async (rest, log, error) => { await m.historyCommand(rest, log, error); return EXIT.pass } } },
  init: async () => { const m = await import('./init.js'); return { help: m.INIT_HELP, run: async (rest, log) => { await m.initCommand(rest, log); return EXIT.pass } } },
  lab: async () => { const m = await import('./lab.js'); return { help: m.LAB_HELP, run: async (rest, log) => { await m.labCommand(rest, log); return EXIT.pass } } },
  monitor: async () => { const m = await import('./monitor.js'); return { help: m.MONITOR_HELP, run: async (rest, log, error) => ((await m.monitorCommand(rest, log, error)) ? EXIT.pass : EXIT.gateFailed) } },
  'train-references': async () => { const m = await import('./train-references.js'); return { help: m.TRAIN_REFERENCES_HELP, run: (rest, log, error) => m.trainReferencesCommand(rest, log, error) } },
}

/**
 * Runs the CLI with `argv` (without `node` and the script). Returns the exit code, each meaning one
 * thing ({@link EXIT}): 0 every gate passed, 1 a gate failed, 2 the thresholds file, a data file, a
 * model file or an argument is wrong, 3 the target could not be measured, 4 an unexpected error.
 */
export async function main(argv: string[], log: Log = (s) => console.log(s), error: Log = (s) => console.error(s)): Promise<ExitCode> {
  const quiet = argv.includes('--quiet') || argv.includes('-q')
  if (quiet) setProgress(createProgress({ enabled: false }))
  const [command, ...rest] = argv.filter((a) => a !== '--quiet' && a !== '-q')
  try {
    const load = command === undefined || !Object.hasOwn(COMMANDS, command) ? undefined : COMMANDS[command]
    if (load !== undefined) {
      const c = await load()
      if (rest.includes('--help') || rest.includes('-h')) {
        log(c.help)
        return EXIT.pass
      }
      return await c.run(rest, log, error)
    }
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0]
        log(topic !== undefined && Object.hasOwn(COMMANDS, topic) ? (await COMMANDS[topic]()).help : HELP)
        return EXIT.pass
      }
      default:
        throw new UsageError(`unknown command "${command}"; expected one of: ${[...Object.keys(COMMANDS), 'help'].join(', ')}`)
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
