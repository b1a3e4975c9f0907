import { toDense, type Dataset, type DenseDataset } from '../../data/dataset.js'
import { isDatasetStream, readWhole, type DatasetStream } from '../../data/dataset-stream.js'
import { recordsDigest } from '../../data/digest.js'
import { initBackend } from '../../runtime/backend.js'
import { progress } from '../../runtime/progress.js'
import { toTarget } from '../../targets/to-target.js'
import type { Target, TargetLike } from '../../targets/target.js'
import { checkFeatures, checkLabels, seedOption } from '../validate.js'
import { checkDelta } from '../../privacy/checks.js'
import type { AttackContext, AttackScores, MembershipAttack } from './attack.js'
import { membershipAttackIds, membershipAttacks } from './registry.js'
import { checkAttackSettings } from './settings.js'
import { summarizeScores } from './summarize.js'
import { membershipPairing } from './pairing.js'
import { scoreAnswersInChunks, type RecordSet } from './answer-chunks.js'
import { needsPool, type MembershipAttackId, type MembershipOptions, type MembershipResult, type SuiteResult } from './types.js'

/**
 * Runs a membership-inference attack against `target` and returns aggregates (AUC with its DeLong
 * interval, advantage and TPR at low FPR with bootstrap intervals, the worst class). The target is
 * queried once per member and non-member; `label-noise` adds its perturbed copies.
 *
 * `attack: 'strongest'` runs every attack of `suite` (default: all that the interface and the data
 * allow) and returns the one with the highest AUC, with every result in `results`.
 *
 * @example
 * const result = await auditMembership(model, { members, nonMembers, attack: 'loss' })
 * result.auc // 0.5 ≈ random guessing, higher = stronger membership signal
 * const lira = await auditMembership(model, { members, nonMembers, pool, attack: 'lira', settings: { k: 8 } })
 */
export async function auditMembership(target: TargetLike, options: MembershipOptions & { attack: 'strongest' }): Promise<SuiteResult>
export async function auditMembership(target: TargetLike, options: MembershipOptions): Promise<MembershipResult>
export async function auditMembership(target: TargetLike, options: MembershipOptions): Promise<MembershipResult> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('auditMembership: expected options { members, nonMembers, attack?, seed? }')
  }
  const requested = options.attack ?? 'max-confidence'
  if (requested !== 'strongest') attackById(requested, 'attack')
  const seed = seedOption(options.seed)
  const fprLevels = options.fprLevels ?? []
  for (const f of fprLevels) {
    if (typeof f !== 'number' || !(f > 0 && f <= 1)) throw new RangeError(`fprLevels: expected FPR levels in (0, 1], found ${String(f)}`)
  }
  const delta = options.delta
  if (delta !== undefined) checkDelta(delta, 'delta')
  const intervals = flag(options.intervals, 'intervals', true)
  const charts = flag(options.charts, 'charts', false)
  const memberSet = recordSet(options.members, 'members')
  const nonMemberSet = recordSet(options.nonMembers, 'nonMembers')
  const pool = options.pool === undefined ? undefined : toDense(options.pool, 'pool')
  await initBackend()
  const t = toTarget(target)
  checkFeatures(t, [['members', shapeOf(memberSet)], ['nonMembers', shapeOf(nonMemberSet)], ...(pool ? [['pool', pool.x] as [string, { cols: number }]] : [])])

  const suite = requested === 'strongest' ? suiteFor(options.suite, t, pool) : [attackById(requested, 'attack')]
  if (requested !== 'strongest') checkUsable(suite[0], t, pool)
  const summaryOptions = { intervals, charts }
  const summarize = (attack: MembershipAttack, scores: AttackScores, labels: { members: Int32Array; nonMembers: Int32Array }, records: string | undefined) => {
    const summary = summarizeScores(attack.id, scores, labels, seed, fprLevels, delta, summaryOptions)
    return records === undefined ? summary : { ...summary, pairing: membershipPairing(records, scores) }
  }

  const results: MembershipResult[] = []
  if (suite.every((a) => a.scoreAnswers !== undefined)) {
    // Every attack scores a record from its answer alone: score chunk by chunk, keep only scores.
    const chunked = await scoreAnswersInChunks(t, [memberSet, nonMemberSet], suite.map((a) => a.scoreAnswers!), { digest: charts })
    if (pool) checkLabels(pool, chunked.classes, 'pool')
    suite.forEach((attack, i) => results.push(summarize(attack, chunked.scores[i], chunked.labels, chunked.records)))
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
      target: t, members, nonMembers, memberAnswers, nonMemberAnswers, classes: memberAnswers.cols, pool, seed,
      settings: checkAttackSettings(options.settings),
      ...(options.referenceTraining ? { referenceTraining: options.referenceTraining } : {}),
    }
    const records = charts ? recordsDigest(members, nonMembers) : undefined
    const attacks = progress().start(`membership: ${requested === 'strongest' ? 'attack suite' : `attack ${requested}`}`, suite.length, 'attacks')
    try {
      for (const attack of suite) {
        results.push(summarize(attack, await attack.score(ctx), { members: members.y, nonMembers: nonMembers.y }, records))
        attacks.tick()
      }
    } finally {
      attacks.done()
    }
  }
  if (requested !== 'strongest') return results[0]
  const worst = results.reduce((a, b) => (b.auc > a.auc ? b : a))
  const suiteResult: SuiteResult = { ...worst, results }
  return suiteResult
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
  return toDense({ x: set.dense.x, y: set.dense.y }, set.what)
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

/** Refuses an attack the interface or the data cannot support, saying what would work. */
function checkUsable(attack: MembershipAttack, target: Target, pool: DenseDataset | undefined): void {
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

/** The attacks of a `strongest` run: the given suite (each checked), or all that can run here. */
function suiteFor(ids: MembershipAttackId[] | undefined, target: Target, pool: DenseDataset | undefined): MembershipAttack[] {
  if (ids !== undefined) {
    if (!Array.isArray(ids) || ids.length === 0) throw new RangeError('suite: expected a non-empty list of attack ids')
    const attacks = ids.map((id, i) => attackById(id, `suite[${i}]`))
    for (const a of attacks) checkUsable(a, target, pool)
    return attacks
  }
  return membershipAttackIds
    .map((id) => membershipAttacks[id]!)
    .filter((a) => (a.needs === 'labels' || target.outputMode !== 'label') && (!needsPool(a.id) || pool !== undefined))
}
