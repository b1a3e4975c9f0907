import { auditExtraction } from '../attacks/extraction/audit.js'
import type { ExtractionOptions, ExtractionResult } from '../attacks/extraction/types.js'
import { toDense, type Dataset } from '../data/dataset.js'
import { takeRows } from '../data/matrix.js'
import { createRng } from '../data/rng.js'
import { permutation } from '../data/split.js'
import { toTarget } from '../targets/to-target.js'
import type { TargetLike } from '../targets/target.js'
import { governed } from '../controls/governance/governed.js'
import { createGovernor } from '../controls/governance/governor.js'
import { PRADA_DELTA, type PradaOptions } from '../controls/governance/prada.js'

/** Options of {@link measureDetection}: an extraction attack plus the detector and benign traffic. */
export type DetectionOptions = Omit<ExtractionOptions, 'budgets' | 'uniformPoints'> & {
  /** Queries within which the detector must flag the attacker; also the attack's default budget. */
  within: number
  /** PRADA settings. */
  detector?: PradaOptions
  /**
   * Benign traffic: records benign clients send (default the evaluation set). Each benign client
   * sends min(`within`, records) of them, a seeded random sample without repeats, in random order.
   */
  benign?: Dataset
  /** Number of benign clients. Default 5. */
  benignClients?: number
}

/** What {@link measureDetection} measured. Aggregates only. */
export interface DetectionResult {
  strategy: string
  within: number
  /** Whether the detector flagged the attacker during the attack's own queries. */
  flagged: boolean
  /** Attack query (1-based) at which it first flagged; null when it did not during the attack. */
  flaggedAt: number | null
  /** W when it flagged, else the attacker's last W (null when never tested). */
  w: number | null
  queriesUsed: number
  /** The attack's outcome (its surrogate still trains: flagging does not block). */
  fidelity: number
  /** Benign clients, how many were flagged, and queries each sent. */
  benignClients: number
  benignFlagged: number
  benignQueriesPerClient: number
  /** benignFlagged / benignClients. */
  falseFlagRate: number
  delta: number
  seed: number
}

/**
 * Runs the extraction attack (`auditExtraction`, any strategy) through a governed interface as
 * client `attacker`, and the same detector on benign clients replaying (shuffled) evaluation records,
 * and reports when the attacker was flagged and how many benign clients were. Nothing is
 * rate-limited here: this measures detection, not throttling.
 *
 * @example
 * const r = await measureDetection(model, { pool, evaluation, within: 600, strategy: 'augment' })
 * r.flaggedAt        // e.g. 180
 * r.falseFlagRate    // e.g. 0
 */
export async function measureDetection(target: TargetLike, options: DetectionOptions): Promise<DetectionResult> {
  if (options === null || typeof options !== 'object') throw new TypeError('measureDetection: expected options { within, pool, evaluation, ... }')
  const { within, detector = {}, benign, benignClients = 5, ...attack } = options
  if (!Number.isInteger(within) || within < 1) throw new RangeError(`within: expected a positive integer (queries), found ${String(within)}`)
  const seed = attack.seed ?? 0
  const inner = toTarget(target)
  const governor = createGovernor({ detector })
  const delta = detector.delta ?? PRADA_DELTA
  const attacker = governed(inner, { governor, client: 'attacker' })
  // The auditor's evaluation queries go through the same client after the attack's; only flags
  // raised within the attack's own queries count.
  const r: ExtractionResult = await auditExtraction(attacker, { ...attack, budget: attack.budget ?? within, uniformPoints: 0 })
  const state = governor.client('attacker')
  const flaggedAt = state.flaggedAt !== null && state.flaggedAt <= r.queriesUsed ? state.flaggedAt : null

  const records = toDense(benign ?? attack.evaluation, benign ? 'benign' : 'evaluation').x
  if (!Number.isInteger(benignClients) || benignClients < 1) throw new RangeError(`benignClients: expected a positive integer, found ${String(benignClients)}`)
  const rng = createRng(seed).fork()
  const per = Math.min(within, records.rows)
  const clients = benignClients
  let benignFlagged = 0
  for (let c = 0; c < clients; c++) {
    const rows = takeRows(records, permutation(records.rows, rng).subarray(0, per))
    const id = `benign-${c}`
    governor.admit(id, rows)
    governor.observe(id, rows, await inner.query(rows))
    if (governor.client(id).flagged) benignFlagged++
  }
  return {
    strategy: r.strategy, within, flagged: flaggedAt !== null, flaggedAt,
    w: flaggedAt !== null ? state.flaggedW : state.w, queriesUsed: r.queriesUsed, fidelity: r.fidelity,
    benignClients: clients, benignFlagged, benignQueriesPerClient: per, falseFlagRate: benignFlagged / clients, delta, seed,
  }
}
