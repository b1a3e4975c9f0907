import { toDense, type Dataset, type DenseDataset } from '../../data/dataset.js'
import { isDatasetStream, readWhole, type DatasetStream } from '../../data/dataset-stream.js'
import { recordsDigest } from '../../data/digest.js'
import { recordIds } from '../../data/record-ids.js'
import { resolveReferenceCache } from '../../runtime/cache/location.js'
import { progress } from '../../runtime/progress.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import { toTarget } from '../../targets/to-target.js'
import type { TargetLike } from '../../targets/target.js'
import { checkFeatures, checkLabels, seedOption } from '../validate.js'
import { checkDelta } from '../../privacy/checks.js'
import type { AttackContext, AttackScores, MembershipAttack } from './attack.js'
import { membershipAttackIds, membershipAttacks } from './registry.js'
import { checkAttackSettings } from './settings.js'
import { summarizeScores } from './summarize.js'
import { membershipPairing } from './pairing.js'
import { recordExposure } from './exposure.js'
import { scoreAnswersInChunks, type RecordSet } from './answer-chunks.js'
import {
  EXPOSURE_ATTACK_IDS, GIVEN_OUTPUTS_ATTACK_IDS, needsPool, runsOnGivenOutputs,
  type AttackSettings, type MembershipAttackId, type MembershipOptions, type MembershipResult, type PredictionsAuditOptions, type SuiteResult,
} from './types.js'
import { isPredictionsTarget, type PredictionsTarget } from '../../targets/predictions/types.js'

/**
 * Runs a membership-inference attack against `target` and returns aggregates (AUC with its DeLong
 * interval, the advantage with its DKW–Massart interval, TPR at low FPR with bootstrap intervals, the
 * worst class). The target is queried once per member and non-member; `label-noise` adds its
 * perturbed copies.
 *
 * `attack: 'strongest'` runs every attack of `suite` (default: all that the interface and the data
 * allow) and returns the one with the highest AUC, with every result in `results`.
 *
 * A predictions target (`predictionsTarget`, outputs computed elsewhere) brings its own answers,
 * labels and reference outputs: no members, non-members or pool are passed, nothing is queried or
 * trained, and only the attacks that run on given outputs apply.
 *
 * @example
 * const result = await auditMembership(model, { members, nonMembers, attack: 'loss' })
 * result.auc // 0.5 ≈ random guessing, higher = stronger membership signal
 * const lira = await auditMembership(model, { members, nonMembers, pool, attack: 'lira', settings: { k: 8 } })
 * const given = await auditMembership(await predictionsTarget({ outputs, labels, membership, references }), { attack: 'lira' })
 */
export async function auditMembership(target: PredictionsTarget, options: PredictionsAuditOptions & { attack: 'strongest' }): Promise<SuiteResult>
export async function auditMembership(target: PredictionsTarget, options: PredictionsAuditOptions): Promise<MembershipResult>
export async function auditMembership(target: TargetLike, options: MembershipOptions & { attack: 'strongest' }): Promise<SuiteResult>
export async function auditMembership(target: TargetLike, options: MembershipOptions): Promise<MembershipResult>
export async function auditMembership(target: TargetLike, options?: MembershipOptions | PredictionsAuditOptions): Promise<MembershipResult> {
  if (options === undefined && isPredictionsTarget(target)) options = {}
  if (options === null || typeof options !== 'object') {
    throw new TypeError('auditMembership: expected options { members, nonMembers, attack?, seed? }')
  }
  const requested = options.attack ?? SCHEMA_DEFAULTS.MembershipAttack
  if (requested !== 'strongest') attackById(requested, 'attack')
  const seed = seedOption(options.seed)
  const fprLevels = options.fprLevels ?? []
  for (const f of fprLevels) {
    if (typeof f !== 'number' || !(f > 0 && f <= 1)) throw new RangeError(`fprLevels: expected FPR levels in (0, 1], found ${String(f)}`)
  }
  const delta = options.delta
  if (delta !== undefined) checkDelta(delta, 'delta')
  const riskLevels = options.riskLevels ?? []
  if (!Array.isArray(riskLevels)) throw new TypeError('riskLevels: expected an array of per-record risk levels in (0, 1)')
  for (const r of riskLevels) {
    if (typeof r !== 'number' || !(r > 0 && r < 1)) throw new RangeError(`riskLevels: expected per-record risk levels in (0, 1), found ${String(r)}`)
  }
  const intervals = flag(options.intervals, 'intervals', true)
  const charts = flag(options.charts, 'charts', false)
  const settings = checkAttackSettings(options.settings)
  const cache = resolveReferenceCache(options.cache, { what: 'cache' })
  const run: SuiteRun = { requested, seed, fprLevels, delta, intervals, charts, riskLevels, cache }

  let results: MembershipResult[]
  if (isPredictionsTarget(target)) {
    const ctx = givenContext(target, seed, settings)
    const suite = requested === 'strongest' ? suiteFor(options.suite, ctx) : [attackById(requested, 'attack')]
    if (requested !== 'strongest') checkUsable(suite[0], ctx)
    // Given outputs identify the records by the answers and labels (no features were given).
    const records = charts ? recordsDigest({ x: ctx.memberAnswers, y: ctx.members.y }, { x: ctx.nonMemberAnswers, y: ctx.nonMembers.y }) : undefined
    results = await scoreSuite(suite, ctx, run, records, undefined)
  } else {
    const o = options as MembershipOptions
    const memberSet = recordSet(o.members, 'members')
    const nonMemberSet = recordSet(o.nonMembers, 'nonMembers')
    // Exposed members are named by their ids when the data carry them, else by row index.
    const ids = 'dense' in memberSet ? recordIds(o.members as Dataset, memberSet.dense.y.length, 'members') : undefined
    const pool = o.pool === undefined ? undefined : toDense(o.pool, 'pool')
    const t = toTarget(target)
    checkFeatures(t, [['members', shapeOf(memberSet)], ['nonMembers', shapeOf(nonMemberSet)], ...(pool ? [['pool', pool.x] as [string, { cols: number }]] : [])])
    const suite = requested === 'strongest' ? suiteFor(o.suite, { target: t, pool }) : [attackById(requested, 'attack')]
    if (requested !== 'strongest') checkUsable(suite[0], { target: t, pool })

    if (suite.every((a) => a.scoreAnswers !== undefined)) {
      // Every attack scores a record from its answer alone: score chunk by chunk, keep only scores.
      const chunked = await scoreAnswersInChunks(t, [memberSet, nonMemberSet], suite.map((a) => a.scoreAnswers!), { digest: charts })
      if (pool) checkLabels(pool, chunked.classes, 'pool')
      results = suite.map((attack, i) => summarize(attack, chunked.scores[i], chunked.labels, run, chunked.records))
    } else {
      // Attacks that need every record and answer at once (query perturbations, reference models):
      // a streamed set is read whole here, as float32 (docs/large-evaluation-sets.md).
      const members = await denseOf(memberSet)
      const nonMembers = await denseOf(nonMemberSet)
      // Progress of these queries is the target's own (per batch, see createTarget).
      const memberAnswers = await t.query(members.x)
      checkLabels(members, memberAnswers.cols, 'members')
      const nonMemberAnswers = await t.query(nonMembers.x)
      checkLabels(nonMembers, nonMemberAnswers.cols, 'nonMembers')
      if (pool) checkLabels(pool, memberAnswers.cols, 'pool')
      const ctx: AttackContext = {
        target: t, members, nonMembers, memberAnswers, nonMemberAnswers, classes: memberAnswers.cols, pool, seed, settings,
        ...(o.referenceTraining ? { referenceTraining: o.referenceTraining } : {}),
      }
      results = await scoreSuite(suite, ctx, run, charts ? recordsDigest(members, nonMembers) : undefined, ids)
    }
  }
  if (requested !== 'strongest') return results[0]
  const worst = results.reduce((a, b) => (b.auc > a.auc ? b : a))
  const suiteResult: SuiteResult = { ...worst, results }
  return suiteResult
}

/** What every attack of one audit shares: the request and how to summarise. */
interface SuiteRun {
  requested: MembershipAttackId | 'strongest'
  seed: number
  fprLevels: number[]
  delta: number | undefined
  intervals: boolean
  charts: boolean
  riskLevels: number[]
  cache: ReturnType<typeof resolveReferenceCache>
}

/** One attack's summary, with its pairing components when the records' fingerprint was taken. */
function summarize(attack: MembershipAttack, scores: AttackScores, labels: { members: Int32Array; nonMembers: Int32Array }, run: SuiteRun, records: string | undefined): MembershipResult {
  const summary = summarizeScores(attack.id, scores, labels, run.seed, run.fprLevels, run.delta, { intervals: run.intervals, charts: run.charts })
  return { ...summary, ...(scores.tuned ? { tuned: scores.tuned } : {}), ...(records === undefined ? {} : { pairing: membershipPairing(records, scores) }) }
}

/**
 * Runs the attacks of `suite` on `ctx` one after the other: each trains its reference models
 * through the cache (counted), and those calibrated per record list the exposed members.
 */
async function scoreSuite(
  suite: MembershipAttack[], ctx: AttackContext, run: SuiteRun, records: string | undefined, ids: readonly (string | number)[] | undefined,
): Promise<MembershipResult[]> {
  const results: MembershipResult[] = []
  const labels = { members: ctx.members.y, nonMembers: ctx.nonMembers.y }
  const attacks = progress().start(`membership: ${run.requested === 'strongest' ? 'attack suite' : `attack ${run.requested}`}`, suite.length, 'attacks')
  try {
    for (const attack of suite) {
      const tally = { trained: 0, cached: 0 }
      const scores = await attack.score({ ...ctx, referenceTraining: { ...ctx.referenceTraining, cache: run.cache, tally } })
      // Exposure keeps the ids and risks of the members at risk only: no score goes further.
      const perRecord = (EXPOSURE_ATTACK_IDS as readonly string[]).includes(attack.id)
      const exposure = run.riskLevels.length > 0 && perRecord ? recordExposure(scores.members, scores.nonMembers, run.riskLevels, ids) : undefined
      results.push({
        ...summarize(attack, scores, labels, run, records),
        ...(tally.trained + tally.cached > 0 ? { referenceModels: tally } : {}),
        ...(exposure ? { exposure } : {}),
      })
      attacks.tick()
    }
  } finally {
    attacks.done()
  }
  return results
}

/**
 * The context of outputs computed elsewhere: answers and labels from the predictions target; the
 * records themselves were not given, so their feature matrices have no columns.
 */
function givenContext(target: PredictionsTarget, seed: number, settings: AttackSettings): AttackContext {
  const noFeatures = (rows: number) => ({ data: new Float32Array(0), rows, cols: 0 })
  const { members, nonMembers } = target
  return {
    target,
    members: { x: noFeatures(members.labels.length), y: members.labels },
    nonMembers: { x: noFeatures(nonMembers.labels.length), y: nonMembers.labels },
    memberAnswers: members.answers,
    nonMemberAnswers: nonMembers.answers,
    classes: target.classes,
    seed,
    settings,
    given: target,
  }
}

/** Members or non-members, held (checked now, features checked chunk by chunk later) or streamed. */
function recordSet(ds: Dataset | DatasetStream, what: 'members' | 'nonMembers'): RecordSet {
  if (isDatasetStream(ds)) {
    if (ds.rows < 2) throw new RangeError(`${what}: has ${ds.rows} record; at least 2 are needed to estimate an AUC and its interval`)
    return { what, stream: ds }
  }
  const dense = toDense(ds, what, { finite: false })
  if (dense.y.length < 2) throw new RangeError(`${what}: has 1 record; at least 2 are needed to estimate an AUC and its interval`)
  return { what, dense }
}

function shapeOf(set: RecordSet): { cols: number } {
  return { cols: 'dense' in set ? set.dense.x.cols : set.stream.features }
}

/** The set as one matrix: a held set after its feature check, a streamed one read whole. */
async function denseOf(set: RecordSet): Promise<DenseDataset> {
  if ('stream' in set) return readWhole(set.stream)
  return toDense({ x: set.dense.x, y: set.dense.y, ...(set.dense.recordShape ? { recordShape: set.dense.recordShape } : {}) }, set.what)
}

function flag(v: unknown, what: string, fallback: boolean): boolean {
  if (v === undefined) return fallback
  if (typeof v !== 'boolean') throw new TypeError(`${what}: expected true or false, found ${typeof v}`)
  return v
}

function attackById(id: unknown, what: string): MembershipAttack {
  const attack = typeof id === 'string' ? membershipAttacks[id as MembershipAttackId] : undefined
  if (!attack) {
    throw new RangeError(`${what}: unknown membership attack "${String(id)}"; expected one of ${membershipAttackIds.join(', ')}, or strongest`)
  }
  return attack
}

/** What {@link checkUsable} looks at: the target, the pool, and the predictions target when the outputs were given. */
type Usable = Pick<AttackContext, 'target' | 'pool' | 'given'>

/** Refuses an attack the interface or the data cannot support, saying what would work. */
function checkUsable(attack: MembershipAttack, ctx: Usable): void {
  const { target, pool, given } = ctx
  if (given !== undefined) {
    if (!runsOnGivenOutputs(attack.id)) {
      throw new RangeError(
        `attack "${attack.id}" needs queries or training on pool records, and the target "${target.name}" holds outputs read from files; ` +
          `attacks that run on given outputs: ${GIVEN_OUTPUTS_ATTACK_IDS.join(', ')}`,
      )
    }
    return
  }
  if (attack.needs === 'probabilities' && target.outputMode === 'label') {
    const remain = membershipAttackIds.filter((id) => membershipAttacks[id]?.needs === 'labels')
    throw new RangeError(
      `attack "${attack.id}" needs probabilities, but the target "${target.name}" answers with labels only; ` +
        `attacks that work on labels: ${remain.join(', ')}`,
    )
  }
  if (needsPool(attack.id) && !pool) {
    throw new TypeError(
      `attack "${attack.id}" trains models of its own on the attacker's labelled records: pass pool (a labelled Dataset, disjoint from the members)`,
    )
  }
}

/**
 * Why attack `id` cannot run on the outputs a predictions target brings, or `undefined` when it
 * can: the one rule for the default suite here and the `audit` command's skips.
 */
export function givenOutputsGap(id: MembershipAttackId, given: PredictionsTarget): string | undefined {
  if (!runsOnGivenOutputs(id)) return 'needs queries'
  if ((id === 'lira' || id === 'rmia') && given.references === undefined) return 'needs reference outputs'
  if (id === 'rmia' && (given.population === undefined || given.references?.population === undefined)) return 'needs population records with the reference models\' outputs on them'
  return undefined
}

/**
 * The attacks of a `strongest` run: the given suite (each checked), or all that can run here — on
 * given outputs, those that need no query, with lira only when reference outputs were given and
 * rmia only when population records were too.
 */
function suiteFor(ids: MembershipAttackId[] | undefined, ctx: Usable): MembershipAttack[] {
  if (ids !== undefined) {
    if (!Array.isArray(ids) || ids.length === 0) throw new RangeError('suite: expected a non-empty list of attack ids')
    const attacks = ids.map((id, i) => attackById(id, `suite[${i}]`))
    for (const a of attacks) checkUsable(a, ctx)
    return attacks
  }
  const { target, pool, given } = ctx
  return membershipAttackIds
    .map((id) => membershipAttacks[id]!)
    .filter((a) => {
      if (given === undefined) return (a.needs === 'labels' || target.outputMode !== 'label') && (!needsPool(a.id) || pool !== undefined)
      return givenOutputsGap(a.id, given) === undefined
    })
}
