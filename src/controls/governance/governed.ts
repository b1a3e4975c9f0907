import type { Matrix } from '../../data/matrix.js'
import type { Target, TargetLike } from '../../targets/target.js'
import { toTarget } from '../../targets/to-target.js'
import { createGovernor, type Governor, type GovernorOptions } from './governor.js'

/** Options of {@link governed}. */
export interface GovernedOptions extends GovernorOptions {
  /** Client id under which this target's queries are governed. Default `"default"`. */
  client?: string
  /** Share one governor between several governed targets (several clients); its options win. */
  governor?: Governor
  /** Time source in ms (default `Date.now`); tests pass a fake clock. */
  clock?: () => number
}

/** A governed target: a {@link Target} plus the governor that watches it. */
export interface GovernedTarget extends Target {
  readonly governor: Governor
  readonly client: string
}

/** Raised when the governor refuses a query (rate limit, or a blocked flagged client). */
export class QueryRefusedError extends Error {
  override name = 'QueryRefusedError'
  /**
   * @param message what was refused and why
   * @param retryAfterMs ms until a retry could pass (`Infinity`: never)
   * @param reason the governor's reason
   */
  constructor(message: string, readonly retryAfterMs: number, readonly reason: string) {
    super(message)
  }
}

/**
 * Puts query governance in front of a target: every query is logged (client, time, rows, SHA-256),
 * rate-limited and fed to the PRADA detector (see {@link createGovernor}). A refused query throws a
 * {@link QueryRefusedError} carrying `retryAfterMs` — the wrapper never sleeps. Answers are the
 * inner target's, unchanged; detection only flags (unless `blockFlagged`).
 *
 * @example
 * const t = governed(model, { client: 'attacker', rateLimit: { rate: 50, burst: 100 } })
 * await t.query(rows)
 * t.governor.client('attacker').flagged
 */
export function governed(target: TargetLike, options: GovernedOptions = {}): GovernedTarget {
  const inner = toTarget(target)
  const { client = 'default', governor: shared, clock = Date.now, ...governorOptions } = options
  const governor = shared ?? createGovernor(governorOptions, clock)
  if (typeof client !== 'string' || client === '') throw new TypeError(`governed: options.client: expected a non-empty string, found ${JSON.stringify(client)}`)
  let count = 0
  return {
    name: `${inner.name} | governed`,
    features: inner.features,
    outputMode: inner.outputMode,
    governor,
    client,
    get queryCount() {
      return count
    },
    async query(rows: Matrix): Promise<Matrix> {
      const now = clock()
      const a = governor.admit(client, rows, now)
      if (!a.allowed) {
        const wait = a.retryAfterMs === Infinity ? 'never (the request is larger than the burst, or the client is blocked)' : `in ${a.retryAfterMs} ms`
        throw new QueryRefusedError(`governed target "${inner.name}": client "${client}": ${rows.rows} rows refused (${a.reason}); retry ${wait}`, a.retryAfterMs, a.reason as string)
      }
      const answers = await inner.query(rows)
      count += rows.rows
      governor.observe(client, rows, answers, now)
      return answers
    },
  }
}
