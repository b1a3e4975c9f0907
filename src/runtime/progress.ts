/** Where progress goes: stderr by default. */
export interface ProgressStream {
  write(text: string): unknown
  /** On a terminal one line updates in place; elsewhere (CI logs, pipes) lines are appended. */
  isTTY?: boolean
}

/** How {@link createProgress} reports. Every field has a default; tests inject `stream` and `now`. */
export interface ProgressOptions {
  /** Default `process.stderr`. */
  stream?: ProgressStream
  /** Milliseconds clock. Default `Date.now`. */
  now?: () => number
  /** `false` silences everything. Default true. */
  enabled?: boolean
  /** Not a TTY: milliseconds between two lines of one task. Default 5000. */
  interval?: number
  /** On a TTY: milliseconds between two redraws. Default 100. */
  redraw?: number
}

/** One piece of long work: its steps counted up to `total`. */
export interface ProgressTask {
  /** `steps` more done (default 1). */
  tick(steps?: number): void
  /** The work finished (or failed): end the line. Idempotent. */
  done(): void
}

/** Starts progress tasks. */
export interface Progress {
  readonly enabled: boolean
  /** A task named `label` of `total` steps in `unit` (e.g. "epochs"). */
  start(label: string, total: number, unit?: string): ProgressTask
}

const SILENT_TASK: ProgressTask = { tick() {}, done() {} }

/**
 * Progress lines for long work (surrogate epochs, reference models, query batches), with the time
 * so far and, until the work is done, an ETA from the rate so far. On a TTY one
 * line is redrawn in place (`\r`, at most every `redraw` ms) and ended when the task is done; on
 * anything else a plain line is written at most every `interval` ms, and a last line when a task
 * that printed one is done, so short tasks leave CI logs untouched. Disabled, it writes nothing.
 */
export function createProgress(options: ProgressOptions = {}): Progress {
  const enabled = options.enabled ?? true
  const stream = options.stream ?? process.stderr
  const now = options.now ?? Date.now
  const tty = Boolean(stream.isTTY)
  const gap = tty ? (options.redraw ?? 100) : (options.interval ?? 5000)
  return {
    enabled,
    start(label, total, unit = '') {
      if (!enabled) return SILENT_TASK
      const t0 = now()
      let done = 0
      let last = t0
      let printed = false
      let finished = false
      const text = () => {
        const pct = total > 0 ? ` (${Math.floor((100 * Math.min(done, total)) / total)}%)` : ''
        const elapsed = (now() - t0) / 1000
        // The rate so far times what is left: long streamed audits say when they will end.
        const eta = done > 0 && done < total ? `, ETA ${((elapsed * (total - done)) / done).toFixed(1)} s` : ''
        return `privacy-gates: ${label}: ${Math.min(done, total)}/${total}${unit ? ` ${unit}` : ''}${pct}, ${elapsed.toFixed(1)} s${eta}`
      }
      const show = () => {
        stream.write(tty ? `\r\u001b[2K${text()}` : `${text()}\n`)
        printed = true
        last = now()
      }
      return {
        tick(steps = 1) {
          if (finished) return
          done += steps
          if (now() - last >= gap) show()
        },
        done() {
          if (finished) return
          finished = true
          if (tty) {
            if (printed || now() - t0 >= gap) stream.write(`\r\u001b[2K${text()}\n`)
          } else if (printed) {
            stream.write(`${text()} done\n`)
          }
        },
      }
    },
  }
}

/**
 * Whether progress is on by default: `PRIVACY_GATES_PROGRESS` decides when set (`1`/`true` on,
 * `0`/`false` off); otherwise on, except inside Vitest (`VITEST` set), where a test's output should
 * stay the reporter's (turn it on with the plugin option `progress: true`).
 */
export function progressEnabledByDefault(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.PRIVACY_GATES_PROGRESS
  if (v !== undefined && v !== '') return v === '1' || v.toLowerCase() === 'true'
  return env.VITEST === undefined
}

let current: Progress | undefined

/** The process's progress reporter (created on first use, see {@link progressEnabledByDefault}). */
export function progress(): Progress {
  current ??= createProgress({ enabled: progressEnabledByDefault() })
  return current
}

/**
 * Replaces the process's progress reporter (the CLI's `--quiet` sets a disabled one; tests inject
 * a stream and a clock). `undefined` goes back to the default.
 */
export function setProgress(p: Progress | undefined): void {
  current = p
}
